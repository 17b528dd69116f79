"""What kind of fact a question asks for, and whether a sentence states one.

A question asking for a period, a date, an amount, an age, a count, a person, a place, an
e-mail address, a phone number, a web address or an identifier is answered only by a sentence
that holds an instance of that kind: « Combien de salariés compte Ikomia ? » is not answered by
a sentence about Ikomia's employees that states no number. This is a rule about the question
and the sentence, so it carries over to new questions, unlike a score threshold.

Recognition is by patterns (e-mail, phone, URL, identifiers, amounts, durations, dates,
frequencies) and, for persons, places and organisations, by spaCy's French named-entity
recogniser (``answer.entities``), with a capitalised-name pattern when spaCy is absent.
"""

from __future__ import annotations

import re
from typing import Iterable

from clausier.textnorm import fold

from answer import entities
from answer.lexicon import AMOUNT_CUES, DATE_CUES, DURATION_CUES, FREQUENCY_CUES, LOCATION_CUES, MONTHS

DURATION, DATE, FREQUENCY, AMOUNT = "duration", "date", "frequency", "amount"
AGE, COUNT, PERSON, ORGANISATION, PLACE = "age", "count", "person", "organisation", "place"
EMAIL, PHONE, URL, IDENTIFIER = "email", "phone", "url", "identifier"
KINDS = (DURATION, DATE, FREQUENCY, AMOUNT, AGE, COUNT, PERSON, ORGANISATION, PLACE, EMAIL, PHONE, URL, IDENTIFIER)
# kinds recognised by the named-entity recogniser (the others by patterns alone)
ENTITY_KINDS = frozenset({PERSON, ORGANISATION, PLACE})

# --- what the question asks for (folded question text) -------------------------------------

_UNITS = r"(?:jours?|mois|ans?|annees?|semaines?|heures?|minutes?|days?|months?|years?|weeks?|hours?|minutes?)"
_ASK = (
    # most specific first: « quel est le numéro de téléphone du DPO » asks for a phone, not a person
    (EMAIL, re.compile(r"\b(?:adresse (?:e-?mail|mail|electronique|de courriel)|e-?mail address"
                       r"|(?:quel|quelle|what|which)\W+(?:\w+\W+){0,3}(?:e-?mail|courriel))\b")),
    (PHONE, re.compile(r"\b(?:numeros? de (?:telephone|tel|fax|portable)|(?:tele)?phone number|fax number"
                       r"|quel numero (?:appeler|composer)|number to call)\b")),
    (URL, re.compile(r"\b(?:url|adresse (?:du site|internet|web)|site (?:web|internet) (?:de|d'|du)"
                     r"|web ?site address|web address|which website|what website|quel site)\b")),
    (IDENTIFIER, re.compile(r"\b(?:siren|siret|rcs|numero (?:de )?tva|tva intracommunautaire|numero d'immatriculation"
                            r"|numero d'enregistrement|registration number|company number|vat (?:number|id)"
                            r"|numero d'identification|identifiant (?:unique|fiscal))\b")),
    (AGE, re.compile(r"\b(?:quel age|a partir de quel age|age (?:minimum|minimal|limite|requis)|how old"
                     r"|what age|minimum age|age limit)\b")),
    (FREQUENCY, re.compile("|".join(re.escape(c) for c in FREQUENCY_CUES)
                           + r"|\bcombien de fois\b|\bhow many times\b"
                           r"|\b(?:combien|how many)\b.*\b(?:par|per|a) (?:an|annee|mois|semaine|jour|year|month|week|day)\b")),
    (DURATION, re.compile("|".join(re.escape(c) for c in DURATION_CUES))),
    (DATE, re.compile("|".join(re.escape(c) for c in DATE_CUES) + r"|\ben quelle annee\b|\bwhich year\b|\bwhat year\b")),
    (AMOUNT, re.compile("|".join(re.escape(c) for c in AMOUNT_CUES)
                        + r"|\bquel (?:prix|tarif|cout)\b|\bcombien (?:coute|paie|facture)|\bwhat (?:price|fee|cost)\b")),
    (COUNT, re.compile(rf"\bcombien (?:de |d')(?!{_UNITS}\b|temps\b|fois\b)|\bhow many (?!{_UNITS}\b|times\b)"
                       r"|\b(?:quel est le|what is the) nombre\b|\bnumber of\b")),
    (PLACE, re.compile(r"(?!.*\b(?:ou|where) (?:dans|in|au sein)\b)(?:" + "|".join(re.escape(c) for c in LOCATION_CUES) + ")"
                       + r"|\bquelle ville\b|\bdans quelle ville\b|\b(?:which|what|in which|in what) city\b"
                         r"|\bsiege social\b|\bheadquarter|\bregistered office\b")),
    (PERSON, re.compile(r"^\W*(?:qui est|qui sont|who is|who are)\b(?! (?:responsable|charge|habilite|autorise|concerne)\b)"
                        r"|\b(?:le nom|les noms|name|names) (?:du|de la|de l'|des|of the|of its)\b")),
    (ORGANISATION, re.compile(r"\b(?:quel|quelle|which|what)\W+(?:est (?:le|la) )?(?:societe|entreprise|prestataire"
                              r"|hebergeur|sous-traitant|fournisseur|banque|editeur|organisme|company|provider|host"
                              r"|hosting provider|processor|sub-processor|vendor|bank|firm)\b")),
)


def asked_kinds(question: str) -> frozenset[str]:
    """The kinds of fact ``question`` asks for (none for an open question: « pourquoi … »)."""
    folded = " ".join(fold(question).split())
    found = [kind for kind, pattern in _ASK if pattern.search(folded)]
    if EMAIL in found or PHONE in found or URL in found or IDENTIFIER in found:
        found = [k for k in found if k not in (PERSON, ORGANISATION, COUNT)]  # « le numéro … du DPO »
    if AGE in found or FREQUENCY in found:
        found = [k for k in found if k not in (DURATION, COUNT)]
    if DURATION in found:
        found = [k for k in found if k != COUNT]  # « combien de jours »
    return frozenset(found)


# --- what a sentence states (folded sentence text, entity labels) ---------------------------

_NUMBER_WORDS = (r"un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|"
                 r"vingt|trente|quarante|cinquante|soixante|cent|cents|mille|one|two|three|four|five|six|seven|"
                 r"eight|nine|ten|eleven|twelve|thirteen|fifteen|twenty|thirty|forty|fifty|hundred|thousand")
_DURATION_FIGURE = re.compile(
    rf"\b(?:\d+|{_NUMBER_WORDS})(?:[- ](?:{_NUMBER_WORDS}))*\s*(?:\(\w+(?:-\w+)?\)\s*)?"
    rf"(?:{_UNITS}|h|ouvres?|calendaires?)\b"
    r"|\bsans delai\b|\bimmediatement\b|\bdans les meilleurs delais\b|\bdans les plus brefs delais\b"
    r"|\baussi longtemps\b|\bpendant (?:toute )?la duree\b|\bduree (?:de|du|d') (?:la|l'|votre|leur|son)\b"
    r"|\bjusqu'(?:a|au|aux) (?:la|l'|ce|cette|votre|leur|son|sa|expiration|fin|terme|resiliation|suppression)"
    r"|\ble temps (?:necessaire|strictement)\b|\bas long as\b|\bwithout (?:undue )?delay\b|\bfor the duration\b"
)
_DATE = re.compile(
    rf"\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b|(?<![/-])\b(?:19|20)\d{{2}}\b(?![/-]\d)|\b(?:{MONTHS})\b"
)
_FREQUENCY = re.compile(
    r"\b(?:fois par|par (?:an|annee|mois|semaine|jour|trimestre)|chaque (?:annee|an|mois|semaine|jour|trimestre)"
    r"|tous les|toutes les|annuel\w*|mensuel\w*|hebdomadaire\w*|quotidien\w*|journalier\w*|trimestriel\w*"
    r"|periodique\w*|regulierement|times a|per (?:year|month|week|day)|every|annually|monthly|weekly|daily|yearly"
    r"|quarterly|regularly|periodically)\b"
)
_AMOUNT = re.compile(r"\d[\d .,]*\s*(?:€|eur\b|euros?\b|%|pour ?cent|percent|\$|usd\b|dollars?\b|k€|m€)"
                     r"|(?:€|\$)\s*\d|\b(?:millions?|milliards?) d'euros\b|\bgratuit\w*\b|\bfree of charge\b")
_AGE = re.compile(r"\b\d{1,2}\s*ans\b|\b\d{1,2}\s*years? old\b|\bage de \d|\bmineurs? de \d|\bmoins de \d{1,2} ans\b"
                  r"|\b(?:quinze|seize|treize|dix-huit|dix-sept|quatorze) ans\b|\bmajeur|\bmineur")
_COUNT = re.compile(rf"\b\d+\b|\b(?:{_NUMBER_WORDS})\b|\bplusieurs\b|\baucun\w*\b|\bseul\w*\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+\d{1,3}[\s.]?)?(?:\(0\)\s?)?\d{1,4}(?:[\s.-]?\d{2,4}){3,5}\b")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+|\b[\w-]+\.(?:com|fr|eu|org|net|io|ai|be|de)(?:/\S*)?\b")
_IDENTIFIER = re.compile(r"\b(?:siren|siret|rcs|tva|immatricul\w*|registration|vat)\b[^.;]{0,40}?\d{3}"
                         r"|\bfr ?\d{2} ?\d{3} ?\d{3} ?\d{3}\b|\b\d{3} ?\d{3} ?\d{3}(?: ?\d{5})?\b")
_PATTERNS = {
    DURATION: _DURATION_FIGURE, DATE: _DATE, FREQUENCY: _FREQUENCY, AMOUNT: _AMOUNT, AGE: _AGE,
    COUNT: _COUNT, EMAIL: _EMAIL, PHONE: _PHONE, URL: _URL, IDENTIFIER: _IDENTIFIER,
}
# a regulation or opinion number (« 2016/679 », « 04/2012 ») is a reference, not a date
_REFERENCE = re.compile(r"\b\d{1,4}/\d{2,4}\b")


def stated_kinds(sentence: str, *, exclude_names: Iterable[str] = (), kinds: Iterable[str] = KINDS) -> frozenset[str]:
    """The kinds of ``kinds`` that ``sentence`` holds an instance of. Names in ``exclude_names``
    (the organisations the question is about) are not instances: « Ikomia a désigné un DPO »
    names no one."""
    kinds = frozenset(kinds)
    folded = " ".join(fold(sentence).split())
    found = set()
    for kind in kinds - ENTITY_KINDS:
        text = _REFERENCE.sub(" ", folded) if kind == DATE else folded
        if _PATTERNS[kind].search(text):
            found.add(kind)
    if kinds & ENTITY_KINDS:
        excluded = {fold(n) for n in exclude_names if n}
        for label, text in entities.entities(sentence):
            if fold(text) in excluded or any(e and e in fold(text) for e in excluded):
                continue
            if label == "ORG" and not entities.proper_name(text):
                continue  # « Union Européenne », « Données Personnelles »: capitalised common words
            found.update(k for k in entities.KINDS_OF.get(label, ()) if k in kinds)
    return frozenset(found)
