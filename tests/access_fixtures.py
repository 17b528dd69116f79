"""A small dedicated index for the access tests: one public corpus file (level 0) and three
generated documents at levels 1, 2, 3, each with invented words found nowhere else, plus users
of every clearance and the app served twice (anonymous access on, and off with logins).

Import the fixtures into a test module: ``from tests.access_fixtures import *  # noqa``.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx
import pytest

from clausier.schema import DocumentInfo
from clausier.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# level → (doc id, title, invented words, canary). The canary is in every clause and never in
# a query, so any leaked chunk shows it; the invented words are in queries and clauses.
SECRETS = {
    1: ("note-brontelis", "Note interne Brontelis sur les outils collaboratifs",
        ("brontelis", "plumvaxe", "tessaroon", "glimvard", "vultragon", "skelmira"), "kqcanaryone"),
    2: ("procedure-rh-quiltrava", "Procédure RH Quiltrava des entretiens annuels",
        ("quiltrava", "mordecane", "fenlowick", "drabussel", "yvernaque", "poltresse"), "kqcanarytwo"),
    3: ("rapport-incident-vexmoria", "Rapport d'incident Vexmoria sur la fuite du serveur Zorbanex",
        ("vexmoria", "zorbanex", "kraddulon", "sprevitane", "hulmacor", "wendrique"), "kqcanarythree"),
}

_TEMPLATES = {
    1: [
        ("Objet", "La présente note décrit l'outil collaboratif {0} déployé pour les équipes internes et "
                  "hébergé sur la plateforme {1}. Les comptes sont créés par le service informatique."),
        ("Accès", "L'accès à {0} se fait avec l'authentification unique; les documents partagés dans l'espace "
                  "{2} sont conservés douze mois puis archivés par le module {3}."),
        ("Support", "Les demandes d'assistance concernant {4} sont traitées par l'équipe {5} sous deux jours "
                    "ouvrés, y compris les demandes de suppression de données personnelles."),
    ],
    2: [
        ("Objet", "La procédure {0} encadre les entretiens annuels d'évaluation des salariés et la grille "
                  "{1} de fixation des augmentations de salaire."),
        ("Données collectées", "Les comptes rendus d'entretien sont saisis dans l'outil {2} et conservés "
                               "cinq ans; seuls le manager et le référent {3} des ressources humaines y accèdent."),
        ("Recours", "Le salarié qui conteste son évaluation saisit la commission {4} dans un délai d'un mois; "
                    "la décision finale est rendue par le comité {5} après audition."),
    ],
    3: [
        ("Résumé de l'incident", "Le serveur {1} a subi une intrusion lors de l'opération {0}; l'attaquant "
                                 "a exfiltré la base clients par le compte de service {2}."),
        ("Notification", "La fuite de données a été notifiée à la CNIL dans les 72 heures; le fichier {3} "
                         "contenant les mots de passe des administrateurs a été compromis."),
        ("Mesures correctives", "Le pare-feu {4} a été reconfiguré et les clés du coffre {5} ont été "
                                "changées; une revue complète des accès est en cours."),
    ],
}


def secret_text(level: int) -> str:
    """A small numbered document; every clause carries the document's canary."""
    _, title, words, canary = SECRETS[level]
    lines = [title.upper(), ""]
    for n, (heading, body) in enumerate(_TEMPLATES[level], 1):
        lines += [f"ARTICLE {n} - {heading}", "", body.format(*words) + f" Référence de contrôle {canary}.", ""]
    return "\n".join(lines)


def markers_above(clearance: int) -> dict[str, int]:
    """Every string that betrays a document above ``clearance`` → its level (lower case)."""
    found = {}
    for level, (doc_id, title, words, canary) in SECRETS.items():
        if level > clearance:
            for marker in (doc_id, title.lower(), canary, *words):
                found[marker] = level
    return found


class MemoAnswerer:
    """The real answerer, memoised on (question, hit ids): the same question reaching it through
    several channels with the same hits is answered once. Different hits (a leak) miss the memo
    and are answered for real."""

    def __init__(self, answerer):
        self._answerer = answerer
        self._memo: dict[tuple, object] = {}

    def answer(self, question, hits, *, language=None):
        key = (question, tuple(h.chunk_id for h in hits), language)
        if key not in self._memo:
            self._memo[key] = self._answerer.answer(question, hits, language=language)
        return self._memo[key]


@dataclass
class AccessWorld:
    settings: Settings
    assistant: object
    access: object
    embedder: object  # the run's caching embedder
    keys: dict[str, str]  # user name → API key
    chunks_by_level: dict[int, list[str]]  # level → chunk ids


USERS = {"level0": 0, "level1": 1, "level2": 2, "level3": 3}


@pytest.fixture(scope="session")
def access_world(tmp_path_factory, embedder) -> AccessWorld:
    from answer.extractive import ExtractiveAnswerer
    from clausier.reading.support import LexicalSupport
    from clausier.accounts.access import AccessControl
    from clausier.assistant import Assistant
    from clausier.index.vectors import VectorStore
    from clausier.promptlog import PromptLog
    from clausier.accounts.users import UserStore
    from ingest.manifest import SourceFile, load_manifest
    from ingest.service import ingest_files
    from retriever.rerank import SupportReranker
    from retriever.search import Retriever

    root = tmp_path_factory.mktemp("access")
    settings = replace(Settings.from_env().with_data_dir(root / "data"), collection="access",
                       anonymous_access=True, anonymous_clearance=0)
    sources = [s for s in load_manifest(PROJECT_ROOT / "corpus", 3) if s.info.doc_id == "looper-ai-rgpd"]
    for level, (doc_id, title, _, _) in SECRETS.items():
        path = root / f"{doc_id}.txt"
        path.write_text(secret_text(level), encoding="utf-8")
        info = DocumentInfo(doc_id=doc_id, title=title, organisation="Clausier SA", doc_type="document interne",
                            level=level)
        sources.append(SourceFile(path, info, "added"))
    cached = embedder  # the run's shared cache: the questions are asked on many channels
    store = VectorStore(settings)
    report = ingest_files(sources, store, cached, max_bytes=settings.max_file_bytes)
    assert not report.errors, report.errors
    retriever = Retriever(store, cached, reranker=SupportReranker(LexicalSupport()))  # as build_retriever wires it
    answerer = MemoAnswerer(ExtractiveAnswerer(embed_queries=cached.embed_queries, embed_passages=cached.embed_passages))
    # answer_depth 5 (app default 8): the answerer's text work dominates the run time; hits,
    # citations and « voir aussi » still come from the same access-filtered search.
    assistant = Assistant(settings, retriever, answerer, PromptLog(settings.promptlog_path), answer_depth=5)
    users = UserStore(settings.users_path)
    keys = {name: users.add(name, level) for name, level in USERS.items()}
    keys["boss"] = users.add("boss", 3, is_admin=True)
    by_level: dict[int, list[str]] = {}
    for chunk in retriever.chunks.values():
        by_level.setdefault(chunk.level, []).append(chunk.chunk_id)
    assert sorted(by_level) == [0, 1, 2, 3], by_level.keys()
    return AccessWorld(settings, assistant, AccessControl(settings, users), cached, keys, by_level)


def _serve(world: AccessWorld, **overrides):
    from app import build_app
    from tests.conftest import LiveServer

    settings = replace(world.settings, **overrides)
    return LiveServer(build_app(settings, world.assistant, users=world.access.users))


@pytest.fixture(scope="session")
def open_server(access_world):
    """Anonymous access on (clearance 0): the local demo."""
    with _serve(access_world, anonymous_access=True) as server:
        yield server


@pytest.fixture(scope="session")
def closed_server(access_world):
    """Anonymous access off: API keys on the API, a login in the chat."""
    with _serve(access_world, anonymous_access=False) as server:
        yield server


def client_for(server, key: str | None = None) -> httpx.Client:
    """An HTTP client of ``server``, with ``key`` as its bearer token."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    # generous: a loaded 2-core machine can hold a request for a minute; speed is the benchmarks' job
    return httpx.Client(base_url=server.url, headers=headers, timeout=300,
                        limits=httpx.Limits(max_connections=8))


ARTIFACT = Path(__file__).resolve().parent / "artifacts" / "access_leak_report.json"


@dataclass
class LeakLog:
    """The probes one test sent and the leaks they found (channel, clearance, query, markers)."""

    tried: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    leaks: list[tuple[str, int, str, list[str]]] = field(default_factory=list)

    def check(self, channel: str, clearance: int, query, body) -> None:
        self.tried[channel][str(clearance)] += 1
        from tests.access_queries import leaks  # access_queries imports this module

        found = leaks(body, clearance, query)
        if found:
            self.leaks.append((channel, clearance, query, found))

    def merge(self, other: "LeakLog") -> None:
        for channel, counts in other.tried.items():
            for clearance, n in counts.items():
                self.tried[channel][clearance] += n
        self.leaks += other.leaks


@pytest.fixture(scope="session")
def ledger():
    """Every test's probes, summed into tests/artifacts/access_leak_report.json (a record for
    people; no test reads it)."""
    total, started = LeakLog(), time.perf_counter()
    yield total
    ARTIFACT.parent.mkdir(exist_ok=True)
    ARTIFACT.write_text(json.dumps({"tried": total.tried, "leaks": total.leaks,
                                    "seconds": round(time.perf_counter() - started, 1)}, indent=1))


@pytest.fixture()
def leak_log(ledger):
    """This test's own probes: each test asserts on what it sent, whatever else ran."""
    log = LeakLog()
    yield log
    ledger.merge(log)
