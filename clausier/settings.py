"""The one place that reads the environment. Everything else takes a ``Settings`` argument."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

# Nothing may download at run time: set the offline switches before any library that reads
# them is imported. Every entry point imports this module first.
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
    # OpenMP threads that spin-wait collapse under CPU contention (one query: 14 ms → ~900 ms
    # on a loaded 2-core machine); passive waiting keeps it near 25 ms.
    "OMP_WAIT_POLICY": "PASSIVE",
}
for _key, _value in OFFLINE_ENV.items():
    os.environ.setdefault(_key, _value)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODEL_NAME = "multilingual-e5-small"
DEFAULT_MODEL_DIR = PROJECT_ROOT / "data" / "models" / MODEL_NAME
# The local LLM (translation), assembled by ``make model`` (python -m clausier.llm.model)
DEFAULT_LLM_MODEL_PATH = PROJECT_ROOT / "data" / "llm" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def _int(value: str | None, default: int) -> int:
    return default if value in (None, "") else int(value)


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    corpus_dir: Path
    model_dir: Path
    collection: str = "clauses"
    chroma_host: str | None = None
    chroma_port: int = 8000
    promptlog_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 7860
    max_question_chars: int = 2000
    max_file_bytes: int = 50 * 1024 * 1024
    max_doc_chars: int = 2_000_000  # extracted text per document (ingest.manifest.DEFAULT_MAX_DOC_CHARS)
    max_body_bytes: int = 1024 * 1024  # JSON request bodies (uploads have max_file_bytes)
    allowed_origins: tuple[str, ...] = ()  # CORS: browser origins allowed to call the API with credentials
    login_attempts: int = 10  # failed logins / wrong keys per user and per address within the window
    login_window_seconds: int = 300
    default_level: int = 3
    anonymous_access: bool = True
    anonymous_clearance: int = 0
    prompt_retention_days: int = 396  # 13 months, the policy's period for contact data
    pseudonym_key: str | None = None
    admin_token: str | None = None
    llm_model_path: Path = DEFAULT_LLM_MODEL_PATH
    translate: bool = True  # English answers get machine translations of their French quotes
    llm_threads: int = 2
    # An OpenAI-compatible endpoint for the LLM reader (off when no URL)
    llm_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    worker_threads: int = 8  # request threads of the server: model forwards are batched, so 2 cores need few

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def chroma_dir(self) -> Path:
        return self.index_dir / "chroma"

    @property
    def cache_dir(self) -> Path:
        """What is derived from installed packages, not from the documents (e.g. the repair's
        word-list counts)."""
        return self.data_dir / "cache"

    @property
    def promptlog_path(self) -> Path:
        return self.data_dir / "prompts.sqlite3"

    @property
    def users_path(self) -> Path:
        return self.data_dir / "users.sqlite3"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        data_dir = Path(env.get("CLAUSIER_DATA_DIR") or PROJECT_ROOT / "data")
        return cls(
            data_dir=data_dir,
            corpus_dir=Path(env.get("CLAUSIER_CORPUS_DIR") or PROJECT_ROOT / "corpus"),
            # The model is prepared once per checkout (make model), whatever data dir is used.
            model_dir=Path(env.get("CLAUSIER_MODEL_DIR") or DEFAULT_MODEL_DIR),
            collection=env.get("CLAUSIER_COLLECTION", "clauses"),
            chroma_host=env.get("CHROMA_HOST") or None,
            chroma_port=_int(env.get("CHROMA_PORT"), 8000),
            promptlog_url=env.get("CLAUSIER_PROMPTLOG_URL") or None,
            host=env.get("HOST", "127.0.0.1"),
            port=_int(env.get("PORT"), 7860),
            max_question_chars=_int(env.get("CLAUSIER_MAX_QUESTION_CHARS"), 2000),
            max_file_bytes=_int(env.get("CLAUSIER_MAX_FILE_BYTES"), 50 * 1024 * 1024),
            max_doc_chars=_int(env.get("CLAUSIER_MAX_DOC_CHARS"), 2_000_000),
            max_body_bytes=_int(env.get("CLAUSIER_MAX_BODY_BYTES"), 1024 * 1024),
            allowed_origins=tuple(o.strip().rstrip("/") for o in (env.get("CLAUSIER_ALLOWED_ORIGINS") or "").split(",") if o.strip()),
            login_attempts=_int(env.get("CLAUSIER_LOGIN_ATTEMPTS"), 10),
            login_window_seconds=_int(env.get("CLAUSIER_LOGIN_WINDOW_SECONDS"), 300),
            default_level=_int(env.get("CLAUSIER_DEFAULT_LEVEL"), 3),
            anonymous_access=_bool(env.get("CLAUSIER_ANONYMOUS_ACCESS"), True),
            anonymous_clearance=_int(env.get("CLAUSIER_ANONYMOUS_CLEARANCE"), 0),
            prompt_retention_days=_int(env.get("CLAUSIER_PROMPT_RETENTION_DAYS"), 396),
            pseudonym_key=env.get("CLAUSIER_PSEUDONYM_KEY") or None,
            admin_token=env.get("CLAUSIER_ADMIN_TOKEN") or None,
            llm_model_path=Path(env.get("CLAUSIER_LLM_MODEL_PATH") or DEFAULT_LLM_MODEL_PATH),
            translate=_bool(env.get("CLAUSIER_TRANSLATE"), True),
            llm_threads=_int(env.get("CLAUSIER_LLM_THREADS"), 2),
            llm_url=env.get("CLAUSIER_LLM_URL") or None,
            llm_model=env.get("CLAUSIER_LLM_MODEL") or None,
            llm_api_key=env.get("CLAUSIER_LLM_API_KEY") or None,
            worker_threads=_int(env.get("CLAUSIER_WORKER_THREADS"), 8),
        )

    def with_data_dir(self, data_dir: Path) -> "Settings":
        """Same settings over another data dir (the model stays where it is)."""
        return replace(self, data_dir=Path(data_dir))
