"""One question and its answer, as the chat session keeps them (server memory only, never on disk)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from clausier.schema import Answer, Citation


@dataclass(frozen=True)
class Turn:
    question: str
    searched: str = ""  # what was searched, after follow-up rewriting
    rewritten: bool = False
    answer: Answer | None = None
    prompt_id: str = ""
    latency_ms: int = 0
    error: str = ""  # a friendly message; never a stack trace
    pending: bool = False
    feedback: int = 0  # +1 / -1 once given

    def citation(self, n: int) -> Citation | None:
        if self.answer is None:
            return None
        return next((c for c in self.answer.citations if c.n == n), None)


def searched_questions(turns: Sequence[Turn]) -> list[str]:
    """The searched text of the answered turns, oldest first (the follow-up context)."""
    return [t.searched or t.question for t in turns if t.answer is not None]


def turn_at(turns: Sequence[Turn], index: int) -> Turn | None:
    return turns[index] if 0 <= index < len(turns) else None
