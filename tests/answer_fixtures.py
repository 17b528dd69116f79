"""Hits built by hand from real clause texts of the corpus, for the answerer's tests.

tests/fixtures/answer/clauses.json holds the clauses, copied from corpus/ (the IPSO ones in
their repaired form), so these tests do not depend on ingest or retrieval.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from clausier.schema import Hit, chunk_id_for

FIXTURE = Path(__file__).parent / "fixtures" / "answer" / "clauses.json"
CLAUSES = {c["key"]: c for c in json.loads(FIXTURE.read_text(encoding="utf-8"))["clauses"]}

PHONE_FR = "Combien de temps Looper-AI garde-t-il les informations notées lors d'un appel téléphonique ?"
PHONE_EN = "How long does Looper-AI keep the information noted during a phone call?"
PHONE_HITS = ("looper-emails", "looper-phone", "looper-website", "looper-access")
ABSTAIN_FR = "Je ne trouve pas la réponse dans les documents disponibles."
ABSTAIN_EN = "I cannot find the answer in the available documents."


def make_hit(key: str, rank: int = 0) -> Hit:
    c = CLAUSES[key]
    return Hit(
        chunk_id=chunk_id_for(c["doc_id"], c["clause"], 0, 0, c["text"]),
        doc_id=c["doc_id"],
        title=c["title"],
        organisation=c["organisation"],
        clause=c["clause"],
        heading=c["heading"],
        page=c["page"],
        text=c["text"],
        score=1.0 / (rank + 1),
        level=0,
        kind=c["kind"],
    )


def hits(*keys: str) -> list[Hit]:
    return [make_hit(key, rank) for rank, key in enumerate(keys)]


def quoted(text: str) -> list[str]:
    return re.findall(r"« (.*?) » \[\d+\]", text)


def assert_grounded(answer, given: list[Hit]) -> None:
    """Every quote is verbatim clause text; every quoted fragment of the text comes from a citation."""
    by_id = {h.chunk_id: h for h in given}
    for citation in answer.citations:
        hit = by_id[citation.chunk_id]
        assert citation.quote and citation.quote in hit.text
        assert citation.clause_text == hit.text
        assert (citation.doc_id, citation.clause, citation.heading) == (hit.doc_id, hit.clause, hit.heading)
    flat_quotes = [" ".join(c.quote.split()) for c in answer.citations]
    for fragment in quoted(answer.text):
        assert any(fragment in q for q in flat_quotes), fragment
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers == {c.n for c in answer.citations}
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
