"""The form of a question: whether it asks yes or no, and the verb it asks about.

French asks yes or no three ways: inversion (« vend-elle », « peut-il », « est-ce possible de »,
a cleft « Est-ce IPSO qui alerte … ? »), « est-ce que » before a declarative clause, and
intonation alone (« Looper-AI vend mes données ? »); English by an auxiliary, or as a statement
(« Ikomia sells our data? »). The verb is what a verdict's sentence must state: past a modal
(« peut-il transférer » → transférer), a phrase of permission (« a-t-il le droit d'expédier »), a
semi-auxiliary (« permettent-elles de savoir »). The text read is the clause asked
(``clausier.reading.asked``), not the context around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from clausier.textnorm import fold

from clausier.reading.asked import INTERROGATIVE_EN, INTERROGATIVE_FR, asked_clause, folded_main_clause, main_clause
from clausier.reading.clause_verb import verb_position
from clausier.reading.english_verb import english_verb, statement_verb
from clausier.reading.vocabulary import terms

# an interrogative word, maybe after a preposition (« sous quel délai », « au bout de combien de
# temps », « jusqu'à quand »): the question asks for a fact, not yes or no
_INTERROGATIVE_FR = re.compile(
    r"^\W*(?:(?:a|au|aux|de|du|des|dans|sous|sur|pour|par|en|avec|chez|vers|selon|parmi|pendant|"
    r"depuis|apres|avant|jusqu'a|jusqu a|aupres de|au bout de|a partir de)\s+)?"
    r"(combien|comment|pourquoi|quand|ou|qui|que|qu|quoi|quel|quelle|quels|quelles|lequel|"
    r"laquelle|lesquels|lesquelles)\b"
)
_INVERSION = re.compile(r"\b([a-z]+)-(?:t-)?(?:il|elle|ils|elles|on|je|nous|vous)\b")
_EST_CE_QUE = re.compile(r"^\W*est[- ]ce qu")
# « Est-ce possible de refuser ? », « Est-ce légal de … ? »: « est » inverted with « ce », not « est-ce que »
_EST_CE = re.compile(r"^\W*(est)[- ]ce\s+(?!qu)")
# a cleft question (« Est-ce IPSO qui alerte le régulateur ? », « C'est Durandal qui paie ? »): is
# it this one who does it; the verb follows « qui »
_CLEFT = re.compile(r"^\W*(?:est[- ]ce qu(?:e\s+|'\s*))?(?:est[- ]ce|c'est)\s+(?!qu)[^?]{1,60}?\bqui\s+(?:ne\s+|n')?([a-z]+)\b")
_EST_CE_QUE_CLAUSE = re.compile(r"^\W*est[- ]ce\s+qu(?:e\s+|['’]\s*)", re.IGNORECASE)  # on the text as written
# an interrogative word anywhere (« Ikomia garde mes données combien de temps ? »): not yes or no
_INTERROGATIVE_ANYWHERE = re.compile(rf"\b({INTERROGATIVE_FR})\b")
# a request for a fact put as a yes/no question (« tu peux me dire le délai ? », « je voudrais
# savoir si … »): not asking yes or no
_REQUEST = re.compile(
    r"\b(?:me|m'|nous)\s*(?:dire|indiquer|expliquer|donner|preciser|rappeler|lister|citer|envoyer)\b|\bsavoir\b"
)
# the same, the fact named by an interrogative word (« pouvez-vous me dire quel est … ? »): not yes
# or no however the question opens (« permettent-elles de savoir qui je suis ? » is yes or no)
_REQUEST_FACT = re.compile(
    r"\b(?:me|m'|nous)\s*(?:dire|indiquer|expliquer|preciser|rappeler|lister|citer)\b"
    r"|\b(?:voudrais|voudrait|voudrions|veux|aimerais|souhaite|souhaiterais)\s+savoir\b"
)
_YES_NO_EN = re.compile(
    r"^\W*(is|are|am|was|were|can|may|does|do|did|must|should|will|would|could|has|have|shall|might)\b"
)
_REQUEST_EN = re.compile(r"\b(?:tell (?:me|us)|know|explain|show (?:me|us)|let (?:me|us) know)\b")
_WH_EN = re.compile(rf"\b(?:{INTERROGATIVE_EN})\b")

_MODALS = frozenset(
    "peut peuvent puis pouvez pouvons doit doivent dois devez devons a ont est sont va vont "
    "pourra pourront pourrait devra devront faut faudra faudrait sommes etes suis es sera seront serons serez "
    "ai as avons avez".split()
)
# after a modal, a phrase of permission or obligation whose infinitive is the asked verb
# (« a-t-il le droit d'expédier », « est-il autorisé à archiver », « sommes-nous tenus de »)
_PERMISSION = re.compile(
    r"^\W*(?:(?:le|la|l'|une?)\s*)?(?:droit|possibilite|faculte|obligation|permission|autorisation|"
    r"autorisee?s?|tenue?s?|obligee?s?|libres?|en droit|en mesure|habilitee?s?|contrainte?s?|possible|impossible|"
    r"obligatoire|necessaire|interdite?s?|permise?s?|legale?)\s+(?:de|d'|a)\s*"
)
# verbs whose infinitive after « de » / « à » is what is asked (« permettent-elles de savoir qui je
# suis ? » asks whether one can know, not whether statistics allow something)
_SEMI_AUXILIARIES = frozenset(
    "permet permettent permettra permettront permettrait permettraient sert servent vise visent".split()
)
_SEMI_AUXILIARY = re.compile(r"^\W*(?:de|d'|a)\s*")
# the same, in the persons a declarative question also uses (« je peux refuser … ? »)
_DECLARATIVE_MODALS = _MODALS | frozenset(
    "peux veux veut veulent vais suis ai as avons avez es sommes etes pourrais pourrions pourriez "
    "dois devrais devrait devraient".split()
)




def _yes_no(folded: str, language: str, declarative: str | None = None) -> bool:
    """``declarative``: the verb of the question read as a declarative clause (after « est-ce
    que », or the whole question when asked by intonation), if any."""
    folded = folded_main_clause(folded)
    if language == "en" or _YES_NO_EN.match(folded):  # « Can you tell me how long …? » asks for a fact
        return bool(_YES_NO_EN.match(folded)) and not (_REQUEST_EN.search(folded) and _WH_EN.search(folded))
    if _INTERROGATIVE_FR.match(folded) or _REQUEST_FACT.search(folded) and _INTERROGATIVE_ANYWHERE.search(folded):
        return False  # « Pouvez-vous me dire quel est le délai ? » asks for a fact
    if _EST_CE_QUE.match(folded) or _INVERSION.search(folded) or _CLEFT.match(folded) or _EST_CE.match(folded):
        return True
    # intonation alone (« Looper-AI vend mes données ? »): a declarative clause with a verb,
    # ending with a question mark, no interrogative word, not a request for a fact
    return (declarative is not None and folded.rstrip().endswith("?")
            and not _INTERROGATIVE_ANYWHERE.search(folded) and not _REQUEST.search(folded))


def _declarative(question: str, organisations: Sequence[str]) -> tuple[str, str] | None:
    """(verb, what follows it) of a French question read as a declarative clause: after « est-ce
    que », else the question itself (asked by intonation)."""
    clause = main_clause(question)
    folded = " ".join(fold(clause).split())
    est_ce = _EST_CE_QUE_CLAUSE.match(clause)
    if est_ce:
        clause = clause[est_ce.end() :]
    elif _INVERSION.search(folded) or _EST_CE_QUE.match(folded) or _CLEFT.match(folded) or _EST_CE.match(folded):
        return None
    return verb_position(clause, organisations)


def _verb(folded: str, declarative: tuple[str, str] | None = None) -> str | None:
    """The French question's main verb: « peut-il faire appel » → appel, « conserve-t-il » →
    conserve; « est-ce que je peux refuser … », « Looper-AI vend … ? » → refus, vend."""
    match = _CLEFT.match(folded) or _INVERSION.search(folded) or _EST_CE.match(folded)
    if match:
        verb, following, modals = match.group(1), folded[match.end() :], _MODALS
    elif declarative is not None:
        (verb, following), modals = declarative, _DECLARATIVE_MODALS
        verb = fold(verb)
    else:
        return None
    following = " ".join(fold(following).split())
    semi = _SEMI_AUXILIARY.match(following) if verb in _SEMI_AUXILIARIES else None
    if semi:  # « permettent-elles de savoir » → savoir
        after = terms(following[semi.end() :])
        return after[0] if after else None
    if verb not in modals:
        found = terms(verb)
        return found[0] if found else None
    permission = _PERMISSION.match(following)
    if permission:  # « a-t-il le droit d'expédier » → expédier
        following = following[permission.end() :]
    after = terms(following)
    return after[0] if after else None


def _english_verb(question: str, organisations: Sequence[str]) -> str | None:
    """The stem of an English yes/no question's verb (« Does Ikomia keep … ? » → keep), or None."""
    main = folded_main_clause(question)
    word = english_verb(main, organisations) or statement_verb(main, organisations)
    found = terms(word) if word else []
    return found[0] if found else None


@dataclass(frozen=True)
class Form:
    yes_no: bool
    verb: str | None  # the stem of the asked verb (French: also when not asked yes or no)
    declarative: bool  # asked yes or no without inversion: « est-ce que … », intonation


def question_form(question: str, language: str, organisations: Sequence[str]) -> Form:
    """Whether ``question`` asks yes or no, and its verb, for the organisations it names."""
    asked = asked_clause(question)  # the form is read from the question asked, not its context
    folded = " ".join(fold(asked).split())
    declarative = _declarative(asked, organisations) if language == "fr" else None
    yes_no = _yes_no(folded, language, declarative[0] if declarative else None)
    if language == "en" and not yes_no:  # « Ikomia sells our data? »
        yes_no = not _WH_EN.search(folded) and statement_verb(folded_main_clause(asked), organisations) is not None
    if not yes_no:
        declarative = None  # « Ikomia garde mes données combien de temps ? »: no verb read, as before
    if language == "fr":  # the asked clause's verb, past a leading phrase (« En cas de fuite, c'est IPSO qui … »)
        verb = _verb(folded_main_clause(folded), declarative)
    else:
        verb = _english_verb(asked, organisations) if yes_no else None
    return Form(yes_no, verb, declarative is not None)
