"""The embedding model at run time: multilingual-e5-small through sentence-transformers.

The folder is prepared once by ``make model`` (``clausier.embedding.convert``); loading it
never touches the network. Texts longer than the model's 512 tokens (prompt and special
tokens included) are truncated, so callers should keep chunks well under that.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

from clausier import settings as _settings  # noqa: F401  (sets the offline switches first)
from clausier.errors import ModelMissing

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

MAX_TORCH_THREADS = 2
QUERY_PROMPT = "query"
PASSAGE_PROMPT = "passage"

_cache: dict[Path, "Embedder"] = {}
_cache_lock = threading.Lock()


class Embedder:
    """Query and passage embeddings: float32, L2-normalised, one row per text."""

    def __init__(self, model: "SentenceTransformer", model_dir: Path):
        self._model = model
        self.model_dir = model_dir
        self.dim: int = int(model.get_embedding_dimension())
        self.max_tokens: int = int(model.max_seq_length)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed search questions with the ``query: `` prompt."""
        return self._encode(texts, QUERY_PROMPT, batch_size=32, show_progress=False)

    def embed_passages(
        self, texts: Sequence[str], *, batch_size: int = 32, show_progress: bool = False
    ) -> np.ndarray:
        """Embed document chunks with the ``passage: `` prompt."""
        return self._encode(texts, PASSAGE_PROMPT, batch_size=batch_size, show_progress=show_progress)

    def _encode(self, texts: Sequence[str], prompt_name: str, *, batch_size: int, show_progress: bool) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("expected a sequence of texts, got a single str")
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            texts,
            prompt_name=prompt_name,
            batch_size=batch_size,
            show_progress_bar=show_progress,
            convert_to_numpy=True,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def load_embedder(model_dir: Path) -> Embedder:
    """The embedder for ``model_dir``, loaded once per process.

    Raises ``ModelMissing`` when the folder has not been prepared.
    """
    key = Path(model_dir).expanduser().resolve()
    with _cache_lock:
        embedder = _cache.get(key)
        if embedder is None:
            embedder = _cache[key] = _load(key)
        return embedder


def _load(model_dir: Path) -> Embedder:
    if not (model_dir / "modules.json").is_file():
        raise ModelMissing(
            f"Modèle d'embedding absent : {model_dir}. Lancez `make model` "
            "(python -m clausier.embedding.convert) pour le préparer."
        )
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(min(MAX_TORCH_THREADS, torch.get_num_threads()))
    start = time.monotonic()
    model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    model.eval()
    embedder = Embedder(model, model_dir)
    log.info(
        "embedder_loaded dir=%s dim=%d max_tokens=%d seconds=%.2f",
        model_dir, embedder.dim, embedder.max_tokens, time.monotonic() - start,
    )
    return embedder
