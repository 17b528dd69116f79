"""Clausier: one process serving the Gradio chat at / and the HTTP API at /api.

    python app.py [serve]                                  serve on HOST:PORT (127.0.0.1:7860)
    python -m app users add NAME --clearance 2 [--admin]   prints the new API key on its last line
    python -m app users list | revoke NAME | rotate NAME
    python -m app prompts purge | export --user NAME --format csv|json | erase --user NAME
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys

from clausier.settings import Settings  # first: sets the offline switches

from typing import TYPE_CHECKING

from clausier.accounts.access import AccessControl
from clausier.errors import ClausierError
from clausier.promptlog import open_prompt_log
from clausier.promptlog import cli as prompts_cli
from clausier.promptlog.retention import RetentionScheduler
from clausier.schema import LEVEL_NAMES
from clausier.accounts.users import UserStore

if TYPE_CHECKING:  # the web stack (gradio, fastapi) is imported only to serve: the CLI stays quick
    from fastapi import FastAPI

    from clausier.assistant import Assistant

log = logging.getLogger("clausier.app")

AUTH_MESSAGE = "Connectez-vous avec votre nom d'utilisateur et votre clé d'API comme mot de passe."


def build_assistant(settings: Settings, *, embedder=None) -> "Assistant":
    """The real services: index, embedding model, extractive answerer, prompt log."""
    from clausier.reading import wordvectors
    from answer.extractive import ExtractiveAnswerer
    from answer.readers import build_readers, build_translator
    from clausier.assistant import Assistant
    from clausier.embedding.batching import BatchingEmbedder
    from clausier.embedding.cache import CachingEmbedder
    from clausier.embedding.model import load_embedder
    from retriever.factory import build_retriever

    # cache hits skip the queue; misses of concurrent requests share one forward
    embedder = CachingEmbedder(BatchingEmbedder(embedder or load_embedder(settings.model_dir)))
    wordvectors.load()  # ~1 s: paid at start-up, not by the first question
    retriever = build_retriever(settings, embedder=embedder)
    from clausier.reading.candidates import passages_for
    from retriever.warmup import PassageWarmer

    stored = retriever.store.passages()
    embedder.use_stored_passages(stored)  # a miss is looked up by id before it is embedded
    warmer = PassageWarmer(retriever, embedder, stored, passages_of=passages_for)
    warmer.load()  # what ingest, earlier starts or other instances stored (a small store only)
    warmer.start()  # the rest in the background: the server is healthy at once
    # another process's write makes the passages client's segments stale: drop them now (freed
    # at once), rather than at the next failed look-up
    retriever.on_change(stored.release)
    retriever.on_change(warmer.start)
    answerer = ExtractiveAnswerer(embed_queries=embedder.embed_queries, embed_passages=embedder.embed_passages)
    return Assistant(settings, retriever, answerer, open_prompt_log(settings),
                     translator=build_translator(settings), readers=build_readers(settings, answerer, embedder))


def _lifespan(settings: Settings, assistant: "Assistant"):
    """Purge expired prompts at start-up and then daily, while the server runs."""

    @contextlib.asynccontextmanager
    async def lifespan(app: "FastAPI"):
        import anyio.to_thread

        # sync routes run in this pool: more threads than 2 cores can serve only add queueing
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        scheduler = RetentionScheduler(assistant.prompt_log, settings.prompt_retention_days).start()
        try:
            yield
        finally:
            scheduler.stop()

    return lifespan


def build_app(settings: Settings, assistant: "Assistant | None" = None, *, users: UserStore | None = None) -> "FastAPI":
    import gradio as gr
    from fastapi import FastAPI

    from fastapi.middleware.cors import CORSMiddleware

    from web import sessions
    from web.api import build_router, install_error_handlers
    from web.auth import api_caller, chat_caller, chat_login, upload_permission
    from web.chat import ChatHandlers, build_chat
    from web.security import Guard, SecurityMiddleware, install_log_filter

    assistant = assistant or build_assistant(settings)
    access = AccessControl(settings, users or UserStore(settings.users_path))
    api = FastAPI(title="Clausier API", version="1.0", lifespan=_lifespan(settings, assistant),
                  description="Questions sur des documents juridiques, réponses citées clause par clause.")
    install_error_handlers(api)
    api.include_router(build_router(assistant, api_caller(access)))
    handlers = ChatHandlers(assistant, chat_caller(access))
    chat = build_chat(handlers)
    # Only the configured origins (none by default); Gradio then adds no CORS policy of its own.
    api.add_middleware(CORSMiddleware, allow_origins=list(settings.allowed_origins), allow_credentials=True,
                       allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"])
    guard = Guard(settings.max_body_bytes, settings.max_file_bytes, access.throttle,
                  upload_permission(access, handlers.admin.is_admin))
    api.add_middleware(SecurityMiddleware, guard=guard)
    install_log_filter()
    app = gr.mount_gradio_app(api, chat, path="/", footer_links=[], auth=chat_login(access),
                              auth_message=AUTH_MESSAGE, max_file_size=settings.max_file_bytes)
    tokens = sessions.install(app.routes[-1].app, access.key_version)
    guard.session_user, guard.bind_session = tokens.get, tokens.bind
    return app


def _users_parser(subparsers) -> None:
    users = subparsers.add_parser("users", help="users, clearances and API keys")
    commands = users.add_subparsers(dest="action", required=True)
    add = commands.add_parser("add", help="create a user; prints the API key on the last line")
    add.add_argument("name")
    add.add_argument("--clearance", type=int, required=True, choices=sorted(LEVEL_NAMES))
    add.add_argument("--admin", action="store_true")
    commands.add_parser("list", help="users and their clearance (never the keys)")
    for name, text in (("revoke", "disable a user's key"), ("rotate", "replace a user's key; prints the new one")):
        commands.add_parser(name, help=text).add_argument("name")


def _users(args: argparse.Namespace, settings: Settings) -> int:
    store = UserStore(settings.users_path)
    if args.action == "add":
        key = store.add(args.name, args.clearance, is_admin=args.admin)
        print(f"utilisateur {args.name} créé : habilitation {LEVEL_NAMES[args.clearance]}"
              f"{', administrateur' if args.admin else ''}. Clé d'API (affichée une seule fois) :")
        print(key)
    elif args.action == "list":
        for user in store.users():
            state = "actif" if user.active else "révoqué"
            print(f"{user.name}\tniveau {user.clearance}\t{'admin' if user.is_admin else '-'}\t{state}\t{user.updated}")
    elif args.action == "revoke":
        store.revoke(args.name)
        print(f"clé de {args.name} révoquée")
    elif args.action == "rotate":
        key = store.rotate(args.name)
        print(f"nouvelle clé d'API de {args.name} (affichée une seule fois) :")
        print(key)
    return 0


def serve(settings: Settings) -> int:
    import uvicorn

    from clausier.index.memory import limit_arenas

    limit_arenas()  # before the model's, the server's and the index's threads allocate
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    app = build_app(settings)
    log.info("serving url=http://%s:%d anonymous=%s", settings.host, settings.port, settings.anonymous_access)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app", description="Clausier: serve, users, prompt log")
    subparsers = parser.add_subparsers(dest="command")
    subparsers.add_parser("serve", help="serve the chat and the API (the default)")
    _users_parser(subparsers)
    prompts_cli.add_parser(subparsers)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    if args.command in (None, "serve"):
        return serve(settings)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    try:
        return _users(args, settings) if args.command == "users" else prompts_cli.run(args, settings)
    except ClausierError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
