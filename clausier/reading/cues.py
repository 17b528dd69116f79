"""Phrases that say what kind of answer a question asks for (a duration, a place, an amount…).

Folded (lower case, no accents), French and English; read by question analysis and by the
marks a sentence states.
"""

from __future__ import annotations

# Phrases asking for a duration or a deadline.
DURATION_CUES = (
    "combien de temps",
    "dure combien",
    "durent combien",
    "quelle duree",
    "quel delai",
    "quelle periode",
    "quelle est la duree",
    "quelles sont les durees",
    "quel est le delai",
    "quelle est la periode",
    "duree de vie",
    "pendant combien",
    "dans quel delai",
    "how long",
    "what period",
    "what deadline",
    "within how many",
    "retention period",
    "how many days",
    "how many months",
    "how many years",
    "how quickly",
    "deadline",
    "delais",
    "combien de jours",
    "combien de mois",
    "combien d'annees",
    "combien de semaines",
    "combien d'heures",
    "preavis",
    "notice period",
    "lifetime",
    "expire",
    "expiry",
    "how much time",
    "time limit",
    "max time",
    "maximum time",
    "how soon",
    "what timeframe",
    "time frame",
    "delai maximum",
    "delai maximal",
)

# Month names, folded. English « may » is left out: it is a modal far more often than a month.
MONTHS = ("janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|"
          "january|february|march|april|june|july|august|september|october|november|december")

# Phrases asking for a figure, a date, a frequency: only a sentence stating one answers.
AMOUNT_CUES = ("quel montant", "quel est le montant", "quelle somme", "quel pourcentage", "combien coute",
               "how much", "what amount", "what percentage")
# Forms asking for a price, a rate or a company's figures: only a sentence stating a figure
# answers. Counts (« combien de … », « how many … ») are not among them: a list answers them.
AMOUNT_FORMS = (
    r"\bquel(?:le)?s? (?:(?:est|sont) (?:le|la|les) )?(?:taux|prix|tarifs?|couts?|capital)\b"
    r"|\bchiffre d'affaires\b|\bcapital social\b|\bturnover\b|\brevenues?\b|\bshare capital\b"
    r"|\bwhat (?:is |are )?(?:the |its |their )?(?:rate|price|prices|cost|costs|fee|fees)\b"
    # a price asked with « combien » and a verb of paying
    r"|\bfactur\w* combien\b|\bcombien (?:ca |cela )?(?:coute|coutent|factur\w*|pa[iy]\w*)\b|\bc'est combien\b"
)
# Forms asking for an age (« à partir de quel âge ? »): a sentence stating one in years, or naming
# minors or adults, answers
AGE_FORMS = r"\bquel age\b|\bwhat age\b|\bhow old\b|\bage minimum\b|\bminimum age\b"
# Forms asking for a company's registration number
REGISTRATION_FORMS = (
    r"\bnumero (?:d'entreprise|de tva|tva|siren|siret|bce|rcs|d'immatriculation|d'enregistrement)\b"
    r"|\b(?:company|registration|vat) number\b"
)
# Phrases asking for a period as a count of units: only a figure answers (« dans les meilleurs
# délais » says when, not how many hours)
COUNTED_CUES = ("combien de jours", "combien de mois", "combien d'annees", "combien de semaines", "combien d'heures",
                "combien de minutes", "how many days", "how many months", "how many years", "how many weeks",
                "how many hours", "within how many")
DATE_CUES = ("quelle date", "a quelle date", "depuis quand", "a partir de quand", "de quand", "what date",
             "since when", "as of when", "when was", "last updated")
FREQUENCY_CUES = ("quelle frequence", "quelle periodicite", "a quel rythme", "tous les combien", "how often",
                  "how frequently", "what frequency")

# Phrases asking for a way to reach someone: a phone number, an e-mail address, a postal address.
PHONE_CUES = ("numero de telephone", "numero de tel", "quel numero", "phone number", "telephone number",
              "what number", "which number")
EMAIL_CUES = ("adresse e-mail", "adresse email", "adresse mail", "adresse electronique", "adresse de courriel",
              "quel e-mail", "quel email", "quel mail", "quel courriel", "email address", "e-mail address",
              "what email", "which email", "what e-mail", "which e-mail")
ADDRESS_CUES = ("adresse postale", "quelle est l'adresse", "a quelle adresse", "quelle adresse", "postal address",
                "what is the address", "what address", "which address", "mailing address")

# A question asking which provider, tool, model… by name (« quel prestataire de paiement »,
# « what programming language »): only a sentence naming one answers it.
# Singular only: « à quels prestataires … ? » asks for a list, which categories may answer.
NAMED_INSTANCE = (
    r"\b(?:quel|quelle|lequel|laquelle)\s+(?:est\s+l[ea]\s+)?"
    r"(?:prestataire|fournisseur|hebergeur|sous-traitant|outil|logiciel|plateforme|modele|"
    r"langage|mutuelle|assureur|banque|editeur)\b"
    r"|\b(?:which|what)\s+(?:is\s+the\s+)?(?:[a-z-]+\s+)?(?:provider|vendor|host|tool|"
    r"software|platform|model|language|insurer|bank|processor|sub-?processor)\b(?!s)"
    # the name itself asked for (« quel est le nom de l'outil », « what's the name of the tool »)
    r"|\b(?:quel est le nom d|comment s'appell?e|comment se nomme|what(?:'s| is) the name of|what is .{1,40} called)"
)

# Phrases asking where (a country, a city, inside or outside the EU).
LOCATION_CUES = ("ou sont", "ou est", "ou se trouv", "ou sont-", "quel pays", "quels pays", "dans quel pays",
                 "where", "which country", "what country", "which countries")
