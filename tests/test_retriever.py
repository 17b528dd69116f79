"""Hybrid retrieval over the real corpus index: hand-written questions, CLI, LangChain."""

from __future__ import annotations

from dataclasses import replace

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clausier.errors import InvalidQuestion
from clausier.schema import Caller, Chunk, Hit
from eval.dataset import load_dataset
from retriever.balance import balance_organisations
from clausier.index.context import clause_parts, widen
from retriever.factory import build_retriever
from retriever.search import RetrievalConfig

ROOT = Path(__file__).resolve().parent.parent
SMOKE = [item for item in load_dataset(ROOT / "eval" / "datasets" / "smoke.jsonl") if item.answerable]
ANON = Caller.anonymous()


def _covers(hit_text: str, quote: str) -> bool:
    """Most of the quote's words are in the hit (robust to chunk boundaries and reflow)."""
    words = quote.split()
    text = " ".join(hit_text.split())
    window = max(1, len(words) // 2)
    return any(" ".join(words[i : i + window]) in text for i in range(0, len(words) - window + 1))


@pytest.mark.parametrize("item", SMOKE, ids=[item.id for item in SMOKE])
def test_evidence_clause_in_top5(corpus_retriever, item):
    hits = corpus_retriever.search(item.question, ANON, k=5)
    for evidence in item.evidence:
        assert any(h.doc_id == evidence.doc and _covers(h.text, evidence.quote) for h in hits), (
            f"{item.id}: {evidence.clause} not in top 5: {[(h.doc_id, h.clause) for h in hits]}"
        )


def test_smoke_set_is_large_enough():
    assert len(SMOKE) >= 25
    assert {item.lang for item in SMOKE} == {"fr", "en"}


def test_breach_notification_delay_finds_ipso_8_1(corpus_retriever):
    hits = corpus_retriever.search("délai de notification d'une fuite de données au client", ANON, k=3)
    assert any(h.doc_id == "ipso-convention-rgpd" and h.clause == "8.1" for h in hits)


def test_organisation_named_ranks_its_documents_first(corpus_retriever):
    hits = corpus_retriever.search("Combien de temps Ikomia conserve-t-il les données ?", ANON, k=3)
    assert hits[0].organisation == "Ikomia"


@pytest.mark.parametrize("mode", ["bm25", "dense", "hybrid", "full"])
def test_every_mode_returns_ranked_hits(corpus_retriever, mode):
    hits = corpus_retriever.with_config(RetrievalConfig(mode=mode)).search("droit à l'oubli", ANON, k=5)
    assert 0 < len(hits) <= 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_reranking_reorders_the_fused_hits_by_sentence_support(corpus_retriever):
    """The reranker only re-orders the first hits of the fused ranking: the same chunks, the
    best-supported sentence's clause first (IPSO 8.1 states the 72-hour notice to the client;
    the fused ranking puts 8.2, notice to the authority, ahead of it)."""
    question = "délai de notification d'une fuite de données au client"
    plain = corpus_retriever.with_config(RetrievalConfig(rerank_depth=0)).search(question, ANON, k=10)
    reranked = corpus_retriever.search(question, ANON, k=10)
    assert corpus_retriever.reranker is not None
    assert [h.chunk_id for h in reranked] != [h.chunk_id for h in plain]
    assert {h.chunk_id for h in reranked} == {h.chunk_id for h in plain}
    assert [h.score for h in reranked] == sorted((h.score for h in reranked), reverse=True)
    support = corpus_retriever.reranker.scorer.supports(question, plain)
    assert support[reranked[0].chunk_id] == max(support.values())
    assert (reranked[0].doc_id, reranked[0].clause) == ("ipso-convention-rgpd", "8.1")


def _hit(chunk_id: str, organisation: str, score: float) -> Hit:
    return Hit(chunk_id=chunk_id, doc_id=f"doc-{organisation}", title="", organisation=organisation, clause="1",
               heading="", page=None, text="texte", level=0, score=score)


def test_balance_gives_each_named_organisation_a_turn():
    hits = [_hit("a1", "A", 0.9), _hit("a2", "A", 0.8), _hit("x1", "X", 0.75), _hit("a3", "A", 0.7),
            _hit("b1", "B", 0.5), _hit("b2", "B", 0.4)]
    assert [h.chunk_id for h in balance_organisations(hits, {"A", "B"})] == ["a1", "b1", "a2", "b2", "a3", "x1"]
    assert balance_organisations(hits, {"A"}) == hits  # one organisation: nothing to balance
    # each round, the organisation whose best remaining hit scores higher goes first
    hits = [_hit("b1", "B", 0.9), _hit("a1", "A", 0.6), _hit("a2", "A", 0.55), _hit("b2", "B", 0.5)]
    assert [h.chunk_id for h in balance_organisations(hits, {"A", "B"})] == ["b1", "a1", "a2", "b2"]


def test_balance_over_hundreds_of_organisations_reads_each_hit_once():
    """« Looper » names every copy of Looper-AI at 100 k chunks: the turns must not read every
    hit's organisation once per named organisation (a pending hit reads it from a table)."""
    import random

    reads = []

    class Counted:
        def __init__(self, hit: Hit):
            self.hit, self.score = hit, hit.score

        @property
        def organisation(self) -> str:
            reads.append(self.hit.chunk_id)
            return self.hit.organisation

    def reference(hits, organisations):  # the turns as first written: one pass per organisation
        queues = {org: [h for h in hits if h.organisation == org] for org in organisations}
        others = [h for h in hits if h.organisation not in queues]
        out = []
        while any(queues.values()):
            for _, org in reversed(sorted((q[0].score, org) for org, q in queues.items() if q)):
                out.append(queues[org].pop(0))
        return out + others

    rng = random.Random(3)
    named = {f"Org-{i}" for i in range(300)}
    hits = [_hit(f"h{i}", f"Org-{rng.randrange(320)}", round(rng.random(), 2)) for i in range(100)]
    wrapped = [Counted(h) for h in hits]
    assert [c.hit for c in balance_organisations(wrapped, named)] == reference(hits, named)
    assert len(reads) == len(hits)


def test_a_comparison_question_gets_both_organisations_first(corpus_retriever):
    question = "Combien de temps Looper-AI et Ikomia conservent-ils les données personnelles ?"
    hits = corpus_retriever.search(question, ANON, k=4)
    assert {h.organisation for h in hits[:2]} == {"Looper-AI", "Ikomia"}
    assert {h.organisation for h in hits[2:4]} == {"Looper-AI", "Ikomia"}


def test_empty_question_is_refused(corpus_retriever):
    with pytest.raises(InvalidQuestion):
        corpus_retriever.search("   ", ANON)


def test_langchain_retriever_in_a_chain(corpus_retriever):
    from langchain_core.runnables import RunnableLambda

    from retriever.langchain_adapter import ClausierRetriever

    lc_retriever = ClausierRetriever.in_process(corpus_retriever, ANON, k=3)
    chain = lc_retriever | RunnableLambda(lambda docs: [f"{d.metadata['title']} § {d.metadata['clause']}" for d in docs])
    labels = chain.invoke("Qui est le responsable des notifications en cas de faille chez Looper-AI ?")
    assert len(labels) == 3 and any("Looper-AI" in label for label in labels)


def test_langchain_retriever_over_http(live_app):
    from retriever.langchain_adapter import ClausierRetriever

    docs = ClausierRetriever.over_http(live_app.url, k=2).invoke("durée du cookie _ga")
    assert len(docs) == 2 and docs[0].metadata["doc_id"]


def test_cli_batch(indexed_settings, tmp_path):
    batch = tmp_path / "questions.jsonl"
    batch.write_text(
        json.dumps({"id": "q1", "question": "Quels sont les sous-traitants de Looper-AI ?"}) + "\n"
        + json.dumps({"id": "q2", "question": "durée du cookie _ga"}) + "\n",
        encoding="utf-8",
    )
    env = {**os.environ, "CLAUSIER_DATA_DIR": str(indexed_settings.data_dir)}
    out = subprocess.run([sys.executable, "-m", "retriever", "--batch", str(batch), "--k", "3"],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=True).stdout
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert [line["id"] for line in lines] == ["q1", "q2"]
    assert all(len(line["hits"]) == 3 for line in lines)


def _part(ordinal: int, part: int, text: str, *, level: int = 0, doc: str = "doc-a", start: int = 0) -> Chunk:
    return Chunk(chunk_id=f"{doc}:{ordinal}.{part}", doc_id=doc, title="T", organisation="A", doc_type="policy",
                 level=level, clause=str(ordinal), heading=f"Clause {ordinal}", page=part + 1, text=text,
                 header="T", ordinal=ordinal, part=part, part_start=start)


def test_widen_joins_a_long_clause_part_with_the_next_one():
    """A window ending on « … sont les suivantes : » is read with the next window (their shared
    sentence once); the hit keeps its id, score and page; a later hit inside it is dropped."""
    parts = [_part(1, 0, "Intro. Les données collectées sont les suivantes :"),
             _part(1, 1, "Les données collectées sont les suivantes :\n• nom\n• e-mail. Suite.", start=7),
             _part(1, 2, "Suite. Fin de la clause.", start=67),
             _part(2, 0, "Une clause courte.")]
    chunks = {c.chunk_id: c for c in parts}
    hits = [Hit.of(chunks["doc-a:1.0"], 0.9), Hit.of(chunks["doc-a:2.0"], 0.8),
            Hit.of(chunks["doc-a:1.1"], 0.7), Hit.of(chunks["doc-a:1.2"], 0.6)]
    out = widen(hits, chunks, clause_parts(chunks), lambda c: True)
    assert [h.chunk_id for h in out] == ["doc-a:1.0", "doc-a:2.0", "doc-a:1.2"]
    assert out[0].text == "Intro. Les données collectées sont les suivantes :\n• nom\n• e-mail. Suite."
    assert (out[0].score, out[0].page) == (0.9, 1)
    assert out[1] == hits[1]  # a one-part clause is left as it is
    assert out[2].text == "Suite. Fin de la clause."  # the last part has nothing after it


def test_a_widened_hit_knows_the_pages_of_its_joined_text():
    """Page 2 starts at « Deux. », the sentence part 1 repeats, page 3 inside part 1: in the
    joined text each offset gives the page it lies on."""
    parts = [replace(_part(1, 0, "Un. Deux."), page_breaks=((4, 2),)), replace(_part(1, 1, "Deux. Trois. Quatre.", start=4), page_breaks=((13, 3),))]
    chunks = {c.chunk_id: c for c in parts}
    widened, = widen([Hit.of(parts[0], 1.0)], chunks, clause_parts(chunks), lambda c: True)
    assert widened.text == "Un. Deux. Trois. Quatre."
    assert widened.page_breaks == ((4, 2), (17, 3))
    assert [widened.page_at(widened.text.index(w)) for w in ("Un", "Deux", "Trois", "Quatre")] == [1, 2, 2, 3]


def test_widen_never_joins_a_part_the_filter_refuses():
    parts = [_part(1, 0, "Début de la clause :"), _part(1, 1, "• un secret", level=3, start=21)]
    chunks = {c.chunk_id: c for c in parts}
    out = widen([Hit.of(parts[0], 1.0)], chunks, clause_parts(chunks), lambda c: c.level <= 0)
    assert out[0].text == "Début de la clause :"


def test_answer_context_widens_in_full_mode_only(corpus_retriever):
    long_clause = max(clause_parts(corpus_retriever.chunks).values(), key=len)
    first = Hit.of(long_clause[0], 1.0)
    widened = corpus_retriever.answer_context([first], ANON)[0]
    assert widened.text.startswith(first.text) and len(widened.text) > len(first.text)
    assert long_clause[1].text.split("\n")[-1] in widened.text
    hybrid = corpus_retriever.with_config(RetrievalConfig(mode="hybrid"))
    assert hybrid.answer_context([first], ANON)[0].text == first.text


def test_naming_hundreds_of_organisations_compiles_their_patterns_once(monkeypatch):
    """A question whose words name more organisations than re's cache holds (512 patterns)
    blanks them with the same result, without compiling their patterns on every question."""
    import re

    from clausier.reading import query

    orgs = [f"Looper-AI {i:05d}" for i in range(700)] + ["AOPS"]
    index = query.OrganisationIndex(orgs)
    question = "Que fait Looper-AI des données de ses clients, et AOPS ?"
    first = query.analyze_query(question, index)
    assert len(first.organisations) == 701 and "Looper" not in first.unscoped and "AOPS" not in first.unscoped
    compiled = []
    real = re._compile
    monkeypatch.setattr(re, "_compile", lambda pattern, flags: compiled.append(pattern) or real(pattern, flags))
    again = query.analyze_query(question, index)
    assert again == first
    assert not [p for p in compiled if isinstance(p, str) and p.startswith("(?<![\\w])")]


def test_lexical_scoring_runs_while_the_query_is_embedded(corpus_retriever, indexed_settings, embedder, monkeypatch):
    """The lexical side of a search is scored while the query embedding is computed (the
    model runs outside the GIL), and the hits are those of the search without the overlap."""
    import threading

    from clausier.index.lexical import LexicalIndex

    question, caller = "Combien de temps les cookies sont-ils conservés ?", Caller(user="t", clearance=3)
    expected = corpus_retriever.search(question, caller, k=5)
    scored = threading.Event()
    real_search = LexicalIndex.search
    monkeypatch.setattr(LexicalIndex, "search", lambda self, *a, **kw: scored.set() or real_search(self, *a, **kw))
    seen = []

    class Waiting:
        def __init__(self, inner):
            self.inner, self.dim = inner, inner.dim

        def embed_queries(self, texts):
            seen.append(scored.wait(timeout=5))  # the lexical side starts without waiting for this
            return self.inner.embed_queries(texts)

    overlapped = build_retriever(indexed_settings, corpus_retriever.config, embedder=Waiting(embedder))
    assert overlapped.search(question, caller, k=5) == expected
    assert seen == [True]
