"""The identifiers a question asks about, which a passage must contain to answer it.

« How long does AOPS keep the trusted_device cookie? »: a question naming a cookie or a field as
written (an underscore, an inner capital: « trusted_device », « _ga », « cookiePolicy ») is
answered only from passages that name it; passages about other cookies do not answer it.

Proper names (« Google Analytics » asked of Ikomia, « OpenAI ») were tried the same way and
dropped: they cost answers on the held-out measures (docs/experiments.md, session 17).
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from clausier.textnorm import fold

_IDENTIFIER = re.compile(r"(?<![\w@.])(?:\w*_\w+|[a-z]+[A-Z]\w*)(?![\w@])")


def asked_names(question: str) -> frozenset[str]:
    """The identifiers ``question`` asks about, folded."""
    return frozenset(fold(m.group(0)) for m in _IDENTIFIER.finditer(question))


def missing_names(names: Iterable[str], texts: Sequence[str]) -> frozenset[str]:
    """The names none of ``texts`` contains (compared folded)."""
    folded = [fold(text) for text in texts]
    return frozenset(name for name in names if not any(name in text for text in folded))
