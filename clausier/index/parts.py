"""A long clause is indexed as overlapping windows (parts); join them back into clause text."""

from __future__ import annotations

from typing import Sequence

MIN_OVERLAP = 4  # shortest sentence accepted as the overlap of two windows


def join_parts(parts: Sequence[str]) -> str:
    """Overlapping windows of one clause (each starts with the previous one's last sentence)
    joined back into the clause text."""
    return join_parts_at(parts)[0]


def join_parts_at(parts: Sequence[str]) -> tuple[str, tuple[int, ...]]:
    """The joined text and the offset in it at which each part starts."""
    text, starts = "", []
    for part in parts:
        if not text:
            starts.append(0)
            text = part
            continue
        overlap = next((k for k in range(min(len(text), len(part)), MIN_OVERLAP - 1, -1)
                        if text.endswith(part[:k])), 0)
        if overlap:
            starts.append(len(text) - overlap)
            text += part[overlap:]
        else:
            starts.append(len(text) + 1)
            text = f"{text}\n{part}"
    return text, tuple(starts)
