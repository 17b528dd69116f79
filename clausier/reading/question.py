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
from clausier.reading.asked import asked_clause, folded_main_clause, without_tag
from clausier.reading.english_verb import be_predicate
from clausier.reading.form import question_form
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
_NEGATED_FR = re.compile(FRENCH_NEGATION)
_WITHOUT = frozenset({"sans", "without", "unless"})
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
    # an English yes/no question's predicate when its form gives it (« Is X certified? » →
    # certified): a « yes » needs a sentence holding it
    predicate: str | None = None

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


def named_organisations(question: str, hits: Sequence[Hit], question_terms: Sequence[str] | None = None) -> tuple[str, ...]:
    """Organisations of ``hits`` that the question names, in the question's order
    (``question_terms``: ``terms(question)``, when the caller has them)."""
    question_terms = terms(question) if question_terms is None else question_terms
    found: dict[str, int] = {}
    for hit in hits:
        key = _org_key(hit.organisation)
        if key and key in question_terms and hit.organisation not in found:
            found[hit.organisation] = question_terms.index(key)
    return tuple(sorted(found, key=found.__getitem__))


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
    for listed in asking:
        skip = skip | _answer_type_words(listed)
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
    question_terms = terms(question)  # once, for the organisations named and their keys
    orgs = named_organisations(question, hits, question_terms)
    org_keys = {k for k in (_org_key(o) for o in {h.organisation for h in hits}) if k}
    org_keys &= set(question_terms)
    duration = any(cue in folded for cue in DURATION_CUES)
    location = any(cue in folded for cue in LOCATION_CUES)
    negated = bool(ENGLISH_NEGATION.search(folded) if language == "en" else _NEGATED_FR.search(folded))
    form = question_form(question, language, orgs)
    yes_no = form.yes_no
    asks = _asked_types(folded, yes_no=yes_no)
    return Question(
        text=question,
        language=language,
        terms=_content_terms(without_tag(question), org_keys, duration, location, asks),
        orgs=orgs,
        wants_list=bool(_LIST_FR.search(folded) or _LIST_EN.search(folded)),
        yes_no=yes_no,
        duration=duration,
        location=location,
        without=bool(_WITHOUT & set(words(question))),
        negated=negated,
        verb=form.verb,
        asks=asks,
        declarative=form.declarative,
        designations=designations_in(question),
        counted=duration and any(cue in folded for cue in COUNTED_CUES),
        names=asked_names(question),
        predicate=_english_predicate(question) if language == "en" and yes_no else None,
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


def _english_predicate(question: str) -> str | None:
    """The stem of an English yes/no question's predicate when its form gives it (« be »
    followed by a word, or « is / are » then a participle), else None."""
    word = be_predicate(folded_main_clause(asked_clause(question)))
    found = terms(word) if word else []
    return found[0] if found else None
