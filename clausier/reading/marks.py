"""What a sentence states that a question may ask for: a period, a place, an amount, a date, a
frequency. Each is a pseudo-term (``\x00<kind>``) added to the sentence's terms, so an answer-type
question matches it like a word."""

from __future__ import annotations

import re

from clausier.textnorm import fold
from clausier.reading.cues import MONTHS

DURATION_TERM = "\x00duration"
DURATION_WORD = "\x00duration-word"  # « délai », « durée » without a figure: half credit
_PERIOD_FIGURE = (
    r"\b(\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|"
    r"quinze|seize|dix-sept|dix-huit|dix-neuf|vingt|vingt-quatre|trente|quarante|quarante-cinq|"
    r"quarante-huit|cinquante|soixante|soixante-douze|cent|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|twelve|thirteen|fifteen|twenty|thirty|forty-eight|seventy-two)"
    r"\s*(\(\w+(-\w+)?\)\s*)?(mois|ans?|annees?|jours?|semaines?|heures?|h|minutes?|"
    r"months?|years?|days?|weeks?|hours?)\b"
)
_FIGURE = re.compile(_PERIOD_FIGURE)
_DURATION = re.compile(_PERIOD_FIGURE + r"|\bsans delai\b|\bimmediatement\b|\bdans les meilleurs delais\b")
_DURATION_WORD = re.compile(r"\b(delai|duree|aussi longtemps|periode)\b")
LOCATION_TERM = "\x00location"
_LOCATION = re.compile(
    r"\b(belgique|france|irlande|suede|allemagne|pays-bas|luxembourg|suisse|usa|etats-unis|"
    r"union europeenne|eee|europe|dublin|paris|liege|bruxelles|la rochelle|hors de l'union|"
    r"en dehors de l'union|situee?s?|localisee?s?|sis a|belgium|ireland|sweden|united states)\b"
)


# What a sentence must state to answer an amount, date or frequency question (folded text).
TYPE_PATTERNS = {
    "amount": re.compile(r"\d|\b(euros?|eur|pour ?cent|percent|million|milliards?)\b|%|€|\$"),
    "date": re.compile(
        rf"\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b|(?<![/-])\b(19|20)\d{{2}}\b(?![/-]\d)|\b({MONTHS})\b"
        r"|\b(a compter d|a partir d|des la|as from|with effect from)"
    ),
    # a phone number: a leading « + » or « 0 » and at least eight more digits, maybe spaced
    "phone": re.compile(r"(?:\+|\b0)\d(?:[ .\u00a0/-]?\d){7,}"),
    # an e-mail address, also written out to defeat harvesters (« contact_at_example_point_com »)
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\w\W?_at_\W?\w"),
    # a postal address: a street, or a postcode followed by a town
    "address": re.compile(
        r"\b\d{1,4}(?: ?(?:bis|ter))?,? (?:rue|avenue|av|boulevard|bd|place|chemin|route|allee|quai|impasse|square|"
        r"chaussee|street|road)\b"
        r"|\b(?:rue|avenue|boulevard|chaussee|place) [a-z' -]{2,40},? ?\d{1,4}"
        r"|\b(?!19\d\d\b|20\d\d\b)\d{4,5} [a-z][a-z' -]{2,}"
    ),
    # an age: « moins de 13 ans », « 16 ans révolus », « under 16 », « mineurs » (not « 2 ans », a period)
    "age": re.compile(
        r"\b(?:moins|plus) de \d{1,2} ans\b|\b\d{1,2} ans (?:ou plus|et plus|minimum|revolus)\b|\bage\b"
        r"|\bmineurs?\b|\bmajeurs?\b|\bunder (?:the age of )?\d{1,2}\b|\b\d{1,2} years old\b|\bminors?\b"
        r"|\badults?\b"
    ),
    # a registration number: nine or ten digits, maybe grouped (« 0123.456.789 », « 123 456 789 »)
    "registration": re.compile(r"\b\d{3,4}[ .]?\d{3}[ .]?\d{3}\b"),
    "frequency": re.compile(
        r"\b(fois par|par (an|mois|semaine|jour)|chaque (annee|mois|semaine|jour)|tous les|toutes les|"
        r"annuel\w*|mensuel\w*|hebdomadaire\w*|quotidien\w*|journalier\w*|periodique\w*|"
        r"regulierement|times a|per (year|month|week|day)|every|annually|monthly|weekly|daily|yearly)\b"
    ),
}


def type_marks(text: str) -> frozenset[str]:
    """Pseudo-terms for the amount / date / frequency a sentence states (``\x00<type>``)."""
    folded = fold(text)
    return frozenset(f"\x00{kind}" for kind, pattern in TYPE_PATTERNS.items() if pattern.search(folded))


def answer_marks(text: str) -> frozenset[str]:
    """Pseudo-terms for what the sentence can answer: a period, a place."""
    folded = fold(text)
    marks = set()
    if _DURATION.search(folded):
        marks.add(DURATION_TERM)
    elif _DURATION_WORD.search(folded):
        marks.add(DURATION_WORD)
    if _LOCATION.search(folded):
        marks.add(LOCATION_TERM)
    return frozenset(marks)


def states_period_figure(text: str) -> bool:
    """``text`` states a period as a figure and a unit (« 72 heures », « un mois »), not only
    « sans délai » or « dans les meilleurs délais »."""
    return bool(_FIGURE.search(fold(text)))


def marks_of(text: str) -> frozenset[str]:
    """Every answer mark ``text`` carries: period, place, amount, date, frequency."""
    return answer_marks(text) | type_marks(text)


NAME_TERM = "\x00name"
# a word written with capitals that may name a product, a company or a person: « Stripe »,
# « DigitalOcean », « OVH », « Google Analytics »
_CAPITALISED = re.compile(r"(?<![\w@./-])(?:[A-Z][a-zà-ÿ]*[A-Z][\w-]*|[A-Z][a-zà-ÿ][\w-]*|[A-Z]{2,6}\d*)(?![\w@])")
# (a capital after a quotation mark is a name as often as not: la société “BeHosting”)
_SENTENCE_START = re.compile(r"(?:^|[.!?;•\n])\s*$")
# capitalised words legal texts use as defined terms, acronyms of the domain and other words
# that name no provider, product or person (folded)
_GENERIC_CAPITALISED = frozenset("""
societe societes service services client clients utilisateur utilisateurs utilisatrice internaute internautes
site sites web internet app application applications plateforme union europeenne europeen europe donnees
donnee personnelles personnelle personnel politique politiques conditions generales generale partenaire
partenaires responsable responsables
article articles reglement loi lois commission autorite autorites contrat contrats convention conventions
prestataire prestataires sous-traitant sous-traitants delegue entreprise entreprises cookies cookie
vente utilisation protection traitement annexe preambule titre chapitre section nom type duree origine
fonctionnel permanent session oui non france belgique etats-unis usa rgpd gdpr cnil ue eee eu eea ssl tls
ip url urls iso dpo rcs srl sas sa sarl bce tva pdf faq cgu cgv http https sms api ia ai rh it ti ceo pme
vous nous notre nos votre vos le la les un une des ce cette ces il elle ils elles on si en au aux du de
the a an our your we you it they this that these those if in on of for to by with
""".split())


def name_marks(text: str, organisation: str = "") -> frozenset[str]:
    """``NAME_TERM`` when ``text`` names someone or something with a proper name (not opening a
    sentence, not a defined term of legal writing, not ``organisation`` itself): what a question
    asking « which provider / tool / model? » needs."""
    own = {fold(w) for w in re.findall(r"[\w-]+", organisation)}
    previous, previous_end = "", 0
    for match in _CAPITALISED.finditer(text):
        word = fold(match.group(0))
        # « AOPS Conseil », « Assistool SRL »: the organisation's own name, written out
        after_own = previous in own and not text[previous_end : match.start()].strip()
        previous, previous_end = word, match.end()
        if word in _GENERIC_CAPITALISED or word in own or after_own or _SENTENCE_START.search(text[: match.start()]):
            continue
        return frozenset({NAME_TERM})
    return frozenset()
