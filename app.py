"""Clausier: one process serving the Gradio chat at / and the HTTP API at /api.

``python app.py`` (or ``make run``) serves on HOST:PORT (127.0.0.1:7860 by default).
"""

from __future__ import annotations

import logging

from clausier.settings import Settings  # first: sets the offline switches

import gradio as gr
import uvicorn
from fastapi import FastAPI, Request

from clausier.assistant import Assistant
from clausier.promptlog import PromptLog
from web.api import build_router, install_error_handlers
from web.auth import resolve_caller
from web.chat import ChatHandlers, build_chat

log = logging.getLogger("clausier.app")


def build_assistant(settings: Settings, *, embedder=None) -> Assistant:
    """The real services: index, embedding model, extractive answerer, prompt log."""
    from answer.extractive import ExtractiveAnswerer
    from clausier.embedding.model import load_embedder
    from retriever.factory import build_retriever

    embedder = embedder or load_embedder(settings.model_dir)
    retriever = build_retriever(settings, embedder=embedder)
    answerer = ExtractiveAnswerer(embed_queries=embedder.embed_queries, embed_passages=embedder.embed_passages)
    return Assistant(settings, retriever, answerer, PromptLog(settings.promptlog_path))


def build_app(settings: Settings, assistant: Assistant | None = None) -> FastAPI:
    assistant = assistant or build_assistant(settings)
    api = FastAPI(title="Clausier API", version="1.0",
                  description="Questions sur des documents juridiques, réponses citées clause par clause.")
    install_error_handlers(api)

    def caller_dependency(request: Request):
        return resolve_caller(settings, request)

    api.include_router(build_router(assistant, caller_dependency))
    chat = build_chat(ChatHandlers(assistant, lambda request: resolve_caller(settings, request)))
    return gr.mount_gradio_app(api, chat, path="/", footer_links=[])


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = Settings.from_env()
    app = build_app(settings)
    log.info("serving url=http://%s:%d", settings.host, settings.port)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")


if __name__ == "__main__":
    main()
