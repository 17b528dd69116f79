"""Whether a quoted sentence states what a yes/no question asks: its verb, used as a verb, with
what the question names (``answer.verdict`` then reads the sentence's polarity).

« AOPS vend-il mes données ? » is not stated by « … conditions générales de vente » (the verb's
noun names a thing), « IPSO peut-il divulguer nos données à des tiers ? » not by « Le partenaire
communiquera au client … » (another recipient), « Looper-AI conserve-t-il les logs ? » not by
« … n'en stocke pas les réponses » (the verb alone).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from clausier.textnorm import LETTER_BULLET, SYMBOL_BULLETS, fold

from clausier.reading.vocabulary import common_terms, equivalents, terms
from clausier.reading.polarity import NEGATION
from clausier.reading.question import Question
from clausier.reading.candidates import match_keys
from clausier.reading.sentences import RUN_ON
from clausier.reading.support import SentenceSupport, term_keys

from answer.config import AnswerConfig


def names_verb(question: Question, item: SentenceSupport) -> bool:
    """The sentence holds the question's verb: a stem of its words equals one of the verb's
    equivalents or begins it, or the other way round (« conservent » / « conserve »), but
    sharing six letters is not enough (« nécessitent » / « nécessaires »: to require is not
    necessary)."""
    if question.verb is None:
        return False
    forms = equivalents(question.verb)
    if not forms & item.candidate.own and not term_keys(question.verb) & item.candidate.own:
        return False  # the usual look-up first: most sentences do not hold it at all
    return any(same_verb(stem, form) for form in forms for stem in _stems_of(item))


_MIN_PREFIX = 5
# what may follow a verb's stem in one of its forms (« conserv|ent », « transmet|t|ent », « stor|ed »):
# « objectif » does not begin « object », nor « fonctionnel » « fonction »
_INFLECTIONS = frozenset(
    "e es ent on ons ont ez er ir re ai a as ait aient ais era eront erait ra ront rait ant i is it ie ies u ue us ues "
    "s d ed ing t".split()
)


def same_verb(stem: str, form: str) -> bool:
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


def holds_predicate(question: Question, item: SentenceSupport) -> bool:
    """An English question's predicate, when its form gives it (« Is X certified? », « can it
    be recorded? »), is held by the sentence (or its heading): « the ISO 27001 standard » does
    not say « certified »."""
    predicate = question.predicate
    return predicate is None or bool(term_keys(predicate) & (item.candidate.own | item.candidate.context))


def states(question: Question, item: SentenceSupport, config: AnswerConfig) -> bool:
    """The sentence holds the asked predicate: most question terms, the verb among them (an
    English question whose verb is not read, ``clausier.reading.english_verb``, needs a little
    more of its terms)."""
    if question.verb is None:
        return question.language == "en" and item.own_coverage >= config.verdict_coverage + 0.1
    return item.own_coverage >= config.verdict_coverage and names_verb(question, item) \
        and _holds_object(question, item)


def _holds_object(question: Question, item: SentenceSupport) -> bool:
    """Besides the verb, the sentence holds one of the question's terms when it has any: the
    verb weighs most, so a sentence holding it alone may reach the coverage of a short question
    (« Looper-AI conserve-t-il les logs ? » is not answered by « … n'en stocke pas les réponses »)."""
    others = [term_keys(t) for t in question.terms if t != question.verb]
    return not others or any(keys & item.candidate.own for keys in others)


def holds_distinctive(question: Question, item: SentenceSupport) -> bool:
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
    return names_most([term_keys(t) for t in asked], item, _TOLERANT_FROM)


def names_most(asked: Sequence[frozenset[str]], item: SentenceSupport, tolerant_from: int) -> bool:
    """The sentence (or its heading) holds every one of the ``asked`` terms' keys, or all but one
    when there are ``tolerant_from`` or more."""
    held = item.candidate.own | item.candidate.context
    missing = sum(1 for keys in asked if not keys & held)
    return missing <= (1 if len(asked) >= tolerant_from else 0)


# « a-t-on le droit de faire auditer … ? », « do I have the right to object? »: the right frames
# the asked verb, it is not what the sentence must name (« a la faculté de faire réaliser un audit »)
_PERMISSION = re.compile(r"\b(?:droit d(?:e |')|right to )")


@lru_cache(maxsize=1)
def _permission_terms() -> frozenset[str]:
    return frozenset(terms("droit right"))


# a question naming this many terms besides its verb may have one the sentence says otherwise (a
# qualifier, the second part of « …, et sur quelle base ? »)
_TOLERANT_FROM = 3


def holds_asked_object(question: Question, item: SentenceSupport) -> bool:
    """The sentence (or its heading) holds the question's first term after its verb (a figure
    aside: « garantit à 100 % qu'on perdra … »), what the verb bears on: a negation speaks of
    what its sentence names (« IPSO informe-t-il le client … ? » is not answered by « ne
    procèdera en aucun cas à la notification … à l'autorité »)."""
    if question.verb not in question.terms:
        return True
    after = [t for t in question.terms[question.terms.index(question.verb) + 1 :] if not t.isdigit()]
    return not after or bool(term_keys(after[0]) & (item.candidate.own | item.candidate.context))


_SANS = re.compile(r"\bsans\s+(?:les?\s+|la\s+|l'|des\s+)?([a-z]+)")


def without_verb(question: Question, sentence: str) -> bool:
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


def asserts_verb(question: Question, sentence: str) -> bool:
    """The (folded) sentence uses the asked verb (or its noun) to say that it is done: not only
    as a noun after « de » (« la durée de conservation », « sociétés d'hébergement ») nor as a
    label before a colon (« Logs : se dit des fichiers journaux »). A question whose verb is
    not read is not checked."""
    if question.verb is None:
        return True
    forms = equivalents(question.verb)
    tokens = _TOKENS.findall(sentence)
    for index, token in enumerate(tokens):
        if token == ":" or not any(same_verb(stem, form) for stem in terms(token) for form in forms):
            continue
        before = tokens[index - 1] if index else ""
        after = tokens[index + 1] if index + 1 < len(tokens) else ""
        noun = before in ("de", "d") and not _INFINITIVE_END.search(token)
        if not noun and after != ":":
            return True
    return False


def stating(question: Question, items: Sequence[SentenceSupport], config: AnswerConfig) -> list[SentenceSupport]:
    """Those of ``items`` that state the asked predicate, affirmed or negated, in order: the best
    quoted sentence may share the question's topic without its verb (« Les informations
    transmises directement : » before « Lors du démarrage, le logiciel transmet … »)."""
    return [item for item in items
            if states(question, item, config) or names_verb(question, item)
            and item.own_coverage >= config.verdict_negated_coverage
            and NEGATION.search(focus(question, item.candidate.quote))]


_PIECES = re.compile(rf"\s*;\s*|\s+[{LETTER_BULLET}{SYMBOL_BULLETS}-]\s+(?=[a-z])")


def focus(question: Question, quote: str) -> str:
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
