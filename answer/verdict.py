"""« Oui » / « Non » for yes/no questions, from the polarity of the sentence that states the
asked predicate (the answerer finds it: a supported sentence about the question's focus).

« Non »: the sentence is negated (« ne … pas », « en aucun cas », « dispensés de », « déclinons
toute ») and any exception it makes (« sans », « sauf ») is the very case the question asks
about; or the question asks « sans mon accord » and the sentence requires consent; or the
question asks for an absolute (« librement », « indéfiniment ») that the sentence restricts.
« Oui »: the sentence states the predicate without negation (a permission, an obligation, a
fact; a condition does not turn it into « Non », the quote shows it).
Anything else: no verdict, the quote speaks for itself. A sentence allowing one case only (« ne
… que », « seulement ») answers only a question that asks about that restriction. A question
about every case (« tous les cookies », « all ») gets no « Oui »: an exception may sit in
another clause, and a quote cannot show that there is none.
"""

from __future__ import annotations

import re

from clausier.textnorm import fold

from answer import wordvectors
from answer.lexicon import terms
from answer.question import Question
from answer.scoring import SentenceSupport, match_keys, term_keys

YES, NO = "yes", "no"

_NEGATION = re.compile(
    r"\b(?:ne|n')\s*[^.;:]{0,80}?\b(?:pas|jamais|aucun|aucune|nullement|point|plus|rien)\b"
    r"|\ben aucun cas\b|\binterdit|\bni\b[^.;:]{0,60}\bni\b|\bdispense\w* de\b|\bexempte\w* de\b"
    r"|\bdeclin\w* toute\b|\bnot\b|\bnever\b|\bno longer\b|\bcannot\b|\bn't\b"
)
# « ne … que », « seulement », « exclusivement »: the sentence allows one case; whether the
# question's case is that one, a pattern cannot tell
_RESTRICTIVE = re.compile(
    r"\b(?:ne|n')\s*[^.;:]{0,40}?\bque\b|\b(?:seulement|uniquement|exclusivement|only|solely|exclusively)\b"
    r"|\bseule?s?\b"
)
_NE_QUE = re.compile(r"\b(?:ne|n')\s*[^.;:]{0,40}?\bque\b")
_EXCEPTION = re.compile(r"\b(?:sans|sauf|a moins|excepte|hormis|sous reserve|a l'exception)\b")
_CONDITION = re.compile(
    r"\b(?:si|s'il|s'ils|sauf|sous reserve|lorsque|lorsqu|a condition|pourvu|uniquement|le cas echeant|"
    r"seulement|dans la mesure|if|unless|where|when|provided)\b"
)
_UNIVERSAL = re.compile(
    r"\b(?:tous|toutes|jusqu'au dernier|jusqu'a la derniere|n'importe|sans exception|all|every|each|any)\b"
)
# an absolute in the question (« librement », « indéfiniment », « de sa propre initiative »)
# that any condition or obligation in the sentence contradicts
_ABSOLUTE = re.compile(
    r"\b(?:librement|indefiniment|de sa propre initiative|de leur propre initiative|sans limite|a vie|pour toujours"
    r"|freely|indefinitely|forever|on (?:its|their) own initiative|for (?:its|their) own purposes)\b"
)
# what the question's « sans mon accord » is about, stated as required in the sentence
_CONSENT = re.compile(
    r"\b(?:consentement|accord|autorisation|instructions?|approbation|base du consentement|consent|approval"
    r"|authori[sz]ation|instruction)\b"
)
# a restriction the question asks about itself (« au strict nécessaire »)
_QUESTION_RESTRICTS = re.compile(r"\b(?:strict\w*|seulement|uniquement|only|solely|strictly)\b")


def verdict(question: Question, item: SentenceSupport, *, best: bool = False) -> str | None:
    """YES, NO or None for the sentence that states what a yes/no question asks (``best``: it
    is also the best-supported sentence of all)."""
    if not question.yes_no or question.negated:
        return None
    predicate = _states_predicate(question, item)
    if not predicate and not best:
        return None  # neither the question's predicate nor the strongest evidence
    asked = " ".join(fold(question.text).split())
    sentence = _focus(question, " ".join(fold(item.candidate.quote).split()))
    restrictive = bool(_RESTRICTIVE.search(sentence))
    negated = bool(_NEGATION.search(_NE_QUE.sub(" ", sentence)))
    if negated and not restrictive:
        exception = _EXCEPTION.search(sentence)
        if exception is None:
            return None if question.without else NO
        return NO if question.without and _exception_matches(question, sentence[exception.end() :]) else None
    if restrictive:
        # « ne … que les données strictement indispensables » answers « au strict nécessaire ? »;
        # « seulement autorisés à traiter en notre nom » answers « for their own purposes? » no
        if _QUESTION_RESTRICTS.search(asked):
            return YES
        return NO if _ABSOLUTE.search(asked) else None
    if question.without:
        return NO if _CONSENT.search(sentence) and not _EXCEPTION.search(sentence) else None
    if _ABSOLUTE.search(asked):
        return NO if _CONDITION.search(sentence) or _OBLIGATION.search(sentence) else None
    if _UNIVERSAL.search(asked):
        return None  # an exception may sit in another clause; a quote cannot show there is none
    # a plain sentence is « Oui » only when it states the asked predicate itself: being the
    # closest sentence on the topic is not saying yes
    return YES if predicate else None


MIN_OWN_COVERAGE = 0.5  # without a French verb (English questions): share of the question the sentence states


def _states_predicate(question: Question, item: SentenceSupport) -> bool:
    """The sentence holds the question's main verb (exactly, through the vocabulary or as a
    near-synonym), or, when there is none to find, most of the question's terms."""
    if question.verb is None:
        return item.own_coverage >= MIN_OWN_COVERAGE
    from answer.focus import holds  # focus imports the scoring this module sits beside

    words = [w for stem, w in wordvectors.content_words(question.text) if stem == question.verb]
    return holds(question.verb, words, item.candidate)


_OBLIGATION = re.compile(r"\b(?:doit|doivent|devra|devront|est tenu|sont tenus|must|shall|required)\b")


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
