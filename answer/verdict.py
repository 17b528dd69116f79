"""« Oui » / « Non » for yes/no questions, only when the quoted sentence says it plainly.

« Non »: the sentence is negated (« ne … pas », « n'est pas autorisé », « ne … jamais »), it
names the question's verb, and any exception it makes (« sans », « sauf ») is the very case
the question asks about (the question says « sans » / « without » too).
« Oui »: the sentence grants the question's verb (« peut », « a le droit », « est autorisé »)
with no negation and no condition.
Anything else: no verdict, the quote speaks for itself. A question about every case (« tous
les cookies », « jusqu'au dernier traceur », « all », « every ») gets no « Oui »: an exception
may sit in another clause, and a quote cannot show that there is none.
"""

from __future__ import annotations

import re

from clausier.textnorm import fold

from answer.lexicon import terms
from answer.question import Question
from answer.scoring import SentenceSupport, match_keys, term_keys

YES, NO = "yes", "no"
MIN_OWN_COVERAGE = 0.5

_NEGATION = re.compile(
    r"\b(?:ne|n')\s*[^.;:]{0,80}?\b(?:pas|jamais|aucun|aucune|nullement|point|plus)\b"
    r"|\ben aucun cas\b|\binterdit|\bni\b[^.;:]{0,60}\bni\b"
)
_RESTRICTIVE = re.compile(r"\b(?:ne|n')\s*[^.;:]{0,40}?\bque\b")
_EXCEPTION = re.compile(r"\b(?:sans|sauf|a moins|excepte|hormis|sous reserve|a l'exception)\b")
_CONDITION = re.compile(
    r"\b(?:si|s'il|s'ils|sauf|sous reserve|lorsque|lorsqu|a condition|pourvu|sans|uniquement|"
    r"seulement|dans la mesure)\b"
)
_UNIVERSAL = re.compile(
    r"\b(?:tous|toutes|jusqu'au dernier|jusqu'a la derniere|n'importe|sans exception|all|every|each)\b"
)
_PERMISSION = re.compile(
    r"\b(?:peut|peuvent|pouvez|pourra|pourront|est autorise|sont autorises|est autorisee|"
    r"a le droit|avez le droit|ont le droit|a la faculte|il est possible)\b"
)


def _names_verb(question: Question, item: SentenceSupport) -> bool:
    if question.verb is None:
        return question.language == "en" and item.own_coverage >= 0.6
    return bool(term_keys(question.verb) & item.candidate.own)


def verdict(question: Question, item: SentenceSupport) -> str | None:
    """YES, NO or None for the best-supported sentence of a yes/no question."""
    if not question.yes_no or question.negated or item.own_coverage < MIN_OWN_COVERAGE:
        return None
    if not _names_verb(question, item):
        return None
    sentence = _focus(question, " ".join(fold(item.candidate.quote).split()))
    negated = bool(_NEGATION.search(sentence)) and not _RESTRICTIVE.search(sentence)
    if negated:
        exception = _EXCEPTION.search(sentence)
        if exception is None:
            return None if question.without else NO
        return NO if question.without and _exception_matches(question, sentence[exception.end() :]) else None
    universal = bool(_UNIVERSAL.search(fold(question.text)))
    if _PERMISSION.search(sentence) and not _CONDITION.search(sentence) and not question.without and not universal:
        return YES
    return None


_PIECES = re.compile(r"\s*;\s*|\s+[o•●▪-]\s+(?=[a-z])")


def _focus(question: Question, sentence: str) -> str:
    """The part of a segment that speaks of the question: a run of measures joined by « ; »
    (« … ; o procédures internes en cas d'incidents ; o … n'aient pas accès aux locaux ») is
    judged on the measure that shares most question terms, not on another one's negation."""
    pieces = [p for p in _PIECES.split(sentence) if p.strip()]
    if len(pieces) < 2:
        return sentence
    keys = [term_keys(t) for t in question.terms]

    def shared(piece: str) -> int:
        own = match_keys(terms(piece))
        return sum(1 for k in keys if k & own)

    return max(pieces, key=shared)  # ties: the first piece


def _exception_matches(question: Question, tail: str) -> bool:
    """The words after « sans » in the sentence are among the question's terms."""
    tail_keys = match_keys(terms(" ".join(tail.split()[:8])))
    return any(term_keys(t) & tail_keys for t in question.terms)
