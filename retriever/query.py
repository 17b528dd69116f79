"""Query analysis: normalisation, organisations named in the question, lexical expansion."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from clausier.textnorm import detect_language, fold

from .glossary import expand

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class AnalyzedQuery:
    text: str  # the question as the user wrote it, whitespace normalised
    lexical: str  # the text BM25 sees (with glossary terms)
    organisations: frozenset[str]  # organisations the question names
    language: str


def _aliases(organisation: str) -> set[str]:
    """Folded forms a question may use for an organisation (« Looper-AI », « looper ai », « Looper »)."""
    folded = fold(organisation)
    words = re.findall(r"[a-z0-9]+", folded)
    aliases = {" ".join(words), "".join(words)}
    if words and len(words[0]) >= 4:
        aliases.add(words[0])
    return {alias for alias in aliases if alias}


def organisations_named(question: str, organisations: Iterable[str]) -> frozenset[str]:
    spaced = " " + " ".join(re.findall(r"[a-z0-9]+", fold(question))) + " "
    return frozenset(
        org for org in organisations if org and any(f" {alias} " in spaced for alias in _aliases(org))
    )


def analyze_query(question: str, organisations: Iterable[str]) -> AnalyzedQuery:
    text = _SPACES.sub(" ", question).strip()
    return AnalyzedQuery(
        text=text,
        lexical=expand(text),
        organisations=organisations_named(text, organisations),
        language=detect_language(text),
    )
