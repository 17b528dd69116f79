"""The local model, run in-process by xllamacpp (llama.cpp's server engine).

One ``LocalModel`` per process: chat completions are called in-process (no socket) by the
translator; the same engine also answers OpenAI-compatible HTTP requests on a loopback port,
guarded by a random per-process API key (the LLM reader's tests use that port, any
OpenAI-compatible client can). Nothing is written: llama.cpp's log verbosity is 0 (no request,
prompt or completion lines; checked by tests/test_llm_runtime.py), no prompt-log directory, no
slot saving, no metrics or slots endpoints, no web UI.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from clausier.errors import ClausierError
from clausier.llm.model import check_model_file

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
# Concurrent sequences: the sentences of one answer are translated together (continuous batching).
PARALLEL = 4
# Context per slot: a reader prompt with a handful of clauses fits; a sentence uses ~200.
SLOT_CONTEXT = 4096
# llama.cpp log threshold: 0 prints nothing at all; at debug level (5 and up) it prints every
# completion ("Parsed message: …"), see tests/test_llm_runtime.py
QUIET = 0
# in-memory prompt cache (reused system prompts); llama.cpp's default would allow 8 GiB
CACHE_RAM_MIB = 256


class LLMUnavailable(ClausierError):
    """The local model could not be loaded or did not answer."""


@dataclass(frozen=True)
class Completion:
    text: str
    prompt_tokens: int
    completion_tokens: int
    prompt_per_second: float | None
    predicted_per_second: float | None


class LocalModel:
    """The GGUF loaded once; thread-safe (llama.cpp schedules requests on ``PARALLEL`` slots)."""

    def __init__(self, model_path: Path, *, threads: int = 2, parallel: int = PARALLEL,
                 slot_context: int = SLOT_CONTEXT, verbosity: int = QUIET) -> None:
        import xllamacpp

        path = check_model_file(model_path)
        params = xllamacpp.CommonParams()
        params.model.path = str(path)
        params.n_parallel = parallel
        params.n_ctx = slot_context * parallel
        for cpu in (params.cpuparams, params.cpuparams_batch):
            cpu.n_threads = threads
        params.hostnames = [LOOPBACK]
        params.port = 0  # any free port, on loopback only
        params.api_keys = [secrets.token_urlsafe(24)]
        params.verbosity = verbosity
        params.path_prompts_log_dir = ""
        params.slot_save_path = ""
        params.endpoint_slots = False
        params.endpoint_metrics = False
        params.ui = False
        params.warmup = False
        params.fit_params = False  # probing device memory costs ~5 s at load; 1 GiB fits in RAM
        params.cache_ram_mib = CACHE_RAM_MIB
        started = time.perf_counter()
        try:
            self._server = xllamacpp.Server(params)
        except Exception as exc:  # a C++ exception surfaces as RuntimeError
            raise LLMUnavailable(f"le modèle local n'a pas pu être chargé : {exc}") from exc
        self.api_key = params.api_keys[0]
        self.model_name = str(path)
        self.load_seconds = time.perf_counter() - started
        log.info("llm_loaded threads=%d parallel=%d seconds=%.1f", threads, parallel, self.load_seconds)

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible root (``…/v1``) on loopback."""
        address = self._server.listening_address
        address = address if address.startswith("http") else f"http://{address}"
        return f"{address}/v1"

    def chat(self, messages: Sequence[dict[str, str]], *, max_tokens: int = 256, temperature: float = 0.0,
             seed: int = 0, **extra: Any) -> Completion:
        """One chat completion, in-process; raises ``LLMUnavailable`` on an engine error. The
        sampler is seeded (llama.cpp's default seed is random): the same logits give the same
        reply, though a reused prompt cache or requests batched on other slots change the
        logits slightly."""
        request = {"messages": list(messages), "max_tokens": max_tokens, "temperature": temperature,
                   "seed": seed, "stream": False, **extra}
        result = self._server.handle_chat_completions(request)
        if not isinstance(result, dict) or "choices" not in result:
            message = result.get("message") if isinstance(result, dict) else None
            error = result.get("error") if isinstance(result, dict) else None
            raise LLMUnavailable(f"le modèle local n'a pas répondu : {message or error or type(result).__name__}")
        usage = result.get("usage") or {}
        timings = result.get("timings") or {}
        return Completion(
            text=(result["choices"][0].get("message") or {}).get("content") or "",
            prompt_tokens=int(usage.get("prompt_tokens") or 0),
            completion_tokens=int(usage.get("completion_tokens") or 0),
            prompt_per_second=timings.get("prompt_per_second"),
            predicted_per_second=timings.get("predicted_per_second"),
        )


_shared: dict[tuple[str, int], LocalModel] = {}
_shared_lock = threading.Lock()


def shared_model(model_path: Path, *, threads: int = 2) -> LocalModel:
    """The process's one ``LocalModel`` for ``model_path`` (loaded on first call)."""
    key = (str(Path(model_path).resolve()), threads)
    with _shared_lock:
        if key not in _shared:
            _shared[key] = LocalModel(model_path, threads=threads)
        return _shared[key]
