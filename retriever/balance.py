"""Comparisons: a question naming several organisations gets each of them near the top.

A question such as « Combien de temps Looper-AI et AOPS gardent-ils les cookies ? » is
answered by one clause per organisation, but one organisation's clauses often crowd the top of
a single ranking. The hits are taken in rounds: each round gives every named organisation its
best remaining hit (the organisation whose hit scores higher first); hits of other
organisations follow. Scores are left as they are: they still measure each hit's relevance.
"""

from __future__ import annotations

from typing import Collection, Sequence

from clausier.schema import Hit


def balance_organisations(hits: Sequence[Hit], organisations: Collection[str]) -> list[Hit]:
    """``hits`` interleaved across ``organisations`` (two or more), others after."""
    if len(organisations) < 2:
        return list(hits)
    queues = {org: [h for h in hits if h.organisation == org] for org in organisations}
    others = [h for h in hits if h.organisation not in queues]
    out: list[Hit] = []
    while any(queues.values()):
        heads = sorted((q[0].score, org) for org, q in queues.items() if q)
        for _, org in reversed(heads):
            out.append(queues[org].pop(0))
    return out + others
