"""The evaluation runner: the CLI end to end over the session index (in process and against the
live app), the gaps subcommand, calibration, failure causes, verdict scoring, no answer text in
any report. The metrics themselves: tests/test_eval_metrics.py."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from eval.dataset import load_dataset
from eval.metrics import keywords_matched

ROOT = Path(__file__).resolve().parent.parent


# --- the runner end to end ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tiny_dataset(tmp_path_factory) -> Path:
    smoke = load_dataset(ROOT / "eval" / "datasets" / "smoke.jsonl")
    dev = load_dataset(ROOT / "eval" / "datasets" / "dev.jsonl")
    # two documents only (Looper-AI, Ikomia): the naive configuration indexes just those
    chosen = [smoke[0], smoke[2], smoke[20], next(i for i in dev if i.type == "unanswerable"),
              next(i for i in dev if i.lang == "en" and i.answerable)]
    assert {e.doc for i in chosen for e in i.evidence} == {"looper-ai-rgpd", "ikomia-confidentialite"}
    assert {i.type for i in chosen} >= {"factual", "list", "unanswerable"}
    path = tmp_path_factory.mktemp("evalset") / "tiny.jsonl"
    lines = [json.dumps({"id": i.id, "question": i.question, "type": i.type, "answer": i.answer,
                         "evidence": [{"doc": e.doc, "quote": e.quote, "clause": e.clause} for e in i.evidence],
                         "answer_keywords": list(i.answer_keywords), "lang": i.lang}, ensure_ascii=False)
             for i in chosen]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def services(indexed_settings, corpus_retriever, embedder):
    from answer.extractive import ExtractiveAnswerer
    from clausier.embedding.cache import CachingEmbedder
    from eval.runner import LocalServices

    # the answerer's sentence embeddings cached across configurations, as LocalServices.from_settings
    # wires them (no translator, no LLM reader here)
    cached = CachingEmbedder(embedder)
    answerer = ExtractiveAnswerer(embed_queries=cached.embed_queries, embed_passages=cached.embed_passages)
    return LocalServices(indexed_settings, corpus_retriever, answerer, embedder)


def _answers(services, dataset: Path) -> list[str]:
    """The answers' quoted texts, to prove that no report holds them."""
    from eval.runner import EVAL_CALLER

    texts = []
    for item in load_dataset(dataset):
        hits = services.retriever.search(item.question, EVAL_CALLER, k=8)
        answer = services.answerer.answer(item.question, hits)
        texts += [c.quote for c in answer.citations if len(c.quote) > 40]
    return texts


def _report_files(out: Path) -> dict[str, Path]:
    files = {p.suffix: p for p in out.iterdir()}
    assert set(files) == {".json", ".md", ".png"}
    return files


def _corpus_of(dataset: Path, tmp_path: Path) -> tuple[Path, set[str]]:
    """A corpus folder holding only the documents ``dataset`` cites (the manifest whole: files
    it names that are absent are skipped) and their ids."""
    from ingest.manifest import load_manifest

    needed = {e.doc for item in load_dataset(dataset) for e in item.evidence}
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "corpus.yaml", corpus / "corpus.yaml")
    for source in load_manifest(ROOT / "corpus", 3):
        if source.info.doc_id in needed:
            shutil.copy(source.path, corpus / source.path.name)
    return corpus, needed


def test_runner_writes_reports_comparing_configs(tiny_dataset, services, tmp_path, capsys):
    from eval.__main__ import main

    # the naive configuration embeds its corpus folder: only the documents the tiny set needs
    # (the full configuration searches the session index of the whole corpus, as before)
    corpus, needed = _corpus_of(tiny_dataset, tmp_path)
    services = replace(services, settings=replace(services.settings, corpus_dir=corpus))
    out = tmp_path / "reports"
    assert main(["--dataset", str(tiny_dataset), "--config", "full", "naive", "--out", str(out), "--no-progress"],
                services=services) == 0
    printed = capsys.readouterr().out
    assert "| full |" in printed and "| naive |" in printed
    files = _report_files(out)
    data = json.loads(files[".json"].read_text(encoding="utf-8"))
    full = data["configs"]["full"]
    assert full["metrics"]["items"] == 5 and full["metrics"]["unanswerable"] == 1
    assert full["metrics"]["recall@10"] > 0.5
    assert set(full["by_lang"]) == {"fr", "en"}
    naive = data["configs"]["naive"]["items"]
    assert naive[0]["returned"][0]["clause"] == ""  # no clause metadata
    assert {r["doc_id"] for item in naive for r in item["returned"]} <= needed  # the small corpus it was given
    assert files[".png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "## naive" in files[".md"].read_text(encoding="utf-8")
    reports = "".join(p.read_text(encoding="utf-8") for p in (files[".json"], files[".md"]))
    quotes = _answers(services, tiny_dataset)
    assert quotes, "the tiny set must produce answers for this check to mean anything"
    for quote in quotes:
        assert quote not in reports and " ".join(quote.split()) not in reports


def test_runner_against_a_live_server(tiny_dataset, live_app, tmp_path, monkeypatch):
    from eval.__main__ import main

    monkeypatch.delenv("CLAUSIER_API_KEY", raising=False)
    out = tmp_path / "api"
    assert main(["--dataset", str(tiny_dataset), "--api", live_app.url, "--out", str(out), "--no-progress", "--json"]) == 0
    data = json.loads(_report_files(out)[".json"].read_text(encoding="utf-8"))
    metrics = data["configs"]["api"]["metrics"]
    assert metrics["errors"] == 0
    assert metrics["recall@10"] > 0.5
    assert metrics["answer_p50_ms"] > 0


def test_api_system_sends_the_bearer_key(live_app, indexed_settings):
    """The key reaches the real app as « Bearer KEY »: a user's key is let in, a forged one is
    refused (401, even though the live app also serves anonymous callers), no key is anonymous."""
    import httpx

    from clausier.accounts.users import UserStore
    from eval.systems import ApiSystem

    users = UserStore(indexed_settings.users_path)
    key = users.add("eval-bearer-probe", 0)
    systems = {name: ApiSystem(live_app.url, api_key=k) for name, k in
               (("user", key), ("forged", "clsr_forged-key"), ("none", None))}
    try:
        assert systems["user"].retrieve("Quelles données Looper-AI collecte-t-il ?", 3)
        assert systems["none"].retrieve("Quelles données Looper-AI collecte-t-il ?", 3)
        with pytest.raises(httpx.HTTPStatusError) as refused:
            systems["forged"].retrieve("Quelles données Looper-AI collecte-t-il ?", 3)
        assert refused.value.response.status_code == 401
    finally:
        for system in systems.values():
            system.close()
        users.revoke("eval-bearer-probe")


def test_gaps_subcommand_is_dispatched(monkeypatch):
    import sys
    import types

    from eval.__main__ import main

    seen = {}
    fake = types.ModuleType("eval.gaps")
    fake.main = lambda argv: seen.setdefault("argv", argv) and 7
    monkeypatch.setitem(sys.modules, "eval.gaps", fake)
    monkeypatch.setattr("eval.gaps", fake, raising=False)
    assert main(["gaps", "--days", "3"]) == 7
    assert seen["argv"] == ["--days", "3"]


# --- calibration ---------------------------------------------------------------------------------

def test_calibration_sweep_and_choice():
    from eval.calibrate import recommend, sweep

    supports = [(0.9, True), (0.8, True), (0.7, True), (0.35, True), (0.3, False), (0.2, False), (0.5, False)]
    points = sweep(supports, step=0.1)
    at_04 = next(p for p in points if p.threshold == pytest.approx(0.4))
    assert at_04.recall == pytest.approx(2 / 3, abs=1e-3) and at_04.false_abstention == pytest.approx(1 / 4, abs=1e-3)
    assert at_04.precision == pytest.approx(2 / 3, abs=1e-3)
    chosen = recommend(points, max_false=0.0)
    assert chosen.threshold == pytest.approx(0.3) and chosen.recall == pytest.approx(1 / 3, abs=1e-3)
    assert recommend(points, max_false=0.3).threshold == pytest.approx(0.7)
    # equal recall and false abstention: the higher (safer) threshold
    assert recommend(sweep([(0.9, True), (0.1, False)], step=0.1), max_false=0.0).threshold == pytest.approx(0.9)


def test_each_failure_gets_the_first_stage_that_went_wrong():
    from eval.scoring import ItemResult
    from eval.summary import causes, cause

    def item(**kw):
        base = dict(id="x", type="factual", lang="fr", question="q", answerable=True, keywords=["72"])
        return ItemResult(**{**base, **kw})

    ok = item(ranks=[1], keywords_matched=["72"], citations=1, citations_correct=1)
    quote = item(ranks=[1], citations=1, citations_correct=1)
    ranking = item(ranks=[3], citations=1, citations_correct=0)
    deep = item(ranks=[9], citations=1)
    lost = item(ranks=[None])
    abstained = item(ranks=[1], abstained=True)
    answered = item(type="unanswerable", answerable=False, keywords=[])
    refused = item(type="unanswerable", answerable=False, keywords=[], abstained=True)
    failed = item(error="timeout")
    assert [cause(r) for r in (ok, quote, ranking, deep, lost, abstained, answered, refused, failed)] == [
        None, "quote", "ranking", "not retrieved", "not retrieved", "abstained", "answered unanswerable", None, "error"]
    counts = causes([ok, quote, ranking, deep, lost, abstained, answered, refused, failed])
    assert counts == {"error": 1, "answered unanswerable": 1, "abstained": 1, "not retrieved": 2, "ranking": 1,
                      "quote": 1}


def test_yes_no_verdicts_are_scored_against_the_gold_polarity():
    from eval.scoring import ItemResult, polarity
    from eval.summary import metrics

    assert [polarity(t) for t in ("Oui. Selon…", "Non, sauf…", "Yes: it may", "No.", "Seulement si…", "Nonobstant", "")] \
        == ["yes", "no", "yes", "no", None, None, None]

    def item(gold, lead, abstained=False):
        return ItemResult(id="x", type="yes_no", lang="fr", question="q", answerable=True,
                          gold_verdict=gold, verdict=lead, abstained=abstained)

    m = metrics([item("yes", "yes"), item("no", "yes"), item("no", None), item("yes", None, abstained=True),
                 item(None, "yes")])
    assert (m["verdict_led"], m["verdict_accuracy"]) == (round(2 / 3, 4), 0.5)



def test_a_verdict_on_an_unanswerable_item_is_counted_apart():
    from eval.dataset import EvalItem
    from eval.scoring import ItemResult, score_answer
    from eval.summary import metrics
    from eval.systems import AnswerView

    def scored(text, abstained=False):
        item = EvalItem(id="none-1", question="Is it certified?", type="unanswerable", answer="Not said.",
                        evidence=(), answer_keywords=(), lang="en")
        result = ItemResult(id=item.id, type=item.type, lang="en", question=item.question, answerable=False)
        score_answer(result, item, AnswerView(text=text, citations=(), abstained=abstained))
        return result

    results = [scored("Yes.\nAccording to …"), scored("According to …"), scored("I cannot find it.", abstained=True)]
    m = metrics(results)
    assert (m["verdict_unanswerable"], m["abstention"]) == (round(1 / 3, 4), round(1 / 3, 4))
    assert m["verdict_accuracy"] is None  # the yes/no figures read answerable items only


def test_an_organisation_named_only_as_not_found_is_no_keyword():
    from eval.scoring import answered_text

    text = ("Selon AOPS — Politique (II.3) :\n« gestion des services de paiement en ligne (Stripe) » [1]\n"
            "Pour Assistool, je ne trouve pas la réponse dans les documents disponibles.\n"
            "For Ikomia, I cannot find the answer in the available documents.")
    assert keywords_matched(answered_text(text), ["AOPS", "Assistool", "Ikomia", "Stripe"]) == ["AOPS", "Stripe"]
    assert answered_text("Pour conclure, voici. [1]") == "Pour conclure, voici. [1]"
