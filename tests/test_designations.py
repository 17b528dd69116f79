"""Roles and instruments of data-protection law, recognised by any of their forms
(clausier/reading/designations.py)."""

from __future__ import annotations

import pytest

from clausier.reading.designations import designations_in
from clausier.reading.question import analyse_question


@pytest.mark.parametrize(("text", "expected"), [
    ("Qui est le délégué à la protection des données ?", {"dpo"}),
    ("La Société dispose d‘un délégué à la protection des données.", {"dpo"}),
    ("mail de contact : dpo@aops.fr", {"dpo"}),
    ("Who is the Data Protection Officer?", {"dpo"}),
    ("AOPS Conseil, Délégué CNIL, 3 Rue de l'Arc de Triomphe", {"dpo"}),
    ("Une AIPD est réalisée avant tout traitement à risque.", {"impact assessment"}),
    ("Do you carry out DPIAs?", {"impact assessment"}),
    ("Les transferts sont encadrés par des clauses contractuelles types.", {"standard contractual clauses"}),
    ("under Binding Corporate Rules", {"binding corporate rules"}),
    # the letters inside a word are no acronym
    ("Le dépôt des cookies (dpopup) et les sccache ne comptent pas.", set()),
    ("Les données sont protégées par le responsable du traitement.", set()),
])
def test_designations_are_found_by_any_form(text, expected):
    assert designations_in(text) == expected


def test_the_question_carries_its_designations():
    assert analyse_question("Assistool a-t-elle désigné un DPO ?", []).designations == {"dpo"}
    assert analyse_question("Combien de temps les données sont-elles conservées ?", []).designations == set()
