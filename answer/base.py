"""The answer stage's interface: question + retrieved hits → Answer."""

from __future__ import annotations

from typing import Protocol, Sequence

from clausier.schema import Answer, Hit


class Answerer(Protocol):
    def answer(self, question: str, hits: Sequence[Hit], *, language: str | None = None) -> Answer:
        """An answer grounded in ``hits`` (verbatim quotes, numbered citations) or an abstention."""
        ...
