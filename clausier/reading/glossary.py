"""A small bilingual glossary of standard GDPR terms, used to widen the lexical query.

The dense model is multilingual, BM25 is not: an English question (« data breach ») gets the
French terms the documents use (« fuite », « violation de données »). Only standard vocabulary
of data-protection law lives here, nothing drawn from particular questions.
"""

from __future__ import annotations

import re

from clausier.textnorm import fold

# folded phrase found in the question → French terms added to the lexical query
GLOSSARY: dict[str, str] = {
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
    "audit": "contrôle contrôler", "confidentiality": "confidentialité", "employees": "personnel salariés employés",
    "phone": "téléphone", "telephone": "téléphone", "email": "e-mail email courrier électronique",
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


def expand(question: str) -> str:
    """The question followed by the French terms its glossary phrases map to."""
    # punctuation → spaces so that phrases match on word boundaries only
    spaced = " " + re.sub(r"[^\w-]+", " ", fold(question)) + " "
    extra = [terms for phrase, terms in GLOSSARY.items() if f" {phrase} " in spaced]
    return question if not extra else f"{question} {' '.join(extra)}"
