"""Gold question sets: load them, check them against the indexed texts, describe their make-up.

A dataset is a JSON-lines file, one question per line::

    {"id", "question", "type", "answer", "evidence": [{"doc", "quote", "clause"}],
     "answer_keywords": [...], "lang", "paraphrase"?, "answer_keywords_en"?: [...]}

Quotes are verbatim text of the document as indexed (repaired, cleaned); only whitespace may
differ. Keywords are what a correct answer must contain (compared case- and accent-insensitively,
number words as digits) and are taken from the evidence quotes. An English item also has
English keywords (``answer_keywords_en``, written from its English gold answer; « a | b » accepts
either): its answer is scored on them, against the English frame, verdict and translations. A
comparison item may also name the organisations its evidence comes from.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from clausier.errors import ClausierError
from eval.metrics import keyword_found

TYPES = frozenset({"factual", "numeric", "list", "yes_no", "comparison", "unanswerable"})
LANGS = frozenset({"fr", "en"})
_REQUIRED = ("id", "question", "type", "answer", "evidence", "answer_keywords", "lang")
_SPACES = re.compile(r"\s+")


class DatasetError(ClausierError):
    """A dataset file cannot be read (bad JSON, missing field, wrong shape)."""


@dataclass(frozen=True)
class Evidence:
    doc: str
    quote: str
    clause: str


@dataclass(frozen=True)
class EvalItem:
    id: str
    question: str
    type: str
    answer: str
    evidence: tuple[Evidence, ...]
    answer_keywords: tuple[str, ...]
    lang: str
    paraphrase: bool = False
    # an English item's keywords in English (alternatives joined by « | »): the answer now
    # speaks the asker's language (frame, verdict, translations of the French quotes)
    answer_keywords_en: tuple[str, ...] = ()

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"

    @property
    def scored_keywords(self) -> tuple[str, ...]:
        """What the answer must contain: the English keywords for an English item that has them."""
        return self.answer_keywords_en if self.lang == "en" and self.answer_keywords_en else self.answer_keywords


def load_dataset(path: str | Path) -> list[EvalItem]:
    """Read a JSON-lines dataset; a malformed line raises DatasetError naming file and line."""
    path = Path(path)
    items: list[EvalItem] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                items.append(_item(json.loads(line)))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
                raise DatasetError(f"{path}:{number}: ligne invalide ({error})") from error
    return items


def _item(raw: object) -> EvalItem:
    if not isinstance(raw, dict):
        raise TypeError("an object is expected")
    missing = [key for key in _REQUIRED if key not in raw]
    if missing:
        raise KeyError(f"missing field(s): {', '.join(missing)}")
    if not isinstance(raw["evidence"], list) or not isinstance(raw["answer_keywords"], list):
        raise TypeError("evidence and answer_keywords must be lists")
    evidence = tuple(
        Evidence(doc=str(e["doc"]), quote=str(e["quote"]), clause=str(e["clause"]))
        for e in raw["evidence"]
    )
    return EvalItem(
        id=str(raw["id"]),
        question=str(raw["question"]),
        type=str(raw["type"]),
        answer=str(raw["answer"]),
        evidence=evidence,
        answer_keywords=tuple(str(k) for k in raw["answer_keywords"]),
        lang=str(raw["lang"]),
        paraphrase=bool(raw.get("paraphrase", False)),
        answer_keywords_en=tuple(str(k) for k in raw.get("answer_keywords_en") or ()),
    )


def collapse(text: str) -> str:
    """All whitespace runs (line breaks included) become one space; ends stripped."""
    return _SPACES.sub(" ", text).strip()


def validate(
    items: Iterable[EvalItem], texts: Mapping[str, str], organisations: Mapping[str, str] | None = None
) -> list[str]:
    """Every problem found, one message per problem; an empty list means the dataset is sound.

    ``texts`` maps each doc id to its prepared text, ``organisations`` to its organisation.
    """
    organisations = organisations or {}
    collapsed = {doc: collapse(text) for doc, text in texts.items()}
    problems: list[str] = []
    seen: Counter[str] = Counter()
    for item in items:
        seen[item.id] += 1
        problems.extend(f"{item.id}: {p}" for p in _item_problems(item, collapsed, organisations))
    problems.extend(f"{item_id}: duplicate id ({n}×)" for item_id, n in seen.items() if n > 1)
    return problems


def _item_problems(item: EvalItem, texts: Mapping[str, str], organisations: Mapping[str, str]) -> list[str]:
    problems: list[str] = []
    if item.type not in TYPES:
        problems.append(f"bad type {item.type!r}")
    if item.lang not in LANGS:
        problems.append(f"bad lang {item.lang!r}")
    if not item.question.strip() or not item.answer.strip():
        problems.append("empty question or answer")
    if not item.answerable:
        if item.evidence:
            problems.append("unanswerable item has evidence")
        if item.answer_keywords:
            problems.append("unanswerable item has keywords")
        return problems
    if not item.evidence:
        problems.append("answerable item without evidence")
    if not [k for k in item.answer_keywords if k.strip()]:
        problems.append("answerable item without keywords")
    for evidence in item.evidence:
        if evidence.doc not in texts:
            problems.append(f"unknown doc id {evidence.doc!r}")
        elif not evidence.quote.strip() or collapse(evidence.quote) not in texts[evidence.doc]:
            problems.append(f"quote not verbatim in {evidence.doc}: {evidence.quote[:60]!r}")
        if not evidence.clause.strip():
            problems.append(f"evidence in {evidence.doc} without clause")
    quotes = "\n".join(e.quote for e in item.evidence)
    for keyword in item.answer_keywords:
        if keyword_found(quotes, keyword):
            continue
        compared = " | ".join(organisations.get(e.doc, "") for e in item.evidence)
        if item.type == "comparison" and keyword_found(compared, keyword):
            continue  # an organisation compared: the answer names each one
        problems.append(f"keyword {keyword!r} not in the evidence quotes")
    return problems


def dataset_stats(items: Iterable[EvalItem]) -> dict:
    """Counts per type, language and document, and the paraphrase and unanswerable shares."""
    items = list(items)
    total = len(items)
    docs: Counter[str] = Counter()
    for item in items:
        for doc in {e.doc for e in item.evidence}:
            docs[doc] += 1
    share = (lambda n: round(n / total, 3)) if total else (lambda n: 0.0)
    return {
        "total": total,
        "types": dict(Counter(item.type for item in items)),
        "langs": dict(Counter(item.lang for item in items)),
        "docs": dict(docs),
        "multi_doc": sum(1 for item in items if len({e.doc for e in item.evidence}) > 1),
        "paraphrase_share": share(sum(item.paraphrase for item in items)),
        "unanswerable_share": share(sum(not item.answerable for item in items)),
        "english_share": share(sum(item.lang == "en" for item in items)),
    }
