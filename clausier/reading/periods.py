"""Periods written as a figure and a unit (« 72 heures », « un mois », « trente (30) jours »,
« five years »), read as values so that two of them can be compared.

« Ikomia garde les données de ses clients pendant 10 ans ? » asks whether the period is ten
years; the clause says « 5 ans ». Two periods are compared only when their units convert
exactly (hours and days, months and years): a month is not thirty days, so « un mois » and
« 30 jours » are neither equal nor different here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBERS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19, "vingt": 20, "vingt-quatre": 24, "trente": 30,
    "quarante": 40, "quarante-cinq": 45, "quarante-huit": 48, "cinquante": 50, "soixante": 60,
    "soixante-douze": 72, "cent": 100,
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "thirteen": 13, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty-eight": 48, "seventy-two": 72,
}
_UNITS = {
    "minute": "minute", "minutes": "minute",
    "h": "hour", "heure": "hour", "heures": "hour", "hour": "hour", "hours": "hour",
    "jour": "day", "jours": "day", "day": "day", "days": "day",
    "semaine": "week", "semaines": "week", "week": "week", "weeks": "week",
    "mois": "month", "month": "month", "months": "month",
    "an": "year", "ans": "year", "annee": "year", "annees": "year", "year": "year", "years": "year",
}
# units that convert exactly into one another, in their common measure
_MEASURES = {"minute": ("time", 1), "hour": ("time", 60), "day": ("time", 1440), "week": ("time", 10080),
             "month": ("calendar", 1), "year": ("calendar", 12)}

_WORDS = "|".join(sorted((re.escape(w.strip()) for w in _NUMBERS), key=len, reverse=True))
_UNIT_WORDS = "|".join(sorted(_UNITS, key=len, reverse=True))
# « trente (30) jours », « 6 (six) mois »: the figure repeated in brackets is one period
_PERIOD = re.compile(rf"\b(\d+|{_WORDS})\s*(?:\((?:\d+|[a-z-]+)\)\s*)?({_UNIT_WORDS})\b")


@dataclass(frozen=True)
class Period:
    amount: int
    unit: str  # minute, hour, day, week, month, year
    start: int  # where it is written in the (folded) text it was read from
    end: int

    def same_length(self, other: Period) -> bool | None:
        """True or False when the two units convert exactly (72 hours = 3 days, 12 months =
        1 year), None when they do not (a month against days)."""
        (kind, factor), (other_kind, other_factor) = _MEASURES[self.unit], _MEASURES[other.unit]
        if kind != other_kind:
            return None
        return self.amount * factor == other.amount * other_factor


def periods(folded: str) -> tuple[Period, ...]:
    """Every period written in ``folded`` (lower case, accents off: ``clausier.textnorm.fold``).
    « an » / « a » count as « one » only before an English unit (« an hour »), never alone
    (« par an » is a frequency, « 1 fois par an » has no period)."""
    found = []
    for match in _PERIOD.finditer(folded):
        figure, unit = match.group(1), _UNITS[match.group(2)]
        if figure in ("a", "an") and match.group(2) not in ("hour", "day", "week", "month", "year"):
            continue
        amount = int(figure) if figure.isdigit() else _NUMBERS[figure]
        found.append(Period(amount, unit, match.start(), match.end()))
    return tuple(found)
