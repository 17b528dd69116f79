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
None     a question comparing a quantity (« plus de 5 ans ? »): « 5 ans » answers it only by
         arithmetic (from when? on top of what?), which the quote leaves to the reader.
None     when the first quoted sentences stating the predicate disagree (one affirms it, another
         denies it), or when the asked verb follows « sans » (« sans stocker … » says it is not
         done).
Anything else: no verdict, the quotes speak for themselves. A wrong verdict is worse than none.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from clausier.textnorm import LETTER_BULLET, SYMBOL_BULLETS, fold

from clausier.reading.vocabulary import common_terms, equivalents, terms
from clausier.reading.polarity import (
    COMPARATIVE, CONDITION, EXCEPTION, LIMIT, NEGATION, RESTRICTIVE, UNIVERSAL, UNLIMITED,
)
from clausier.reading.question import Question
from clausier.reading.candidates import match_keys
from clausier.reading.sentences import RUN_ON
from clausier.reading.support import SentenceSupport, term_keys

from answer.config import DEFAULT_ANSWER, AnswerConfig

YES, NO = "yes", "no"
YES_IF = "yes-if"  # « Oui, sous conditions » : the sentence grants the predicate with a condition

def _names_verb(question: Question, item: SentenceSupport) -> bool:
    """The sentence holds the question's verb: a stem of its words equals one of the verb's
    equivalents or begins it, or the other way round (« conservent » / « conserve »), but
    sharing six letters is not enough (« nécessitent » / « nécessaires »: to require is not
    necessary)."""
    if question.verb is None:
        return False
    forms = equivalents(question.verb)
    if not forms & item.candidate.own and not term_keys(question.verb) & item.candidate.own:
        return False  # the usual look-up first: most sentences do not hold it at all
    return any(_same_verb(stem, form) for form in forms for stem in _stems_of(item))


_MIN_PREFIX = 5
# what may follow a verb's stem in one of its forms (« conserv|ent », « transmet|t|ent », « stor|ed »):
# « objectif » does not begin « object », nor « fonctionnel » « fonction »
_INFLECTIONS = frozenset(
    "e es ent on ons ont ez er ir re ai a as ait aient ais era eront erait ra ront rait ant i is it ie ies u ue us ues "
    "s d ed ing t".split()
)


def _same_verb(stem: str, form: str) -> bool:
    """``stem`` and ``form`` are the same word, or one is the other plus a verb ending (its last
    consonant maybe doubled)."""
    if stem == form:
        return True
    longer, shorter = (stem, form) if len(stem) > len(form) else (form, stem)
    if len(shorter) < _MIN_PREFIX or not longer.startswith(shorter):
        return False
    rest = longer[len(shorter) :]
    return rest in _INFLECTIONS or rest[0] == shorter[-1] and rest[1:] in _INFLECTIONS


def _stems_of(item: SentenceSupport) -> frozenset[str]:
    return frozenset(terms(" ".join(item.candidate.words)))


def _holds_predicate(question: Question, item: SentenceSupport) -> bool:
    """An English question's predicate, when its form gives it (« Is X certified? », « can it
    be recorded? »), is held by the sentence (or its heading): « the ISO 27001 standard » does
    not say « certified »."""
    predicate = question.predicate
    return predicate is None or bool(term_keys(predicate) & (item.candidate.own | item.candidate.context))


def _states(question: Question, item: SentenceSupport, config: AnswerConfig) -> bool:
    """The sentence holds the asked predicate: most question terms, the verb among them (an
    English question whose verb is not read, ``clausier.reading.english_verb``, needs a little
    more of its terms)."""
    if question.verb is None:
        return question.language == "en" and item.own_coverage >= config.verdict_coverage + 0.1
    return item.own_coverage >= config.verdict_coverage and _names_verb(question, item) \
        and _holds_object(question, item)


def _holds_object(question: Question, item: SentenceSupport) -> bool:
    """Besides the verb, the sentence holds one of the question's terms when it has any: the
    verb weighs most, so a sentence holding it alone may reach the coverage of a short question
    (« Looper-AI conserve-t-il les logs ? » is not answered by « … n'en stocke pas les réponses »)."""
    others = [term_keys(t) for t in question.terms if t != question.verb]
    return not others or any(keys & item.candidate.own for keys in others)


def _holds_distinctive(question: Question, item: SentenceSupport) -> bool:
    """The sentence (or its heading) holds the question's terms but its verb and the domain's
    common words (« données »), all of them, or all but one of three or more: it affirms what the
    question names, not a neighbouring case (« Le partenaire communiquera au client … » does not
    say « IPSO peut divulguer nos données à des tiers »)."""
    framing = _permission_terms() if _PERMISSION.search(fold(question.text)) else frozenset()
    asked = [t for t in question.terms if t != question.verb and t not in common_terms() and t not in framing]
    # a figure is what is asked: the sentence itself states it (« 2.3 » in the clause number is
    # not « 3 years »), never tolerated as said otherwise
    if any(t.isdigit() and not term_keys(t) & item.candidate.own for t in asked):
        return False
    named = [bool(term_keys(t) & (item.candidate.own | item.candidate.context)) for t in asked]
    return named.count(False) <= (1 if len(named) >= _TOLERANT_FROM else 0)


# « a-t-on le droit de faire auditer … ? », « do I have the right to object? »: the right frames
# the asked verb, it is not what the sentence must name (« a la faculté de faire réaliser un audit »)
_PERMISSION = re.compile(r"\b(?:droit d(?:e |')|right to )")


@lru_cache(maxsize=1)
def _permission_terms() -> frozenset[str]:
    return frozenset(terms("droit right"))


# a question naming this many terms besides its verb may have one the sentence says otherwise (a
# qualifier, the second part of « …, et sur quelle base ? »)
_TOLERANT_FROM = 3


def _holds_asked_object(question: Question, item: SentenceSupport) -> bool:
    """The sentence (or its heading) holds the question's first term after its verb (a figure
    aside: « garantit à 100 % qu'on perdra … »), what the verb bears on: a negation speaks of
    what its sentence names (« IPSO informe-t-il le client … ? » is not answered by « ne
    procèdera en aucun cas à la notification … à l'autorité »)."""
    if question.verb not in question.terms:
        return True
    after = [t for t in question.terms[question.terms.index(question.verb) + 1 :] if not t.isdigit()]
    return not after or bool(term_keys(after[0]) & (item.candidate.own | item.candidate.context))


def verdict(question: Question, scored: Sequence[SentenceSupport], config: AnswerConfig = DEFAULT_ANSWER) -> str | None:
    """YES, YES_IF, NO or None for a yes/no question, from the sentences the answer quotes first."""
    if not question.yes_no or question.negated or not scored or COMPARATIVE.search(fold(question.text)):
        return None
    unlimited = _unlimited(question)
    if unlimited and _limited(question, scored[: config.limit_depth], unlimited, config):
        return NO
    stating = _stating(question, scored[: config.verdict_depth], config)
    found = _read(question, stating[0] if stating else scored[0], config, bool(unlimited))
    # two quoted sentences stating the predicate, one affirming and one denying it (« ne conserve
    # ces informations que … » beside « n'en stocke pas les réponses »): the quotes disagree on
    # what the question is about, no verdict says which is right
    others = {_read(question, item, config, bool(unlimited)) for item in stating[1:]}
    if found == NO and others & {YES, YES_IF} or found in (YES, YES_IF) and NO in others:
        return None
    return found


def _read(question: Question, item: SentenceSupport, config: AnswerConfig, unlimited: bool) -> str | None:
    """The verdict one sentence gives (see the module's docstring), or None."""
    sentence = _focus(question, item.candidate.quote)
    if _names_every_provision(question, item, sentence):
        return YES
    marked, field = _field_mark(question, sentence)
    if marked:
        return field  # a list of marked fields: read only the asked field's mark
    if NEGATION.search(sentence) and not RESTRICTIVE.search(sentence):
        if not (_states(question, item, config) or _names_verb(question, item)
                and item.own_coverage >= config.verdict_negated_coverage):
            return None
        if not _negates_asked(question, sentence):
            return None
        exception = EXCEPTION.search(sentence)
        if exception is None:
            return None if question.without or not _holds_asked_object(question, item) else NO
        return NO if question.without and _exception_matches(question, sentence[exception.end() :]) else None
    universal = bool(UNIVERSAL.search(fold(question.text)))
    if not _states(question, item, config) or unlimited or question.without or universal:
        return None
    if not _holds_predicate(question, item) or _without_verb(question, sentence) \
            or not _asserts_verb(question, sentence) or not _holds_distinctive(question, item):
        return None
    return YES_IF if CONDITION.search(sentence) or RESTRICTIVE.search(sentence) else YES


_SANS = re.compile(r"\bsans\s+(?:les?\s+|la\s+|l'|des\s+)?([a-z]+)")


def _without_verb(question: Question, sentence: str) -> bool:
    """The sentence names the asked verb right after « sans » (« … traiter vos paiements sans
    stocker les informations de carte »): it says the thing is not done, not that it is."""
    if question.verb is None:
        return False
    forms = equivalents(question.verb)
    return any(set(terms(match.group(1))) & forms for match in _SANS.finditer(sentence))


# « de » before the asked verb's noun makes it a complement of another noun (« conditions
# générales de vente », « sociétés d'hébergement »): it names a thing, it does not say that it is
# done (after a determiner it may: « réaliser un audit », « procéder au transfert »)
_INFINITIVE_END = re.compile(r"(?:er|ir|re)$")
_TOKENS = re.compile(r"[a-z]+|:")


def _asserts_verb(question: Question, sentence: str) -> bool:
    """The (folded) sentence uses the asked verb (or its noun) to say that it is done: not only
    as a noun after « de » (« la durée de conservation », « sociétés d'hébergement ») nor as a
    label before a colon (« Logs : se dit des fichiers journaux »). A question whose verb is
    not read is not checked."""
    if question.verb is None:
        return True
    forms = equivalents(question.verb)
    tokens = _TOKENS.findall(sentence)
    for index, token in enumerate(tokens):
        if token == ":" or not any(_same_verb(stem, form) for stem in terms(token) for form in forms):
            continue
        before = tokens[index - 1] if index else ""
        after = tokens[index + 1] if index + 1 < len(tokens) else ""
        noun = before in ("de", "d") and not _INFINITIVE_END.search(token)
        if not noun and after != ":":
            return True
    return False


def _stating(question: Question, items: Sequence[SentenceSupport], config: AnswerConfig) -> list[SentenceSupport]:
    """Those of ``items`` that state the asked predicate, affirmed or negated, in order: the best
    quoted sentence may share the question's topic without its verb (« Les informations
    transmises directement : » before « Lors du démarrage, le logiciel transmet … »)."""
    return [item for item in items
            if _states(question, item, config) or _names_verb(question, item)
            and item.own_coverage >= config.verdict_negated_coverage
            and NEGATION.search(_focus(question, item.candidate.quote))]


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


_PIECES = re.compile(rf"\s*;\s*|\s+[{LETTER_BULLET}{SYMBOL_BULLETS}-]\s+(?=[a-z])")


def _focus(question: Question, quote: str) -> str:
    """The part of a segment that speaks of the question, folded: a run of measures joined by
    « ; » (« … ; o procédures internes en cas d'incidents ; o … n'aient pas accès aux locaux »),
    or two sentences run together where the source lost the full stop (« … (contact : dpo@…)
    La politique s'applique … lorsqu'elles existent. »), is judged on the part that shares most
    question terms, not on another part's negation or condition."""
    runs = [" ".join(fold(run).split()) for run in RUN_ON.split(quote)]
    pieces = [p for run in runs for p in _PIECES.split(run) if p.strip()]
    if len(pieces) < 2:
        return " ".join(fold(quote).split())
    keys = [term_keys(t) for t in question.terms]

    def shared(piece: str) -> int:
        own = match_keys(terms(piece))
        return sum(1 for k in keys if k & own)

    return max(pieces, key=shared)  # ties: the first piece


def _exception_matches(question: Question, tail: str) -> bool:
    """The words after « sans » in the sentence are among the question's terms."""
    tail_keys = match_keys(terms(" ".join(tail.split()[:8])))
    return any(term_keys(t) & tail_keys for t in question.terms)
