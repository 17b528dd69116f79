"""What a question asks: its content terms, the organisations it names, its form.

The form decides the shape of the answer: a list question gathers items, a comparison
answers per organisation, a yes/no question may lead with « Oui » / « Non », a duration
question prefers sentences stating a period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from clausier.schema import Hit
from clausier.textnorm import detect_language, fold, words

from clausier.reading.marks import DURATION_TERM, LOCATION_TERM
from clausier.reading.polarity import ENGLISH_NEGATION, FRENCH_NEGATION
from clausier.reading.cues import (
    ADDRESS_CUES, AGE_FORMS, AMOUNT_CUES, AMOUNT_FORMS, COUNTED_CUES, DATE_CUES, DURATION_CUES, EMAIL_CUES,
    FREQUENCY_CUES, LOCATION_CUES, NAMED_INSTANCE, PHONE_CUES, REGISTRATION_FORMS,
)
from clausier.reading.clause_verb import verb_position
from clausier.reading.english_verb import be_predicate, english_verb
from clausier.reading.names import asked_names
from clausier.reading.designations import designations_in
from clausier.reading.vocabulary import equivalents, question_words, terms

_LIST_FR = re.compile(
    r"\b(quels|quelles|lesquels|lesquelles|qui sont|a qui|aupres de qui|avec qui|liste[rz]?|enumere[rz]?|"
    r"c'est quoi les|c est quoi les)\b"
)
_LIST_EN = re.compile(
    r"\b(which|list|who are|to whom|with whom|what (are|kinds?|types?|categories|data|"
    r"information|personal|cookies|companies|third|sub))\b"
)
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
_EST_CE_QUE_CLAUSE = re.compile(r"^\W*est[- ]ce\s+qu(?:e\s+|['’]\s*)", re.IGNORECASE)  # on the text as written
# an interrogative word anywhere (« Ikomia garde mes données combien de temps ? »): not yes or no
_INTERROGATIVE_ANYWHERE = re.compile(
    r"\b(combien|comment|pourquoi|quand|ou|qui|quoi|quel|quelle|quels|quelles|lequel|laquelle|"
    r"lesquels|lesquelles)\b"
)
# a request for a fact put as a yes/no question (« tu peux me dire le délai ? », « je voudrais
# savoir si … »): not asking yes or no
_REQUEST = re.compile(
    r"\b(?:me|m'|nous)\s*(?:dire|indiquer|expliquer|donner|preciser|rappeler|lister|citer|envoyer)\b|\bsavoir\b"
)
_YES_NO_EN = re.compile(
    r"^\W*(is|are|can|may|does|do|did|must|should|will|would|could|has|have|shall|might)\b"
)
_NEGATED_FR = re.compile(FRENCH_NEGATION)
_WITHOUT = frozenset({"sans", "without", "unless"})
_MODALS = frozenset(
    "peut peuvent puis pouvez pouvons doit doivent dois devez devons a ont est sont va vont "
    "pourra pourront pourrait devra devront faut faudra faudrait".split()
)
# after a modal, a phrase of permission or obligation whose infinitive is the asked verb
# (« a-t-il le droit d'expédier », « est-il autorisé à archiver », « sommes-nous tenus de »)
_PERMISSION = re.compile(
    r"^\W*(?:(?:le|la|l'|une?)\s*)?(?:droit|possibilite|faculte|obligation|permission|autorisation|"
    r"autorisee?s?|tenue?s?|obligee?s?|libres?|en droit|en mesure|habilitee?s?|contrainte?s?)\s+(?:de|d'|a)\s*"
)
# the same, in the persons a declarative question also uses (« je peux refuser … ? »)
_DECLARATIVE_MODALS = _MODALS | frozenset(
    "peux veux veut veulent vais suis ai as avons avez es sommes etes pourrais pourrions pourriez "
    "dois devrais devrait devraient".split()
)


@dataclass(frozen=True)
class Question:
    """A question ready for matching. ``terms`` are content stems, organisation names removed."""

    text: str
    language: str
    terms: tuple[str, ...]
    orgs: tuple[str, ...]
    wants_list: bool
    yes_no: bool
    duration: bool
    location: bool
    without: bool
    negated: bool
    verb: str | None
    asks: frozenset[str] = frozenset()  # other answer types asked: amount, age, registration, date, frequency…
    # asked yes or no without inversion (« est-ce que … », intonation): ``verb`` is read for the
    # verdict, but not weighted when scoring sentences (which the inverted form's verb is)
    declarative: bool = False
    # roles and instruments of data-protection law the question names (« DPO », « analyse
    # d'impact »): only a passage naming them answers (``clausier.reading.designations``)
    designations: frozenset[str] = frozenset()
    # the period is asked as a count of units (« combien de jours », « how many hours »): only a
    # sentence stating a figure answers
    counted: bool = False
    # identifiers the question asks about (« trusted_device »): only a passage naming them
    # answers (``clausier.reading.names``)
    names: frozenset[str] = frozenset()

    @property
    def comparison(self) -> bool:
        return len(self.orgs) >= 2

    @property
    def asked_marks(self) -> frozenset[str]:
        """The marks (``clausier.reading.marks``) of a sentence that states what the question
        asks for: a period, a place, an amount, a date, a frequency."""
        marks = {f"\x00{kind}" for kind in self.asks}
        if self.duration:
            marks.add(DURATION_TERM)
        if self.location:
            marks.add(LOCATION_TERM)
        return frozenset(marks)


@lru_cache(maxsize=4096)  # asked for every hit of every question; a large index names thousands
def _org_key(organisation: str) -> str | None:
    found = terms(organisation)
    return found[0] if found else None


def named_organisations(question: str, hits: Sequence[Hit]) -> tuple[str, ...]:
    """Organisations of ``hits`` that the question names, in the question's order."""
    question_terms = terms(question)
    found: dict[str, int] = {}
    for hit in hits:
        key = _org_key(hit.organisation)
        if key and key in question_terms and hit.organisation not in found:
            found[hit.organisation] = question_terms.index(key)
    return tuple(sorted(found, key=found.__getitem__))


# a leading clause of circumstance (« Quand je pose une question, garde-t-il … ? », « If I phone
# them, can … ? »): the main clause after the comma carries the question's form
_LEADING_CLAUSE = re.compile(
    r"^\W*(?:quand|lorsque|lorsqu'|si|s'il|s'ils|en cas d[eu']|une fois|apres|avant|des que|"
    r"if|when|once|after|before|in case)\b[^,?]{1,120},\s*"
)


def _main_clause(text: str) -> str:
    """``text`` without a leading clause of circumstance (« Si je retire mon accord, … »)."""
    leading = _LEADING_CLAUSE.match(" ".join(fold(text).split()))
    return text.split(",", 1)[1] if leading else text  # the leading clause ends at its comma


def _yes_no(folded: str, language: str, declarative: str | None = None) -> bool:
    """``declarative``: the verb of the question read as a declarative clause (after « est-ce
    que », or the whole question when asked by intonation), if any."""
    leading = _LEADING_CLAUSE.match(folded)
    if leading:
        folded = folded[leading.end() :]
    if language == "en" or _YES_NO_EN.match(folded):
        return bool(_YES_NO_EN.match(folded))
    if _INTERROGATIVE_FR.match(folded):
        return False
    if _EST_CE_QUE.match(folded) or _INVERSION.search(folded):
        return True
    # intonation alone (« Looper-AI vend mes données ? »): a declarative clause with a verb,
    # ending with a question mark, no interrogative word, not a request for a fact
    return (declarative is not None and folded.rstrip().endswith("?")
            and not _INTERROGATIVE_ANYWHERE.search(folded) and not _REQUEST.search(folded))


def _declarative(question: str, organisations: Sequence[str]) -> tuple[str, str] | None:
    """(verb, what follows it) of a French question read as a declarative clause: after « est-ce
    que », else the question itself (asked by intonation)."""
    clause = _main_clause(question)
    folded = " ".join(fold(clause).split())
    est_ce = _EST_CE_QUE_CLAUSE.match(clause)
    if est_ce:
        clause = clause[est_ce.end() :]
    elif _INVERSION.search(folded) or _EST_CE_QUE.match(folded):
        return None
    return verb_position(clause, organisations)


def _verb(folded: str, declarative: tuple[str, str] | None = None) -> str | None:
    """The French question's main verb: « peut-il faire appel » → appel, « conserve-t-il » →
    conserve; « est-ce que je peux refuser … », « Looper-AI vend … ? » → refus, vend."""
    match = _INVERSION.search(folded)
    if match:
        verb, following, modals = match.group(1), folded[match.end() :], _MODALS
    elif declarative is not None:
        (verb, following), modals = declarative, _DECLARATIVE_MODALS
        verb = fold(verb)
    else:
        return None
    if verb not in modals:
        found = terms(verb)
        return found[0] if found else None
    following = " ".join(fold(following).split())
    permission = _PERMISSION.match(following)
    if permission:  # « a-t-il le droit d'expédier » → expédier
        following = following[permission.end() :]
    after = terms(following)
    return after[0] if after else None


# in a question asking for a period, these words name the period itself (« durée de vie »,
# « lifetime ») or its unit (« combien de jours », « how many months »), like « durée » and
# « délai »: the answer type asks for them, not the terms (a sentence stating « 45 jours » of
# another matter holds the unit, not the question's topic)
_PERIOD_WORDS = ("vie lifetime jour jours semaine semaines mois an ans annee annees heure heures "
                 "day days week weeks month months year years hour hours")
# in a question asking for a phone number, an e-mail or a postal address, the words naming it:
# the answer type asks for them (a sentence states « +32 478 … », not « numéro de téléphone »)
_CONTACT_WORDS = ("numero telephone phone number adresse address postale postal e-mail email mail "
                  "electronique courriel mailing")


# in a question asking for an age, the words asking it (« à partir de quel âge », « minimum age »)
_AGE_WORDS = "age ages partir minimum old"


@lru_cache(maxsize=None)
def _answer_type_words(words: str) -> frozenset[str]:
    """The analysed terms of a constant word list (analysed once, not per question)."""
    return frozenset(terms(words))


# per asked answer type, the words that ask for it rather than say what it is about (a price's
# unit: « combien coûte l'abonnement par mois ? »)
_TYPE_WORDS = {"amount": _PERIOD_WORDS, "phone": _CONTACT_WORDS, "email": _CONTACT_WORDS, "address": _CONTACT_WORDS,
               "age": _AGE_WORDS}


def _content_terms(question: str, org_keys: set[str], duration: bool, location: bool,
                   asks: frozenset[str] = frozenset()) -> tuple[str, ...]:
    skip = question_words() | org_keys
    asking = {_TYPE_WORDS[kind] for kind in asks if kind in _TYPE_WORDS} | ({_PERIOD_WORDS} if duration else set())
    for words in asking:
        skip = skip | _answer_type_words(words)
    out: list[str] = []
    for term in terms(question):
        if term in skip or term in out:
            continue
        if duration and "dure" in equivalents(term) or location and "pay" in equivalents(term):
            continue  # « combien de temps », « où » are asked through the answer-type cues instead
        out.append(term)
    return tuple(out)


def analyse_question(question: str, hits: Sequence[Hit], language: str | None = None) -> Question:
    """Parse ``question`` against the organisations present in ``hits``."""
    language = language or detect_language(question)
    folded = " ".join(fold(question).split())
    orgs = named_organisations(question, hits)
    org_keys = {k for k in (_org_key(o) for o in {h.organisation for h in hits}) if k}
    org_keys &= set(terms(question))
    duration = any(cue in folded for cue in DURATION_CUES)
    location = any(cue in folded for cue in LOCATION_CUES)
    negated = bool(ENGLISH_NEGATION.search(folded) if language == "en" else _NEGATED_FR.search(folded))
    declarative = _declarative(question, orgs) if language == "fr" else None
    yes_no = _yes_no(folded, language, declarative[0] if declarative else None)
    if not yes_no:
        declarative = None  # « Ikomia garde mes données combien de temps ? »: no verb read, as before
    asks = _asked_types(folded, yes_no=yes_no)
    return Question(
        text=question,
        language=language,
        terms=_content_terms(question, org_keys, duration, location, asks),
        orgs=orgs,
        wants_list=bool(_LIST_FR.search(folded) or _LIST_EN.search(folded)),
        yes_no=yes_no,
        duration=duration,
        location=location,
        without=bool(_WITHOUT & set(words(question))),
        negated=negated,
        verb=_verb(folded, declarative) if language == "fr" else _english_verb(question, orgs) if yes_no else None,
        asks=asks,
        declarative=declarative is not None,
        designations=designations_in(question),
        counted=duration and any(cue in folded for cue in COUNTED_CUES),
        names=asked_names(question),
    )


# answer types asked only by a question that wants the fact itself (« le numéro de téléphone
# est-il obligatoire ? » asks yes or no, not for a number): contact details and names
CONTACT_TYPES = frozenset({"phone", "email", "address"})
# answer types whose mark counts as a question term: the sentence stating one holds what is asked
MARKED_TYPES = CONTACT_TYPES | {"name", "age"}
_NAMED = re.compile(NAMED_INSTANCE)
_FORMS = {"amount": re.compile(AMOUNT_FORMS), "age": re.compile(AGE_FORMS),
          "registration": re.compile(REGISTRATION_FORMS)}


def _asked_types(folded: str, *, yes_no: bool = False) -> frozenset[str]:
    cues = {"amount": AMOUNT_CUES, "date": DATE_CUES, "frequency": FREQUENCY_CUES, "phone": PHONE_CUES,
            "email": EMAIL_CUES, "address": ADDRESS_CUES}
    kinds = {kind for kind, phrases in cues.items() if any(p in folded for p in phrases)}
    kinds |= {kind for kind, pattern in _FORMS.items() if pattern.search(folded)}
    if _NAMED.search(folded):
        kinds.add("name")
    if kinds & {"email", "phone"}:
        kinds.discard("address")  # « quelle est l'adresse e-mail » asks for the e-mail only
    return frozenset(kinds - MARKED_TYPES if yes_no else kinds)


def english_predicate(question: Question) -> str | None:
    """The stem of an English yes/no question's predicate when its form gives it (« be »
    followed by a word, or « is / are » then a participle), else None."""
    if question.language != "en" or not question.yes_no:
        return None
    word = be_predicate(_without_leading_clause(question.text))
    found = terms(word) if word else []
    return found[0] if found else None


def _english_verb(question: str, organisations: Sequence[str]) -> str | None:
    """The stem of an English yes/no question's verb (« Does Ikomia keep … ? » → keep), or None."""
    word = english_verb(_without_leading_clause(question), organisations)
    found = terms(word) if word else []
    return found[0] if found else None


def _without_leading_clause(text: str) -> str:
    folded = " ".join(fold(text).split())
    leading = _LEADING_CLAUSE.match(folded)
    return folded[leading.end() :] if leading else folded
