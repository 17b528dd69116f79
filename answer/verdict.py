"""« Oui » / « Non » for yes/no questions, only when a quoted sentence says it plainly.

A verdict is read from the sentence that states the asked predicate: it holds most of the
question's content terms, the question's verb among them (``states``). Then:

« Non »  - the sentence negates the predicate (« ne … pas », « en aucun cas », « est dispensé
           de »): the negation bears on the question's verb (« n'archive jamais », « ne peut
           pas transférer », « n'est pas autorisé à archiver »), not on another verb of the
           sentence (« n'est pas en mesure d'identifier les utilisateurs utilisant ces cookies »
           says nothing of whether cookies are used); and any exception it makes (« sans »,
           « sauf ») is the very case the question asks about;
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
« Oui »  also for a question whether the document provides for something (« La convention
         prévoit-elle une journalisation … ? ») when the sentence names all of it; never « Non »
         for such a question (another clause may hold it).
Both     for a question whether a form's field is required or optional, from the field's mark in
         a list (« téléphone (non obligatoire) »): the asked field's mark only.
Period   for a question stating a period (« pendant 10 ans ? »), whether the quoted sentence on
         the same thing states that period (``answer.period_claim``), and nothing else.
None     a question comparing a quantity (« plus de 5 ans ? »): « 5 ans » answers it only by
         arithmetic (from when? on top of what?), which the quote leaves to the reader.
None     when the first quoted sentences stating the predicate disagree (one affirms it, another
         denies it), or when the asked verb follows « sans » (« sans stocker … » says it is not
         done).
Anything else: no verdict, the quotes speak for themselves. A wrong verdict is worse than none.
"""

from __future__ import annotations

import re
from typing import Sequence

from clausier.textnorm import fold

from clausier.reading.vocabulary import terms
from clausier.reading.polarity import (
    COMPARATIVE, CONDITION, EXCEPTION, LIMIT, NEGATION, RESTRICTIVE, UNIVERSAL, UNLIMITED,
)
from clausier.reading.question import Question
from clausier.reading.candidates import match_keys
from clausier.reading.support import SentenceSupport, term_keys

from answer.config import DEFAULT_ANSWER, AnswerConfig
from answer.period_claim import claimed_period, period_verdict
from answer.statement import (
    asserts_verb, focus, holds_asked_object, holds_distinctive, holds_predicate, names_verb, stating, states, without_verb,
)

YES, NO = "yes", "no"
YES_IF = "yes-if"  # « Oui, sous conditions » : the sentence grants the predicate with a condition


def verdict(question: Question, scored: Sequence[SentenceSupport], config: AnswerConfig = DEFAULT_ANSWER) -> str | None:
    """YES, YES_IF, NO or None for a yes/no question, from the sentences the answer quotes first."""
    if not question.yes_no or question.negated or not scored or COMPARATIVE.search(fold(question.text)):
        return None
    claimed = claimed_period(question)
    if claimed is not None:  # « … pendant 10 ans ? »: the period is what is asked
        return period_verdict(question, claimed, scored, config)
    unlimited = _unlimited(question)
    if unlimited and _limited(question, scored[: config.limit_depth], unlimited, config):
        return NO
    stated = stating(question, scored[: config.verdict_depth], config)
    found = _read(question, stated[0] if stated else scored[0], config, bool(unlimited))
    # two quoted sentences stating the predicate, one affirming and one denying it (« ne conserve
    # ces informations que … » beside « n'en stocke pas les réponses »): the quotes disagree on
    # what the question is about, no verdict says which is right
    others = {_read(question, item, config, bool(unlimited)) for item in stated[1:]}
    if found == NO and others & {YES, YES_IF} or found in (YES, YES_IF) and NO in others:
        return None
    return found


def _read(question: Question, item: SentenceSupport, config: AnswerConfig, unlimited: bool) -> str | None:
    """The verdict one sentence gives (see the module's docstring), or None."""
    sentence = focus(question, item.candidate.quote)
    if _names_every_provision(question, item, sentence):
        return YES
    marked, field = _field_mark(question, sentence)
    if marked:
        return field  # a list of marked fields: read only the asked field's mark
    if NEGATION.search(sentence) and not RESTRICTIVE.search(sentence):
        if not (states(question, item, config) or names_verb(question, item)
                and item.own_coverage >= config.verdict_negated_coverage):
            return None
        if not _negates_asked(question, sentence):
            return None
        exception = EXCEPTION.search(sentence)
        if exception is None:
            return None if question.without or not holds_asked_object(question, item) else NO
        return NO if question.without and _exception_matches(question, sentence[exception.end() :]) else None
    universal = bool(UNIVERSAL.search(fold(question.text)))
    if not states(question, item, config) or unlimited or question.without or universal:
        return None
    if not holds_predicate(question, item) or without_verb(question, sentence) \
            or not asserts_verb(question, sentence) or not holds_distinctive(question, item):
        return None
    return YES_IF if CONDITION.search(sentence) or RESTRICTIVE.search(sentence) else YES


# « La convention prévoit-elle une journalisation … ? », « Does the policy mention … ? »: the
# question asks whether the document holds a provision, its verb speaks of the document
_PROVISION_FR = re.compile(
    r"\b(?:convention|politique|contrat|charte|document|texte|annexe|clause|accord)\b[^?]{0,40}?\b(?:prevoi(?:t|en)t?|"
    r"mentionne(?:nt)?|contien(?:nen)?t|inclu(?:en)?t|comporte(?:nt)?|evoque(?:nt)?|cite(?:nt)?|enumere(?:nt)?)"
    r"(?:-(?:t-)?(?:il|elle|ils|elles))?\b"
)
_PROVISION_EN = re.compile(
    r"^\W*(?:does|do) (?:the|its|their|this|[a-z-]+'s) (?:[a-z-]+ )?(?:agreement|policy|contract|document|charter|"
    r"annex|notice) (?:mention|provide for|include|contain|list|cover|refer to)\b"
)
_DOCUMENT_WORDS = "convention politique contrat charte document texte annexe clause accord agreement policy contract " \
                  "charter annex notice mention provide include contain list cover refer"


def _names_every_provision(question: Question, item: SentenceSupport, sentence: str) -> bool:
    """A question asking whether the document provides for something is answered « yes » by a
    sentence, not negated, that names every one of the question's terms but the document and the
    verb speaking of it (« o Journalisation des activités relatives au traitement des données à
    caractère personnel » for « prévoit-elle une journalisation des activités de traitement des
    données personnelles ? »). Its absence answers nothing: another clause may hold it."""
    folded = " ".join(fold(question.text).split())
    if not (_PROVISION_FR.search(folded) or _PROVISION_EN.search(folded)):
        return False
    if NEGATION.search(sentence) or EXCEPTION.search(sentence):
        return False
    skip = set(terms(_DOCUMENT_WORDS)) | ({question.verb} if question.verb else set())
    asked = [term_keys(t) for t in question.terms if t not in skip]
    return bool(asked) and all(keys & item.candidate.own for keys in asked)


# a form's fields marked as required or optional (« téléphone (non obligatoire) »), and a
# question asking whether one is (« Le numéro de téléphone est-il obligatoire ? »)
_REQUIRED = r"obligatoires?|requise?s?|exigee?s?|mandatory|required|compulsory"
_OPTIONAL = r"facultati(?:f|ve)s?|optionnel(?:le)?s?|optional"
_FIELD_MARK = re.compile(
    rf"([^,;:()]{{1,60}}?)\s*\(\s*(?:(non|not)\s+)?(?:({_REQUIRED})|({_OPTIONAL}))\s*\)"
)
_ASKS_REQUIRED = re.compile(rf"\b(?:{_REQUIRED})\b")
_ASKS_OPTIONAL = re.compile(rf"\b(?:{_OPTIONAL})\b")


def _field_mark(question: Question, sentence: str) -> tuple[bool, str | None]:
    """(the sentence marks fields as required or optional, the verdict for the asked field) for
    a question asking whether a field is required or optional: YES or NO when the asked field
    is marked (« nom, prénom, téléphone (non obligatoire) »), None when only other fields are
    (« obligatoire » there says nothing of « nom »). The field is what precedes the mark back to
    the previous comma; it must hold one of the question's terms other than the asked quality."""
    folded = " ".join(fold(question.text).split())
    asks_required, asks_optional = bool(_ASKS_REQUIRED.search(folded)), bool(_ASKS_OPTIONAL.search(folded))
    if asks_required == asks_optional or not _FIELD_MARK.search(sentence):
        return False, None
    quality = (_ASKS_REQUIRED.search(folded) or _ASKS_OPTIONAL.search(folded)).start()
    # the asked field is the quality's subject, before it (« Le numéro de téléphone est-il
    # obligatoire pour ouvrir un compte ? »), or else any of the question's terms
    subject = [term_keys(t) for t in terms(folded[:quality])] or [term_keys(t) for t in question.terms]
    best, closest = None, 0.0
    for match in _FIELD_MARK.finditer(sentence):  # the field closest to the subject (ties: the first)
        field_terms = terms(match.group(1))
        field = match_keys(field_terms)
        shared = sum(1 for keys in subject if keys & field)
        overlap = shared / (len(subject) + len(field_terms) - shared) if shared else 0.0
        if overlap > closest:
            best, closest = match, overlap
    if best is None:
        return True, None
    required = bool(best.group(3)) != bool(best.group(2))  # « non obligatoire » is optional
    return True, YES if required == asks_required else NO


_SCOPE_WORDS = 5  # after the particle: « ne procèdera en aucun cas lui-même à la notification »
_CLAUSE_END = re.compile(r"[,;:()]")
# the verb a negation bears on: an infinitive right after the particle (« ne peut pas modifier »)
# or after « de », « à » (« en mesure d'identifier », « autorisé à archiver »)
_INFINITIVE = re.compile(r"[a-z]{2,}(?:er|ir|re)")
_PREPOSITIONS = frozenset({"de", "a", "pour", "sans"})
_AUXILIARIES = frozenset({"etre", "avoir", "faire"})  # « ne peut pas être utilisé »: the verb follows


def _negates_asked(question: Question, sentence: str) -> bool:
    """A negation of the sentence bears on the asked predicate: the question's verb (any of its
    terms for an English question whose verb is not read) is in the negation's scope. The
    scope is what « ne … pas » encloses and, after the particle, the words up to the first
    infinitive (« n'est pas en mesure d'identifier », « ne peut pas modifier ») or at most
    ``_SCOPE_WORDS`` words, within the clause. The words before « ne » are the subject, not what is
    negated; « ni … ni » also takes the two words before it."""
    asked = [term_keys(question.verb)] if question.verb else [term_keys(t) for t in question.terms]
    for match in NEGATION.finditer(sentence):
        before = sentence[: match.start()].split()[-2:] if match.group(0).startswith("ni") else []
        scope = [*before, match.group(0)]
        words = _CLAUSE_END.split(sentence[match.end() :], maxsplit=1)[0].split()[:_SCOPE_WORDS]
        for index, word in enumerate(words):
            scope.append(word)
            if _ends_scope(word, words[index - 1] if index else None):
                break
        keys = match_keys(terms(" ".join(scope)))
        if any(k & keys for k in asked):
            return True
    return False


def _ends_scope(word: str, previous: str | None) -> bool:
    """``word`` is the infinitive a negation bears on: first after the particle, or governed by
    « de », « d' », « à » (a noun such as « mesure » in « en mesure » is not one)."""
    if word.startswith("d'"):
        verb, governed = word[2:], True
    else:
        verb, governed = word, previous is None or previous in _PREPOSITIONS
    return governed and bool(_INFINITIVE.fullmatch(verb)) and verb not in _AUXILIARIES


def _unlimited(question: Question) -> dict[str, str]:
    """The limits the question asks to be absent (consent, scope, initiative, time), each with
    the words that say so."""
    folded = " ".join(fold(question.text).split())
    found = {kind: pattern.search(folded) for kind, pattern in UNLIMITED.items()}
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
        if any(LIMIT[kind].search(sentence) for kind in unlimited):
            return True
    return False


def _exception_matches(question: Question, tail: str) -> bool:
    """The words after « sans » in the sentence are among the question's terms."""
    tail_keys = match_keys(terms(" ".join(tail.split()[:8])))
    return any(term_keys(t) & tail_keys for t in question.terms)
