"""« Oui » / « Non » for yes/no questions, only when a quoted sentence says it plainly.

A verdict is read from the sentence that states the asked predicate: it holds most of the
question's content terms, the question's verb among them (``states``). Then:

« Non »  - the sentence negates the predicate (« ne … pas », « en aucun cas », « est dispensé
           de »), and any exception it makes (« sans », « sauf ») is the very case the question
           asks about;
         - or the question asks whether something happens *without a limit* (« librement »,
           « sans notre accord », « indéfiniment », « de sa propre initiative », « for their own
           purposes ») and a quoted sentence on the same predicate sets that very limit
           (« seulement … en notre nom », « devra être accepté par », « sur demande écrite »,
           « détruira … après l'expiration »): the limit answers « no ».
« Oui »  the sentence asserts the predicate without negation, and the question asks neither
         about every case (« tous les cookies », « all »: an exception may sit in another
         clause) nor about an unlimited case; « Oui, sous conditions » when the sentence grants
         it under a condition or restriction (« si », « uniquement », « moyennant »), which the
         quote then shows.
Anything else: no verdict, the quotes speak for themselves. A wrong verdict is worse than none.
"""

from __future__ import annotations

import re
from typing import Sequence

from clausier.textnorm import fold

from clausier.reading.lexicon import terms
from clausier.reading.question import Question
from clausier.reading.candidates import match_keys
from clausier.reading.support import SentenceSupport, term_keys

from answer.config import DEFAULT_ANSWER, AnswerConfig

YES, NO = "yes", "no"
YES_IF = "yes-if"  # « Oui, sous conditions » : the sentence grants the predicate with a condition

_NEGATION = re.compile(
    r"\b(?:ne|n')\s*[^.;:]{0,80}?\b(?:pas|jamais|aucun|aucune|nullement|point|plus)\b"
    r"|\ben aucun cas\b|\binterdit|\bni\b[^.;:]{0,60}\bni\b"
    r"|\b(?:est|sont|sera|seront)\s+(?:\w+\s+)?(?:dispenses?|exemptes?|exoneres?)\b"
)
_RESTRICTIVE = re.compile(r"\b(?:ne|n')\s*[^.;:]{0,40}?\bque\b")
_EXCEPTION = re.compile(r"\b(?:sans|sauf|a moins|excepte|hormis|sous reserve|a l'exception)\b")
_CONDITION = re.compile(
    r"\b(?:si|s'il|s'ils|sauf|sous reserve|lorsque|lorsqu|a condition|pourvu|sans|uniquement|"
    r"seulement|exclusivement|seules?|dans la mesure|moyennant|le cas echeant|en principe)\b"
)
_UNIVERSAL = re.compile(
    r"\b(?:tous|toutes|jusqu'au dernier|jusqu'a la derniere|n'importe|sans exception|all|every|each|any)\b"
)

# What an « unlimited » question leaves out, and the sentence wording that puts the limit back.
# Keys: consent (« sans notre accord »), scope (« librement », « for their own purposes »),
# initiative (« de sa propre initiative »), time (« indéfiniment »).
_UNLIMITED = {
    "consent": re.compile(
        r"\bsans (?:mon|ma|notre|votre|leur|son|sa|nos|vos|leurs|l'|le|la)?\s*(?:accord|consentement|"
        r"autorisation|permission|feu vert|aval)\b|\bwithout (?:my|our|your|their|his|her|the|any|prior)?\s*"
        r"(?:consent|agreement|permission|approval|authori[sz]ation)\b"
    ),
    "scope": re.compile(
        r"\blibrement\b|\ba (?:sa|leur) guise\b|\bcomme (?:bon )?(?:il|elle|ils|elles) (?:veut|veulent|"
        r"l'entend|l'entendent|lui semble)\b|\bsans (?:limite|limitation|restriction|condition)s?\b"
        r"|\bpour (?:son|sa|ses|leur|leurs) propres? (?:fins|besoins|usages?|compte)\b|\bfreely\b"
        r"|\bfree to\b|\bat (?:its|their|will)\b|\bas (?:it|they) (?:wish|please|see fit)\b"
        r"|\bfor (?:its|their|his|her) own (?:purposes?|use|ends|account)\b|\bwithout (?:any )?"
        r"(?:limit|limits|limitation|restriction|condition)s?\b|\bunilateral"
    ),
    "initiative": re.compile(
        r"\bde (?:sa|leur) propre initiative\b|\bd'office\b|\bspontanement\b|\bof (?:its|their) own "
        r"(?:accord|initiative)\b|\bon (?:its|their) own initiative\b"
    ),
    "time": re.compile(
        r"\bindefiniment\b|\bsans limite de (?:temps|duree)\b|\bpour toujours\b|\ba vie\b|\bindefinitely\b"
        r"|\bforever\b|\bwithout (?:a )?time limit\b|\bpermanently\b"
    ),
}
_LIMIT = {
    "consent": re.compile(
        r"\b(?:accord|consentement|autorisation|permission|instructions? ecrites?|approbation)\b"
    ),
    "scope": re.compile(
        r"\b(?:seulement|uniquement|exclusivement|seules?|a ces seules fins|en (?:notre|son|leur) nom|"
        r"pour (?:notre|le) compte|(?:doit|doivent|devra|devront) etre (?:accepte|approuve|autorise|valide)e?s?|"
        r"soumise?s? a|sous reserve)\b|\b(?:ne|n')\s*[^.;:]{0,40}?\bque\b"
    ),
    "initiative": re.compile(
        r"\b(?:sur (?:la |simple )?(?:demande|instruction|requete)s?|a la demande|sur ordre|"
        r"conformement aux instructions|apres avoir recu)\b"
    ),
    "time": re.compile(
        r"\b(?:detrui\w*|supprim\w*|efface\w*|effacement|anonymis\w*|pendant|durant|jusqu'a|"
        r"a l'expiration|au terme|au-dela)\b|\b\d+\s*(?:mois|ans?|annees?|jours?)\b"
    ),
}


def _names_verb(question: Question, item: SentenceSupport) -> bool:
    return question.verb is not None and bool(term_keys(question.verb) & item.candidate.own)


def _states(question: Question, item: SentenceSupport, config: AnswerConfig) -> bool:
    """The sentence holds the asked predicate: most question terms, the verb among them (an
    English question, whose verb is not parsed, needs a little more of its terms)."""
    if question.verb is None:
        return question.language == "en" and item.own_coverage >= config.verdict_coverage + 0.1
    return item.own_coverage >= config.verdict_coverage and _names_verb(question, item)


def verdict(question: Question, scored: Sequence[SentenceSupport], config: AnswerConfig = DEFAULT_ANSWER) -> str | None:
    """YES, YES_IF, NO or None for a yes/no question, from the sentences the answer quotes first."""
    if not question.yes_no or question.negated or not scored:
        return None
    unlimited = _unlimited(question)
    if unlimited and _limited(question, scored[: config.limit_depth], unlimited, config):
        return NO
    item = scored[0]
    sentence = _focus(question, " ".join(fold(item.candidate.quote).split()))
    if _NEGATION.search(sentence) and not _RESTRICTIVE.search(sentence):
        if not (_states(question, item, config) or _names_verb(question, item)
                and item.own_coverage >= config.verdict_negated_coverage):
            return None
        exception = _EXCEPTION.search(sentence)
        if exception is None:
            return None if question.without else NO
        return NO if question.without and _exception_matches(question, sentence[exception.end() :]) else None
    universal = bool(_UNIVERSAL.search(fold(question.text)))
    if not _states(question, item, config) or unlimited or question.without or universal:
        return None
    return YES_IF if _CONDITION.search(sentence) or _RESTRICTIVE.search(sentence) else YES


def _unlimited(question: Question) -> dict[str, str]:
    """The limits the question asks to be absent (consent, scope, initiative, time), each with
    the words that say so."""
    folded = " ".join(fold(question.text).split())
    found = {kind: pattern.search(folded) for kind, pattern in _UNLIMITED.items()}
    return {kind: match.group(0) for kind, match in found.items() if match}


def _limited(question: Question, items: Sequence[SentenceSupport], unlimited: dict[str, str],
             config: AnswerConfig) -> bool:
    """A sentence on the question's predicate sets one of the limits the question leaves out."""
    qualifier = match_keys(terms(" ".join(unlimited.values())))
    predicate = [term_keys(t) for t in question.terms if not term_keys(t) & qualifier]
    needed = min(config.limit_shared_terms, len(predicate))
    for item in items:
        if needed == 0 or sum(1 for keys in predicate if keys & item.candidate.own) < needed:
            continue
        sentence = " ".join(fold(item.candidate.quote).split())
        if any(_LIMIT[kind].search(sentence) for kind in unlimited):
            return True
    return False


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
