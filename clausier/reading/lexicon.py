"""A small bilingual vocabulary of the corpus's domain, for the lexical path.

Without embeddings, « garder » never meets « conserver » and an English question never meets
a French clause. Each group lists words (French and English) that count as the same term
when a question's words are matched against clause sentences. Words are analyzed with the
same French analyzer as everything else, so the groups hold stems.
"""

from __future__ import annotations

import re
from functools import lru_cache

from clausier.textnorm import analyze, fold

# Compounds the shared analyzer would cut in two (« sous-traitant » → « sous » + « trait »,
# the stem of « traitement »): glued before analysis, on both sides of the match.
_COMPOUNDS = (
    (re.compile(r"\bsous\s*[-–‑]?\s*trait(?=\w)"), "soustrait"),
    (re.compile(r"\bsub\s*[-–‑]?\s*(?=process|contract)"), "sub"),
    (re.compile(r"\bthird\s*[-–‑]?\s*part"), "thirdpart"),
    (re.compile(r"\bback\s*[-–‑]?\s*up"), "backup"),
    (re.compile(r"\be\s*[-–‑]\s*mail"), "email"),
    (re.compile(r"\bmot(s)? de passe"), "motdepasse"),
    (re.compile(r"\bhow long\b"), "howlong"),
)


def terms(text: str) -> list[str]:
    """Analyzed terms of ``text`` (the shared analyzer, with the domain's compounds kept whole)."""
    folded = fold(text)
    for pattern, replacement in _COMPOUNDS:
        folded = pattern.sub(replacement, folded)
    return analyze(folded)

_GROUPS = (
    "conserver conservation conservées conserve garder garde gardées stocker stockage stockées "
    "archiver archivage détruire détruites destruction keep keeps kept retain retains retained "
    "retention store stored storage hold held",
    "durée délai période temps longtemps duration period howlong",
    "supprimer suppression supprimées effacer effacement effacées oubli delete deleted deletion "
    "erase erasure remove removal",
    "téléphone téléphonique téléphoniques appel appels phone telephone call calls",
    "information informations info données donnée renseignements data information details",
    "personnel personnelle personnelles personnels caractère personal",
    "noter notées note notes noted written écrit recorded enregistrer enregistrées",
    "cookie cookies traceur traceurs témoin témoins tracker trackers",
    "sous-traitant sous-traitants sous-traitance sous-traiter subprocessor subprocessors "
    "sub-processor sub-processors processor processors subcontractor subcontractors prestataire "
    "prestataires provider providers vendor vendors",
    "tiers tierce tierces third third-party third-parties",
    "partenaire partner",
    "client clients customer customers",
    "consentement consentir accord autorisation consent agreement approval",
    "recours recourir appel faire-appel recourt use engage engaging involve",
    "partager partage partagées transmettre transmet transmission communiquer communication "
    "transférer transfert transfer transfers transferred share shared sharing disclose "
    "disclosure divulguer send envoyer envoi pass",
    "vendre vend vendent vendu vendus vendues vente sell sells sold sale",
    "accès accéder accessible access",
    "droit droits right rights",
    "demande demandes request requests",
    "notifier notification notifie notifiera aviser avisera notify notified inform informer",
    "faille violation fuite fuites incident breach breaches leak compromission compromise",
    "sécurité sécurisation sécuriser security secure",
    "héberger hébergement hébergeur hébergeurs héberge host hosts hosting hosted",
    "serveur serveurs server servers",
    "paiement paiements payment payments",
    "sauvegarde back-up backup backups",
    "enfant enfants mineur mineurs child children minor minors",
    "email e-mail e-mails emails courriel mail",
    "délégué dpo officer",
    "finalité finalités but objectif purpose purposes",
    "hors dehors extérieur outside",
    "union européenne ue eee europe european eu",
    "pays country countries situé située situés situées localisé localisés localisées located "
    "location where sis",
    "collecter collecte collectées recueillir recueil recueillies collect collected collection gather",
    "utiliser utilisation utilisées use used usage",
    "mois month months",
    "an ans année années year years",
    "jour jours day days",
    "heure heures hour hours",
    "audit audits auditer auditor",
    "assurance assurances insurance",
    "responsabilité responsable responsables liability liable responsible",
    "confidentialité confidentiel confidentielle confidentielles confidentiality confidential",
    "plainte réclamation complaint complaints",
    "autorité autorités authority authorities cnil apd regulator",
    "employé employés salarié salariés staff employee employees",
    "salaire salaires rémunération salary pay",
    "log logs journaux journal",
    "navigateur navigateurs browser browsers",
    "publicité publicitaire publicitaires prospection marketing advertising ads",
    "portabilité portability",
    "rectification rectifier corriger correction rectify correct",
    "opposition opposer object objection",
    "limitation limiter restriction restrict",
    "statistiques statistique analytique analytiques audience analytics statistics",
    "chiffrement cryptage encryption encrypted",
    "refus refuser refuse decline",
    "autorisé autorisée autoriser permis permettre allowed permitted authorised authorized",
    "interdit interdire prohibited forbidden",
    "contact contacts contacter contact",
    "nom noms name names",
    "siège sièges headquarters headquartered office offices",
    "social registered",
    "ville villes city cities town",
    "adresse adresses address",
    "newsletter newsletters",
    "mot-de-passe motdepasse password",
    "abonnement souscription subscription",
    "résiliation résilier termination terminate cancel cancellation",
    "mission contrat convention contract agreement",
    "instructions instruction",
    "sensible sensibles sensitive",
    "identité identity",
    "gratuit gratuitement free",
    "fin end",
    "écrit écrite écrites écrits written writing",
    "contenir contient contiennent comprendre comprend comprennent inclure inclut incluent "
    "include includes contain contains",
    "société sociétés entreprise entreprises company companies firm firms",
    "répondre réponse satisfaire suite answer respond reply",
)

# Words that say what kind of answer is wanted, not what it is about.
_QUESTION_WORDS = (
    "combien comment pourquoi quand où qui quoi quel quelle quels quelles lequel laquelle "
    "lesquels lesquelles est-ce existe-t-il y-a-t-il selon liste lister énumérer indiquer "
    "how what which when where who whom whose why does do list name tell explain describe "
    "document documents politique policy say says state states mention mentions during "
    "whether please according without unless puis pouvez pouvons dois devez devons can may must "
    "my me mine us he she his her him someone anyone"
)


@lru_cache(maxsize=1)
def question_words() -> frozenset[str]:
    """Stems of interrogative and framing words, dropped from a question's content terms."""
    return frozenset(terms(_QUESTION_WORDS)) | {"est", "il", "elle", "on", "ce", "t"}


# Words nearly every clause of a privacy policy uses: they say little about which sentence
# answers, so they weigh half (a corpus-wide rarity the few candidate sentences cannot show).
_COMMON = (
    "données donnée personnelles personnel personnelle caractère informations information "
    "traitement traiter société utilisateur utilisateurs client clients service services site "
    "data personal"
)


@lru_cache(maxsize=1)
def common_terms() -> frozenset[str]:
    return frozenset(terms(_COMMON))


# Phrases asking for a duration or a deadline.
DURATION_CUES = (
    "combien de temps",
    "quelle duree",
    "quel delai",
    "quelle periode",
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
)

# Month names, folded. English « may » is left out: it is a modal far more often than a month.
MONTHS = ("janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|"
          "january|february|march|april|june|july|august|september|october|november|december")

# Phrases asking for a figure, a date, a frequency: only a sentence stating one answers.
AMOUNT_CUES = ("quel montant", "quel est le montant", "quelle somme", "quel pourcentage", "combien coute",
               "how much", "what amount", "what percentage")
DATE_CUES = ("quelle date", "a quelle date", "depuis quand", "a partir de quand", "de quand", "what date",
             "since when", "as of when", "when was", "last updated")
FREQUENCY_CUES = ("quelle frequence", "quelle periodicite", "a quel rythme", "tous les combien", "how often",
                  "how frequently", "what frequency")

# Phrases asking where (a country, a city, inside or outside the EU).
LOCATION_CUES = ("ou sont", "ou est", "ou se trouv", "ou sont-", "quel pays", "quels pays", "dans quel pays",
                 "where", "which country", "what country", "which countries")


@lru_cache(maxsize=1)
def _stem_groups() -> tuple[frozenset[str], ...]:
    groups = []
    for group in _GROUPS:
        stems = set()
        for word in group.split():
            stems.update(terms(word))
        groups.append(frozenset(stems))
    return tuple(groups)


@lru_cache(maxsize=4096)
def expand(term: str) -> frozenset[str]:
    """The stems that count as a match for ``term``: itself plus its vocabulary groups."""
    out = {term}
    for group in _stem_groups():
        if term in group:
            out |= group
    return frozenset(out)
