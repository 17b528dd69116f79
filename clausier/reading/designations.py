"""Roles and instruments of data-protection law that a document names whenever it has one.

A company that appoints a data protection officer publishes the DPO's contact under that title
(GDPR art. 13(1)(b), 37(7)); an impact assessment, binding corporate rules or standard
contractual clauses are referred to by their names. So a question about one of them is answered
only by a passage that names it: « Qui est le DPO d'Ikomia ? » is not answered by the preamble
naming Ikomia's legal representative, and a policy that never names a DPO does not say it has
one. Each designation lists its French and English forms, folded (``clausier.textnorm.fold``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from clausier.textnorm import fold

DESIGNATIONS: dict[str, tuple[str, ...]] = {
    "dpo": (
        "dpo", "dpd", "delegue a la protection des donnees", "delegue a la protection", "delegue cnil",
        "delegue rgpd", "delegue a la protection de la vie privee", "correspondant informatique et libertes",
        "data protection officer", "data-protection officer", "privacy officer",
    ),
    "impact assessment": (
        "analyse d'impact", "analyses d'impact", "etude d'impact", "etudes d'impact", "evaluation d'impact",
        "evaluations d'impact", "aipd", "dpia", "dpias", "impact assessment", "impact assessments",
    ),
    "binding corporate rules": (
        "binding corporate rules", "bcr", "regles d'entreprise contraignantes", "regles contraignantes d'entreprise",
    ),
    "standard contractual clauses": (
        "standard contractual clauses", "standard data protection clauses", "scc", "sccs",
        "clauses contractuelles types", "clauses contractuelles standard", "clauses types",
        "clauses contractuelles standards", "model clauses", "clauses types de protection des donnees",
    ),
}


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    return {
        name: re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
                         + r")(?![a-z0-9])")
        for name, forms in DESIGNATIONS.items()
    }


def designations_in(text: str) -> frozenset[str]:
    """The designations ``text`` names, by any of their forms (« délégué à la protection des
    données », « DPO », « dpo@aops.fr »)."""
    folded = " ".join(fold(text).replace("’", "'").split())
    return frozenset(name for name, pattern in _patterns().items() if pattern.search(folded))
