"""Query analysis: normalisation, organisations named in the question, lexical expansion."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from clausier.textnorm import detect_language, fold

from clausier.reading.vocabulary import widen_query

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class AnalyzedQuery:
    text: str  # the question as the user wrote it, whitespace normalised
    lexical: str  # the text BM25 sees (with the vocabulary's query phrases)
    organisations: frozenset[str]  # organisations the question names
    language: str
    unscoped: str = ""  # the question without the organisation names (the scope filter has them)


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


class OrganisationIndex:
    """Every alias of a set of organisations, computed once: naming organisations in a question
    is then one dictionary look-up per run of words, whatever the number of organisations.
    Same answer as ``organisations_named``: an alias is a run of whole folded words."""

    def __init__(self, organisations: Iterable[str]):
        self.organisations = tuple(sorted({org for org in organisations if org}))
        self._by_alias: dict[tuple[str, ...], set[str]] = {}
        for org in self.organisations:
            for alias in _aliases(org):
                self._by_alias.setdefault(tuple(alias.split()), set()).add(org)
        self._longest = max((len(words) for words in self._by_alias), default=0)

    def named(self, question: str) -> frozenset[str]:
        words = re.findall(r"[a-z0-9]+", fold(question))
        found: set[str] = set()
        for start in range(len(words)):
            for size in range(1, min(self._longest, len(words) - start) + 1):
                found |= self._by_alias.get(tuple(words[start : start + size]), set())
        return frozenset(found)


def without_organisations(question: str, organisations: Iterable[str]) -> str:
    """The question with the names of ``organisations`` blanked out (word boundaries only). The
    aliases are folded, so they are matched against the folded question and the spans they cover
    are blanked in the question as written (« Brisecôte » as well as « Brisecote »)."""
    folded, origin = _folded_with_origin(question)
    # a pattern matches only where its first word is written (case aside), so the others are
    # not scanned, nor a pattern twice: « Looper » names hundreds of organisations at 100 k
    probe = folded.translate(_CASE_TWINS)
    scanned: set[str] = set()
    blank = [False] * len(question)
    for org in organisations:
        for first, pattern in _alias_patterns(org):
            if first not in probe or pattern.pattern in scanned:
                continue
            scanned.add(pattern.pattern)
            for match in pattern.finditer(folded):
                for index in range(origin[match.start()], origin[match.end() - 1] + 1):
                    blank[index] = True
    out = "".join(" " if blanked else ch for ch, blanked in zip(question, blank))
    return _SPACES.sub(" ", out).strip()


def _folded_with_origin(text: str) -> tuple[str, list[int]]:
    """``text`` folded character by character (lower case, accents dropped, « œ » → « oe »; no
    compatibility mapping, so « ™ » stays itself), and for each folded character the index of the
    character of ``text`` it comes from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        decomposed = unicodedata.normalize("NFD", char.lower())
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("œ", "oe").replace("æ", "ae")
        out.append(folded)
        origin.extend([index] * len(folded))
    return "".join(out), origin


# the only characters a case-insensitive pattern of ASCII letters and digits matches besides
# themselves and their capitals (checked over every code point), as the letters they match
_CASE_TWINS = str.maketrans({"ı": "i", "İ": "i", "K": "k", "ſ": "s"})


@lru_cache(maxsize=65536)
def _alias_patterns(organisation: str) -> tuple[tuple[str, re.Pattern], ...]:
    """The compiled patterns of an organisation's aliases, longest first, each with its first
    word (re's own cache holds 512 patterns: a question naming hundreds of organisations
    recompiled them all)."""
    out = []
    for alias in sorted(_aliases(organisation), key=len, reverse=True):
        parts = alias.split()
        escaped = [re.escape(p) for p in parts]
        out.append((parts[0], re.compile(r"(?<![\w])" + r"[\s\W_]*".join(escaped) + r"(?:®|™)?(?![\w])", re.IGNORECASE)))
    return tuple(out)


def analyze_query(question: str, organisations: Iterable[str] | OrganisationIndex) -> AnalyzedQuery:
    text = _SPACES.sub(" ", question).strip()
    if isinstance(organisations, OrganisationIndex):
        named = organisations.named(text)
    else:
        named = organisations_named(text, organisations)
    unscoped = without_organisations(text, named) if named else text
    return AnalyzedQuery(
        text=text,
        lexical=widen_query(unscoped),
        organisations=named,
        language=detect_language(text),
        unscoped=unscoped,
    )
