"""Polarity vocabulary of French (and English) legal text, folded (``clausier.textnorm.fold``):
how a sentence or a question negates, restricts, excepts, conditions or generalises, and the
wording of the limits (consent, scope, initiative, time) a question may ask to be absent.
Question analysis and verdicts read the same patterns."""

from __future__ import annotations

import re

# « ne … pas / jamais / aucun / ni … » within one clause of the sentence, or a negative subject
# before « ne » (« aucun DPO n'a été nommé », « nul ne peut », « rien n'est transmis »)
FRENCH_NEGATION = (
    r"\b(?:ne|n')\s*[^.;:]{0,80}?\b(?:pas|jamais|aucun|aucune|nullement|point|plus|ni)\b"
    r"|\b(?:aucun|aucune|nul|nulle|rien)\b[^.;:,]{0,60}?\b(?:ne|n')(?=\s|\b)"
)
ENGLISH_NEGATION = re.compile(r"\b(not|never|n't|cannot)\b")
# « ne … que »: a restriction, not a negation
RESTRICTION = r"\b(?:ne|n')\s*[^.;:]{0,40}?\bque\b"

NEGATION = re.compile(
    FRENCH_NEGATION + r"|\ben aucun cas\b|\binterdit|\bni\b[^.;:]{0,60}\bni\b"
    r"|\b(?:est|sont|sera|seront)\s+(?:\w+\s+)?(?:dispense|exempte|exonere)e?s?\b"
)
RESTRICTIVE = re.compile(RESTRICTION)
EXCEPTION = re.compile(r"\b(?:sans|sauf|a moins|excepte|hormis|sous reserve|a l'exception)\b")
CONDITION = re.compile(
    r"\b(?:si|s'il|s'ils|sauf|sous reserve|lorsque|lorsqu|a condition|pourvu|sans|uniquement|"
    r"seulement|exclusivement|seules?|dans la mesure|moyennant|le cas echeant|en principe)\b"
)
# a question comparing a quantity (« plus de 5 ans », « more than a year »): a sentence stating the
# quantity answers it only by arithmetic on what the quantity counts, which no verdict does. Not a
# noun's qualifier (« les enfants de moins de 16 ans », « children under 16 »): that names who is
# asked about, not the asked comparison
COMPARATIVE = re.compile(
    r"(?<!\bde )(?<!\bd')\b(?:plus|moins) (?:de|d'|que|longtemps|tard|tot)\b|\bau[- ]dela d[eu']|\bau (?:moins|plus|maximum|"
    r"minimum)\b|\b(?:more|less|fewer|longer|shorter|later|earlier) than\b|\bat (?:least|most)\b|\bover \d"
    r"|\b(?:superieure?s?|inferieure?s?|exceeds?|exceeding) (?:a|au|aux|to)?\b"
)
UNIVERSAL = re.compile(
    r"\b(?:tous|toutes|jusqu'au dernier|jusqu'a la derniere|n'importe|sans exception|all|every|each|any)\b"
)

# What an « unlimited » question leaves out, and the sentence wording that puts the limit back.
# Keys: consent (« sans notre accord »), scope (« librement », « for their own purposes »),
# initiative (« de sa propre initiative »), time (« indéfiniment »).
UNLIMITED = {
    "consent": re.compile(
        r"\bsans (?:mon|ma|notre|votre|leur|son|sa|nos|vos|leurs|l'|le|la)?\s*(?:accord|consentement|"
        r"autorisation|permission|feu vert|aval)\b|\bwithout (?:my|our|your|their|his|her|the|any|prior)?\s*"
        r"(?:consent|agreement|permission|approval|authori[sz]ation)\b"
    ),
    "scope": re.compile(
        r"\blibrement\b|\ba (?:sa|leur) guise\b|\bcomme (?:bon )?(?:il|elle|ils|elles) (?:veut|veulent|"
        r"l'entend|l'entendent|lui semble)\b|\bsans (?:limite|limitation|restriction|condition)s?\b"
        r"|\bpour (?:son|sa|ses|leur|leurs) propres? (?:fins|besoins|usages?|compte)\b|\bfreely\b"
        r"|\bfree to\b|\bat (?:its|their|will)\b|\bas (?:it|they) (?:wish|please|see fit)\b"
        r"|\bfor (?:its|their|his|her) own (?:purposes?|use|ends|account)\b|\bwithout (?:any )?"
        r"(?:limit|limits|limitation|restriction|condition)s?\b|\bunilateral"
    ),
    "initiative": re.compile(
        r"\bde (?:sa|leur) propre initiative\b|\bd'office\b|\bspontanement\b|\bof (?:its|their) own "
        r"(?:accord|initiative)\b|\bon (?:its|their) own initiative\b"
    ),
    "time": re.compile(
        r"\bindefiniment\b|\bsans limite de (?:temps|duree)\b|\bpour toujours\b|\ba vie\b|\bindefinitely\b"
        r"|\bforever\b|\bwithout (?:a )?time limit\b|\bpermanently\b"
    ),
}
LIMIT = {
    "consent": re.compile(
        r"\b(?:accord|consentement|autorisation|permission|instructions? ecrites?|approbation)\b"
    ),
    "scope": re.compile(
        r"\b(?:seulement|uniquement|exclusivement|seules?|a ces seules fins|en (?:notre|son|leur) nom|"
        r"pour (?:notre|le) compte|(?:doit|doivent|devra|devront) etre (?:accepte|approuve|autorise|valide)e?s?|"
        r"soumise?s? a|sous reserve)\b|" + RESTRICTION
    ),
    "initiative": re.compile(
        r"\b(?:sur (?:la |simple )?(?:demande|instruction|requete)s?|a la demande|sur ordre|"
        r"conformement aux instructions|apres avoir recu)\b"
    ),
    "time": re.compile(
        r"\b(?:detrui\w*|supprim\w*|efface\w*|effacement|anonymis\w*|pendant|durant|jusqu'a|"
        r"a l'expiration|au terme|au-dela)\b|\b\d+\s*(?:mois|ans?|annees?|jours?)\b"
    ),
}
