"""The admin upload's child process: ``ingest.uploads``' ingest, then the written partitions'
catalogue tables (and, for a large partition, its HNSW index) built and saved before it exits.

The app's refresh then maps those tables instead of building them: that read the new chunks'
vectors from Chroma, which loads the partition's whole Chroma HNSW index into the reader for
good (+59 MB for one document of a 26 k-chunk partition), and built the table in the app's heap
(≈ 150 MB at the peak; docs/experiments-scale.md, session 18). Here the written partition's
index is loaded anyway (the write needed it). The tables are built from the saved tables of the
index as it was, mapped before the write; best effort: on any failure the app builds them as
before. In ``web`` because it joins two stages (ingest must not import the retriever).

    python -m web.upload_child LEVEL PATH…   (settings as JSON on stdin; see ingest.uploads)
"""

from __future__ import annotations

import logging
from typing import Callable

from clausier.settings import Settings  # first: sets the offline switches

from clausier.index.vectors import VectorStore
from ingest.uploads import run_child

log = logging.getLogger(__name__)

MODULE = "web.upload_child"
NEIGHBOURS_TIMEOUT = 600.0  # seconds the child waits for a written partition's HNSW index (≈ 2-5 s at 26 k rows)


def save_tables(settings: Settings) -> Callable[[], None]:
    """Map the saved tables now; the returned call, made after the write, saves the new ones and
    the HNSW indexes of those that need one."""
    from retriever.catalogue import Catalogue
    from retriever.factory import neighbour_dir, table_dir

    try:
        catalogue = Catalogue(VectorStore(settings), table_dir=table_dir(settings),
                              neighbour_dir=neighbour_dir(settings))
        before = {level: part.key for level, part in catalogue.sync().partitions.items()}
    except Exception:
        log.warning("upload_tables_not_read", exc_info=True)
        return lambda: None

    def after() -> None:
        try:
            view = catalogue.sync(force=True)
            # the app then loads a written partition's index instead of searching its table
            # exactly and building the index in a child beside it (docs/experiments-scale.md)
            for level, part in view.partitions.items():
                if part.key and part.key != before.get(level):
                    part.neighbours.wait(timeout=NEIGHBOURS_TIMEOUT)
        except Exception:
            log.warning("upload_tables_not_saved", exc_info=True)

    return after


if __name__ == "__main__":
    raise SystemExit(run_child(save_tables))
