"""CLI: ``python -m ingest.repair FILE [--report] [--page-breaks leading-space]``.

Prints the repaired text to stdout, same lines as the input; ``--report`` prints the garbled
spans, the tokens repaired, the learned table and the confidence to stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import DocumentRepair, repair_document
from .charclass import garbled_tokens, spans


def split_pages(text: str, page_breaks: str) -> list[str]:
    """One page, or a new page at each line opening with a single space (text from a PDF)."""
    if page_breaks != "leading-space":
        return [text]
    pages: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.startswith(" ") and not line.startswith("  ") and pages[-1]:
            pages.append([])
        pages[-1].append(line)
    return ["\n".join(p) for p in pages]


def report(pages: list[str], result: DocumentRepair, out) -> None:
    split = [p.split("\n") for p in pages]
    found = spans(split, garbled_tokens(split))
    print(f"garbled spans: {len(found)}", file=out)
    for span in found:
        print(f"  page {span.page + 1} line {span.line + 1} [{span.start}:{span.end}] {span.text}", file=out)
    print(f"lines repaired: {len(result.lines)}", file=out)
    for line in result.lines:
        print(f"  page {line.page_index + 1} line {line.line + 1} ({line.method}, {line.confidence:.2f})", file=out)
        for old, new in zip(line.original.split(), line.repaired.split()):
            if old != new:
                print(f"    {old} -> {new}", file=out)
    print(f"low confidence, left as found: {len(result.low_confidence)}", file=out)
    for line in result.low_confidence:
        print(f"  page {line.page_index + 1} line {line.line + 1} ({line.confidence:.2f}) {line.repaired}", file=out)
    table = "  ".join(f"{g}={t}" for g, t in sorted(result.table.items()))
    print(f"learned table ({len(result.table)} glyphs): {table}", file=out)
    print(f"characters repaired: {result.chars_repaired}", file=out)
    print(f"confidence: {result.confidence:.3f}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest.repair", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--report", action="store_true", help="spans, tokens, table and confidence on stderr")
    parser.add_argument("--page-breaks", choices=("none", "leading-space"), default="none")
    args = parser.parse_args(argv)
    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"erreur : lecture impossible de {args.file} ({exc})", file=sys.stderr)
        return 2
    pages = split_pages(text, args.page_breaks)
    result = repair_document(pages)
    sys.stdout.write("\n".join(result.pages))
    if args.report:
        report(pages, result, sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
