"""« Oui » / « Non » for a yes/no question that states a period (« Ikomia garde les données de
ses clients pendant 10 ans ? », « Does IPSO have to tell us within 72 hours? »): the question
asks whether the documents give that very period, and a quoted sentence on the same thing that
states one answers it.

« Oui »  the sentence states the question's period (« un délai d'un mois maximum » for « sous un
         mois max ? », « au plus tard dans les 72 heures » for « within 72 hours? »); « Oui, sous
         conditions » when it sets a condition (« si la demande s'avère recevable »).
« Non »  the sentence states another length in a unit that converts exactly (« 5 ans » for
         « pendant 10 ans ? »), and the question names the period itself, not a bound: « sous
         deux mois ? » against « un mois » is true of a one-month limit, « jusqu'à deux mois,
         c'est ça ? » asks what the limit is; neither is read.
None     the units do not convert (a month is not thirty days), the sentence states several
         lengths or negates, or the first sentences stating one disagree.

The sentence is on the same thing when it names the question's terms besides the period, the
bound and the domain's common words: all of them, or all but one of four or more (« Données de
navigation, audience des prospects : 5 ans » does not answer « a prospect's name and email for
3 years? »).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from clausier.textnorm import fold

from clausier.reading.periods import Period, periods
from clausier.reading.polarity import CONDITION, NEGATION
from clausier.reading.question import Question
from clausier.reading.support import SentenceSupport, term_keys
from clausier.reading.vocabulary import common_terms, terms

from answer.config import AnswerConfig
from answer.statement import focus, names_most

YES, NO, YES_IF = "yes", "no", "yes-if"

# words that make the question's period a bound rather than the period itself
_BOUND = re.compile(
    r"\b(?:max|maximum|minimum|mini|jusqu'(?:a|au|en)|sous|dans les|dans un delai|d'ici|avant|au plus tard|"
    r"within|up to|no later than|at the latest|before|in under|under)\b"
)
_TOLERANT_FROM = 4  # the predicate's terms from which one may be said otherwise (what the period is of must be named)


def claimed_period(question: Question) -> Period | None:
    """The one period a yes/no question states, or None (none, or several)."""
    if not question.yes_no:
        return None
    found = periods(" ".join(fold(question.text).split()))
    return found[0] if len(found) == 1 else None


def period_verdict(question: Question, claimed: Period, scored: Sequence[SentenceSupport],
                   config: AnswerConfig) -> str | None:
    """YES, YES_IF, NO or None from the first of the first ``config.verdict_depth`` quoted
    sentences that state a period on the question's predicate (None when a later one disagrees)."""
    folded = " ".join(fold(question.text).split())
    predicate = _predicate(question, folded, claimed)
    if not predicate:
        return None
    bounded = bool(_BOUND.search(folded))
    read: list[str | None] = []
    for item in scored[: config.verdict_depth]:
        sentence = focus(question, item.candidate.quote)
        stated = periods(sentence)
        if not stated or not names_most(predicate, item, _TOLERANT_FROM):
            continue
        read.append(_compare(claimed, stated, sentence, bounded))
    if not read or any(found != read[0] for found in read[1:]):
        return None
    return read[0]


def _compare(claimed: Period, stated: Sequence[Period], sentence: str, bounded: bool) -> str | None:
    if NEGATION.search(sentence):
        return None
    if len({(p.amount, p.unit) for p in stated}) > 1:
        return None  # « 3 ans pour les prospects, 5 ans pour les clients »: which one is asked?
    same = claimed.same_length(stated[0])
    if same is None:
        return None
    if same:
        return YES_IF if CONDITION.search(sentence) else YES
    return None if bounded else NO


def _predicate(question: Question, folded: str, claimed: Period) -> list[frozenset[str]]:
    """The keys of the question's terms besides its period, its bound and the common words."""
    period_words = set(terms(folded[claimed.start : claimed.end])) | _bound_terms()
    common = common_terms()
    return [term_keys(t) for t in question.terms if t not in period_words and t not in common and not t.isdigit()]


@lru_cache(maxsize=1)
def _bound_terms() -> frozenset[str]:
    return frozenset(terms("max maximum minimum pendant durant sous jusqu within during for up until"))
