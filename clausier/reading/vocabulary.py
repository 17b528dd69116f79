"""The bilingual (French / English) vocabulary of data-protection documents, in one place.

The dense model is multilingual, BM25 and sentence matching are not: without this, « garder »
never meets « conserver » and an English question never meets a French clause. The vocabulary
holds two relations over the same domain words, because they are used differently:

- ``QUERY_PHRASES``: a phrase found in a question → the French terms the documents use for it,
  added to the lexical (BM25) query (« data breach » → « fuite violation de données faille »).
  Directional and phrase-level: it widens the query and never narrows what a clause must say.
- ``MATCH_GROUPS``: words that count as the same term when a question's terms are matched
  against a clause's sentences (``equivalents``). Symmetric, and held as stems of the shared
  analyzer (``terms``), so that inflections match too.

Only standard vocabulary of data-protection law and of privacy and cookie policies lives here,
nothing drawn from particular questions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from clausier.textnorm import analyze, fold

# folded phrase found in the question → French terms added to the lexical query
QUERY_PHRASES: dict[str, str] = {
    "gdpr": "rgpd", "rgdp": "rgpd", "general data protection regulation": "rgpd",
    "dpo": "délégué à la protection des données", "data protection officer": "délégué à la protection des données",
    "delegue a la protection des donnees": "dpo",
    "data breach": "fuite violation de données faille", "breach": "fuite violation faille",
    "fuite de donnees": "violation de données", "violation de donnees": "fuite de données",
    "faille de securite": "violation fuite", "security incident": "faille violation sécurité incident",
    "right to erasure": "droit à l'effacement oubli suppression", "right to be forgotten": "droit à l'oubli effacement",
    "erasure": "effacement suppression", "delete": "supprimer suppression effacement", "deletion": "suppression effacement",
    "right of access": "droit d'accès", "access request": "demande d'accès",
    "rectification": "rectification", "portability": "portabilité", "data portability": "portabilité des données",
    "objection": "opposition", "object to": "opposition", "restriction of processing": "limitation du traitement",
    "consent": "consentement", "withdraw consent": "retirer consentement",
    "processor": "sous-traitant", "sub-processor": "sous-traitant", "subprocessor": "sous-traitant",
    "subcontractor": "sous-traitant", "controller": "responsable du traitement",
    "data controller": "responsable du traitement", "processing": "traitement",
    "personal data": "données personnelles à caractère personnel", "data subject": "personne concernée",
    "retention": "conservation durée", "retention period": "durée de conservation", "kept": "conservées conservation",
    "keep": "conserver conservation", "stored": "stockées conservées", "store": "stocker conserver",
    "how long": "durée combien de temps", "delay": "délai", "deadline": "délai", "within": "délai",
    "notify": "notifier aviser notification", "notification": "notification notifier",
    "supervisory authority": "autorité de contrôle", "authority": "autorité",
    "transfer": "transfert transférer", "outside the eu": "hors de l'union européenne eee",
    "eea": "eee espace économique européen", "eee": "eea", "european union": "union européenne",
    "cookie": "cookie", "cookies": "cookies", "tracker": "traceur", "analytics": "analytique statistique audience",
    "security measures": "mesures de sécurité", "encryption": "cryptage chiffrement", "firewall": "pare-feu firewall",
    "password": "mot de passe", "children": "enfants", "minors": "enfants mineurs",
    "liability": "responsabilité", "insurance": "assurance", "complaint": "plainte réclamation",
    "newsletter": "newsletter lettre d'information", "payment": "paiement", "payments": "paiements",
    "hosting": "hébergement héberge", "host": "héberge hébergement", "backup": "back-up sauvegarde",
    "log files": "fichiers de log journaux", "logs": "logs journaux", "prompts": "prompts", "answers": "réponses",
    "purpose": "finalité", "purposes": "finalités", "legal basis": "base légale",
    "governing law": "droit applicable régi", "court": "tribunal tribunaux", "courts": "tribunaux",
    "governs": "régi droit applicable", "governed": "régi droit applicable", "dispute": "litige",
    "disputes": "litiges", "dpa": "convention contrat sous-traitance",
    "audit": "contrôle contrôler", "confidentiality": "confidentialité", "employees": "personnel salariés employés",
    "phone": "téléphone", "telephone": "téléphone", "email": "e-mail email courrier électronique",
    # a postal address is usually given as the head office's
    "adresse postale": "adresse siège social rue", "postal address": "adresse siège social rue",
    "registered office": "siège social", "head office": "siège social",
    "contact": "contact contacter", "marketing": "marketing prospection publicitaires",
    "targeted advertising": "publicité ciblée", "social networks": "réseaux sociaux",
    "digital death": "mort numérique", "post-mortem": "mort numérique",
    # rights of the data subject (GDPR art. 15-22) in everyday words, both languages
    "remove": "supprimer suppression effacer", "erase": "effacer effacement", "removal": "suppression",
    "inaccurate": "inexactes rectification", "outdated": "obsolètes rectification",
    "incorrect": "erronées inexactes rectification", "correct": "rectifier rectification",
    "rectify": "rectification rectifier", "update": "mettre à jour modification",
    "inexact": "rectification", "inexacte": "rectification", "inexactes": "rectification",
    "errone": "rectification", "erronee": "rectification", "erronees": "rectification",
    "obsolete": "rectification", "obsoletes": "rectification", "perime": "obsolètes rectification",
    "perimee": "obsolètes rectification", "perimees": "obsolètes rectification",
    "perimes": "obsolètes rectification", "a jour": "rectification modification",
    "copy of my data": "droit d'accès", "what data": "droit d'accès", "restrict": "limitation limiter",
    "oppose": "opposition", "opt out": "opposition désinscription", "unsubscribe": "désinscription désabonner",
    "complain": "plainte réclamation", "cnil": "cnil autorité de contrôle",
    # everyday web vocabulary of cookie policies
    "browser": "navigateur", "computer": "ordinateur", "device": "appareil terminal",
    "settings": "paramètres réglages", "block": "bloquer empêcher refuser", "session": "session",
    "third party": "tiers", "third parties": "tiers", "third-party": "tiers", "first party": "première partie",
    "share": "partager partage transmettre", "sell": "vendre vente", "website": "site internet web",
    "account": "compte", "profile": "profil", "sign up": "inscription", "register": "inscription",
    "newsletter subscription": "inscription newsletter", "staff": "personnel", "employee": "personnel salarié",
    "sub-contract": "sous-traitant", "hand over": "fournir transmettre", "abroad": "hors de l'union pays tiers",
    "outside the eea": "en dehors de l'eee", "instructions": "instructions", "written": "écrit écrite",
}


def widen_query(question: str) -> str:
    """The question followed by the French terms its phrases map to (``QUERY_PHRASES``), for BM25."""
    # punctuation → spaces so that phrases match on word boundaries only
    spaced = " " + re.sub(r"[^\w-]+", " ", fold(question)) + " "
    extra = [terms for phrase, terms in QUERY_PHRASES.items() if f" {phrase} " in spaced]
    return question if not extra else f"{question} {' '.join(extra)}"


# Compounds the shared analyzer would cut in two (« sous-traitant » → « sous » + « trait »,
# the stem of « traitement »), and words whose stem another language's word shares: rewritten
# before analysis, on both sides of the match.
_COMPOUNDS = (
    (re.compile(r"\bsous\s*[-–‑]?\s*trait(?=\w)"), "soustrait"),
    (re.compile(r"\bsub\s*[-–‑]?\s*(?=process|contract)"), "sub"),
    (re.compile(r"\bthird\s*[-–‑]?\s*part"), "thirdpart"),
    (re.compile(r"\bback\s*[-–‑]?\s*up"), "backup"),
    (re.compile(r"\be\s*[-–‑]\s*mail"), "email"),
    (re.compile(r"\bmot(s)? de passe"), "motdepasse"),
    (re.compile(r"\bhow long\b"), "howlong"),
    # « objectif » would stem to « object », the English verb of the right to object
    (re.compile(r"\bobjectifs?\b"), "finalite"),
)


def terms(text: str) -> list[str]:
    """Analyzed terms of ``text`` (the shared analyzer, with the domain's compounds kept whole)."""
    folded = fold(text)
    for pattern, replacement in _COMPOUNDS:
        folded = pattern.sub(replacement, folded)
    return analyze(folded)

# Words (French and English) that count as the same term when a question's words are matched
# against clause sentences; analyzed like everything else, so the groups hold stems.
MATCH_GROUPS = (
    "conserver conservation conservées conserve garder garde gardées stocker stockage stockées "
    "archiver archivage détruire détruites destruction keep keeps kept retain retains retained "
    "retention store stored storage hold held",
    "durée durer dure durent délai période temps longtemps duration period howlong",
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
    "notifier notification notifie notifiera aviser avisera notify notified inform informer prévenir prévenu "
    "prévenus prévenue prévient préviennent préviendra avertir avertit alerter alerte warn warned alert",
    "faille violation fuite fuites incident breach breaches leak compromission compromise",
    "sécurité sécurisation sécuriser security secure",
    "perte pertes perdre perdu perdues perdra lose loss lost",
    "héberger hébergement hébergeur hébergeurs héberge host hosts hosting hosted",
    "serveur serveurs server servers",
    "paiement paiements payment payments",
    "sauvegarde back-up backup backups",
    "enfant enfants mineur mineurs child children minor minors",
    "email e-mail e-mails emails courriel mail",
    "délégué dpo officer",
    "désigner désigné désignée nommer nommé nommée appoint appointed designate designated",
    "finalité finalités but objectif purpose purposes",
    "hors dehors extérieur outside",
    "sein inside within",
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
    "introduire déposer lodge",  # « introduire une réclamation » / « lodge a complaint » (GDPR art. 77)
    "autorité autorités authority authorities cnil apd regulator régulateur regulateur",
    "employé employés salarié salariés staff employee employees",
    "salaire salaires rémunération salary pay",
    "log logs journaux journal",
    "navigateur navigateurs browser browsers",
    "publicité publicitaire publicitaires prospection marketing advertising ads",
    "portabilité portability",
    "rectification rectifier corriger correction rectify correct",
    "opposition opposer object objection",
    "limitation limiter restriction restrict restreindre restreint",
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
    "mission contrat convention contract agreement dpa",
    "instructions instruction consignes",
    "décès décédé décédée mort mourir mourrai meurt death deceased die dies died mortem",
    # the closing clauses of a contract: which law governs it, which courts hear its disputes
    "régi régit régir régie govern governs governed governing",
    "tribunal tribunaux juridiction juridictions court courts jurisdiction",
    "litige litiges différend différends dispute disputes",
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
    "lesquels lesquelles duquel auquel desquels desquelles auxquels auxquelles "
    "est-ce existe-t-il y-a-t-il selon liste lister énumérer indiquer "
    "how what which when where who whom whose why does do list name tell explain describe "
    "document documents politique policy say says state states mention mentions during "
    "whether please according without unless puis pouvez pouvons dois devez devons faut faudra faudrait oui yes sommes êtes suis am chance true "
    "voudrais voudrait voudrions aimerais savoir dire dis dites préciser like know tell "
    "peux pourrai pourras pourra pourrons pourrez pourront pourrais pourrait pourrions pourriez pourraient "
    "can may must "
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


@lru_cache(maxsize=1)
def _stem_groups() -> tuple[frozenset[str], ...]:
    groups = []
    for group in MATCH_GROUPS:
        stems = set()
        for word in group.split():
            stems.update(terms(word))
        groups.append(frozenset(stems))
    return tuple(groups)


@lru_cache(maxsize=4096)
def equivalents(term: str) -> frozenset[str]:
    """The stems that count as a match for ``term``: itself plus its ``MATCH_GROUPS``."""
    out = {term}
    for group in _stem_groups():
        if term in group:
            out |= group
    return frozenset(out)
