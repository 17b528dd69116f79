"""Droit d'accès et portabilité: one person's prompts and feedback as JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from .base import PromptLogBase

FORMATS = ("json", "csv")
CSV_FIELDS = ("id", "ts", "channel", "user", "prompt", "n_hits", "top_score", "abstained",
              "latency_ms", "feedback")
# A spreadsheet runs a cell starting with one of these as a formula (OWASP « CSV injection »).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A text cell a spreadsheet will show as text: formula-like values get a leading quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_rows(prompt_log: PromptLogBase, user: str) -> list[dict]:
    """The user's prompts, each with its feedback values; ``user`` shown as the name asked for."""
    feedback: dict[str, list[dict]] = {}
    for item in prompt_log.feedback_records(user):
        feedback.setdefault(item.prompt_id, []).append({"ts": item.ts, "value": item.value})
    rows = []
    for record in prompt_log.records(user):
        row = asdict(record)
        row["user"] = user  # the stored value may be a pseudonym
        row["feedback"] = feedback.get(record.id, [])
        rows.append(row)
    return rows


def export_text(prompt_log: PromptLogBase, user: str, fmt: str) -> str:
    rows = export_rows(prompt_log, user)
    if fmt == "json":
        return json.dumps({"user": user, "prompts": rows}, ensure_ascii=False, indent=1)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for row in rows:
            # the feedback column (« +1 -1 ») is ours and starts with a sign: only text cells are neutralised
            cells = {key: csv_cell(value) for key, value in row.items() if key in CSV_FIELDS and key != "feedback"}
            writer.writerow({**cells, "feedback": " ".join(f"{f['value']:+d}" for f in row["feedback"])})
        return out.getvalue()
    raise ValueError(f"format inconnu : {fmt!r} (json ou csv)")
