"""The documentation-gaps report: unanswered questions grouped by topic, with the closest
clauses the caller may see."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from clausier.promptlog import PromptLog
from clausier.schema import Caller
from eval import gaps
from tests.access_fixtures import access_world  # noqa: F401

SALARY = [
    "Quel est le salaire du directeur général ?",
    "Combien gagne le directeur général ?",
    "Quelle est la rémunération du directeur général ?",
    "Quel est le salaire du directeur général ?",
    "quel est le salaire du directeur général",
]
REMOTE = [
    "Puis-je faire du télétravail depuis l'étranger ?",
    "Le télétravail à l'étranger est-il autorisé ?",
    "Ai-je le droit de télétravailler depuis un autre pays ?",
]
LONE = "Quelle est la politique de remboursement des notes de frais ?"
ANSWERED = "Combien de temps Looper-AI conserve-t-il les informations des contacts téléphoniques ?"


def _log(tmp_path) -> PromptLog:
    log = PromptLog(tmp_path / "prompts.sqlite3")
    for question in SALARY + REMOTE + [LONE]:
        log.record(channel="chat", user="u", prompt=question, n_hits=5, top_score=0.4, abstained=True, latency_ms=9)
    log.record(channel="api", user="u", prompt=ANSWERED, n_hits=5, top_score=0.9, abstained=False, latency_ms=9)
    disliked = log.record(channel="api", user="u", prompt="Quels cookies Assistool dépose-t-il ?", n_hits=5,
                          top_score=0.9, abstained=False, latency_ms=9)
    log.feedback(disliked, -1)
    return log


def test_gaps_grouped_by_topic_biggest_first(access_world, tmp_path):
    world = access_world
    report = gaps.gaps_report(_log(tmp_path), world.assistant.retriever, world.embedder, Caller("admin", 3))
    labels = [set(q.text for q in cluster.questions) for cluster in report]
    assert report[0].count == 5 and {q.text for q in report[0].questions} <= set(SALARY)
    assert report[0].questions[0].count == 3  # the same question asked three ways of writing it
    assert report[1].count == 3 and labels[1] == set(REMOTE)
    assert any(labels_ == {LONE} for labels_ in labels)
    assert any("Assistool" in q.text and q.negative_feedback == 1 for c in report for q in c.questions)
    assert all(ANSWERED not in labels_ for labels_ in labels)  # answered and not disliked: no gap
    assert all(len(c.closest) == 3 for c in report)


def test_closest_clauses_respect_the_callers_clearance(access_world, tmp_path):
    world = access_world
    log = PromptLog(tmp_path / "p.sqlite3")
    log.record(channel="api", user="u", prompt="Quel serveur a subi une intrusion ?", n_hits=0, top_score=None,
               abstained=True, latency_ms=1)
    public = gaps.gaps_report(log, world.assistant.retriever, world.embedder, Caller("viewer", 0), closest_k=5)
    secret = gaps.gaps_report(log, world.assistant.retriever, world.embedder, Caller("admin", 3), closest_k=5)
    assert public[0].closest and {c.doc_id for c in public[0].closest} == {"looper-ai-rgpd"}
    assert "rapport-incident-vexmoria" in {c.doc_id for c in secret[0].closest}


def test_since_and_low_score_select_the_prompts(tmp_path):
    log = _log(tmp_path)
    assert len(gaps.gap_prompts(log)) == 10
    assert len(gaps.gap_prompts(log, low_score=0.95)) == 11  # the answered one scored below 0.95
    assert gaps.gap_prompts(log, since=datetime.now(timezone.utc) + timedelta(days=1)) == []


def test_clustering_edge_cases():
    assert gaps.cluster_labels(np.zeros((0, 4)), 0.1).tolist() == []
    assert gaps.cluster_labels(np.ones((1, 4)), 0.1).tolist() == [0]


def test_empty_log_gives_an_empty_report(access_world, tmp_path):
    empty = PromptLog(tmp_path / "empty.sqlite3")
    assert gaps.gaps_report(empty, access_world.assistant.retriever, access_world.embedder, Caller("a", 0)) == []
    assert "Aucune" in gaps.render([])


def test_cli_json(access_world, tmp_path, monkeypatch, capsys):
    settings = access_world.settings
    monkeypatch.setenv("CLAUSIER_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("CLAUSIER_COLLECTION", settings.collection)
    log = PromptLog(settings.promptlog_path)
    log.record(channel="api", user="cli", prompt="Quelle est la politique de stationnement des vélos ?", n_hits=0,
               top_score=None, abstained=True, latency_ms=1)
    assert gaps.main(["--json", "--days", "1"]) == 0
    clusters = json.loads(capsys.readouterr().out)
    assert any("vélos" in c["label"] for c in clusters)
    assert gaps.main(["--limit", "1"]) == 0
    assert "question(s)" in capsys.readouterr().out
