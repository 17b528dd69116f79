"""The synthetic index of the scale benchmark, built without embedding anything.

Each copy of a corpus document gets a renamed organisation and document id, a level drawn in
0–3, one sentence swapped between two of its chunks, and the real embeddings plus small
Gaussian noise (renormalised). Copies are written through ``VectorStore.upsert`` like an ingest,
with their answer passages as ingest stores them: each copy's passage takes the vector of the
source passage it was renamed from (or, for a swapped sentence, of the source passage quoting
the same sentence) plus the same noise.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np

from clausier.index.passages import document_passages
from clausier.index.records import chunk_from_record
from clausier.reading.candidates import passages_for
from clausier.index.vectors import LEVELS, VectorStore, paged_get
from clausier.reading.sentences import clause_segments
from clausier.schema import Chunk, chunk_id_for
from clausier.settings import Settings

NOISE = 0.01  # per-dimension standard deviation added to each unit embedding
_SENTENCE = re.compile(r"(?<=[.!?;])\s+")


def corpus_records(settings: Settings) -> list[tuple[list[Chunk], np.ndarray]]:
    """Every document of the real index: its chunks (document order) and their embeddings."""
    store = VectorStore(settings)
    docs: dict[str, list[tuple[Chunk, np.ndarray]]] = {}
    for level in LEVELS:
        for page in paged_get(store._parts[level], include=["documents", "metadatas", "embeddings"]):
            for cid, text, meta, vector in zip(page["ids"], page["documents"], page["metadatas"], page["embeddings"]):
                docs.setdefault(meta["doc_id"], []).append((chunk_from_record(cid, text, meta), np.asarray(vector)))
    out = []
    for rows in docs.values():
        rows.sort(key=lambda row: (row[0].ordinal, row[0].part))
        out.append(([c for c, _ in rows], np.stack([v for _, v in rows]).astype(np.float32)))
    return out


def _source_passages(source: Settings, docs) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The stored passage vectors of the source documents, by passage text and by quote."""
    texts = [t for chunks, _ in docs for t in document_passages(chunks, passages_for)]
    by_text = VectorStore(source).passages().get(texts)
    by_quote = {text.split(" : ", 1)[-1]: vector for text, vector in by_text.items()}
    return by_text, by_quote


def _copy_passages(chunks: list[Chunk], org: str, new_org: str, by_text, by_quote, rng: np.random.Generator):
    """The copy's passages and their vectors (source vector plus noise), and how many were left
    out for want of a source counterpart (the answerer embeds those on first sight)."""
    texts, vectors = [], []
    listed = document_passages(chunks, passages_for)
    for text in listed:
        source = text.replace(new_org, org) if org else text
        vector = by_text.get(source)
        if vector is None:
            vector = by_quote.get(source.split(" : ", 1)[-1])
        if vector is not None:
            texts.append(text)
            vectors.append(vector)
    if not texts:
        return [], [], len(listed)
    noisy = np.stack(vectors) + rng.normal(scale=NOISE, size=(len(vectors), len(vectors[0]))).astype(np.float32)
    return texts, list(noisy / np.linalg.norm(noisy, axis=1, keepdims=True)), len(listed) - len(texts)


def _swap_sentence(chunks: list[Chunk], rng: np.random.Generator) -> list[Chunk]:
    """One sentence of one chunk exchanged with one of another chunk (the copy differs in text)."""
    if len(chunks) < 2:
        return chunks
    i, j = rng.choice(len(chunks), size=2, replace=False)
    a, b = _SENTENCE.split(chunks[i].text), _SENTENCE.split(chunks[j].text)
    x, y = rng.integers(len(a)), rng.integers(len(b))
    a[x], b[y] = b[y], a[x]
    chunks = list(chunks)
    chunks[i] = replace(chunks[i], text=" ".join(a), original_text=None)
    chunks[j] = replace(chunks[j], text=" ".join(b), original_text=None)
    return chunks


def _copy(chunks: list[Chunk], vectors: np.ndarray, n: int, level: int, rng: np.random.Generator):
    org = chunks[0].organisation
    new_org = f"{org} {n:05d}"
    doc_id = f"{chunks[0].doc_id}-{n:05d}"
    out = []
    for chunk in _swap_sentence(chunks, rng):
        text = chunk.text.replace(org, new_org) if org else chunk.text
        # the copy's text differs from its source: its segments are its own text's (each copy of a
        # part stands as a clause of its own)
        out.append(replace(chunk, chunk_id=chunk_id_for(doc_id, chunk.clause, chunk.ordinal, chunk.part, text),
                           doc_id=doc_id, organisation=new_org, title=chunk.title.replace(org, new_org),
                           header=chunk.header.replace(org, new_org), level=level, text=text,
                           part_start=0, segments=clause_segments(text, chunk.heading, chunk.kind)))
    noisy = vectors + rng.normal(scale=NOISE, size=vectors.shape).astype(np.float32)
    return out, noisy / np.linalg.norm(noisy, axis=1, keepdims=True)


def build(target: Settings, source: Settings, chunks: int, seed: int = 17, progress=print) -> int:
    """Write copies of the source index's documents into ``target`` until it holds ``chunks``."""
    docs = corpus_records(source)
    if not docs:
        raise SystemExit("the source index is empty: run `python -m ingest` first")
    by_text, by_quote = _source_passages(source, docs)
    rng = np.random.default_rng(seed)
    noise = np.random.default_rng(seed + 1)  # passages' own stream: the chunks stay those of earlier builds
    store = VectorStore(target)
    passages = store.passages()
    written, n, copied, missed = store.count(), 0, 0, 0
    batch: list[tuple[str, list[Chunk], np.ndarray]] = []
    while written < chunks:
        base_chunks, base_vectors = docs[n % len(docs)]
        batch.append((base_chunks[0].organisation, *_copy(base_chunks, base_vectors, n, int(rng.integers(0, 4)), rng)))
        written += len(base_chunks)
        n += 1
        if len(batch) == 20 or written >= chunks:
            texts, vectors = [], []
            for org, copy_chunks, _ in batch:
                t, v, left = _copy_passages(copy_chunks, org, copy_chunks[0].organisation, by_text, by_quote, noise)
                texts, vectors, missed = texts + t, vectors + v, missed + left
            if texts:
                passages.put(texts, np.stack(vectors))
                copied += len(texts)
            for _, copy_chunks, copy_vectors in batch:
                store.upsert(copy_chunks, copy_vectors, {"origin": "synthetic", "chunk_count": len(copy_chunks)})
            batch = []
            progress(f"  {written} chunks written, {copied} passage vectors written ({missed} passages without a source vector)")
    return store.count()


def default_dir(chunks: int) -> Path:
    from clausier.settings import PROJECT_ROOT

    return PROJECT_ROOT / "data" / f"bench-scale-{chunks}"
