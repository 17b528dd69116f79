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
    # one pass over the hits: a question may name hundreds of organisations (« Looper » names
    # every copy of Looper-AI in the scale index), and a hit's organisation may be read from a table
    queues: dict[str, list[Hit]] = {org: [] for org in organisations}
    others: list[Hit] = []
    for hit in hits:
        queue = queues.get(hit.organisation)
        (others if queue is None else queue).append(hit)
    queues = {org: queue for org, queue in queues.items() if queue}
    out: list[Hit] = []
    while queues:
        heads = sorted((queue[0].score, org) for org, queue in queues.items())
        for _, org in reversed(heads):
            out.append(queues[org].pop(0))
        queues = {org: queue for org, queue in queues.items() if queue}
    return out + others
