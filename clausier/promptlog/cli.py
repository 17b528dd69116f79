"""``python -m app prompts purge|export|erase``: retention and the person's rights, offline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from clausier.settings import Settings

from . import open_prompt_log
from .portability import FORMATS, export_text


def add_parser(subparsers) -> None:
    prompts = subparsers.add_parser("prompts", help="the prompt log: retention, export, erasure")
    commands = prompts.add_subparsers(dest="action", required=True)
    purge = commands.add_parser("purge", help="delete prompts older than the retention period")
    purge.add_argument("--days", type=int, help="retention in days (default: CLAUSIER_PROMPT_RETENTION_DAYS, 396)")
    export = commands.add_parser("export", help="one person's prompts and feedback (droit d'accès, portabilité)")
    export.add_argument("--user", required=True)
    export.add_argument("--format", choices=FORMATS, default="json")
    export.add_argument("--output", type=Path, help="write to this file instead of stdout")
    erase = commands.add_parser("erase", help="delete one person's prompts and feedback (droit à l'oubli)")
    erase.add_argument("--user", required=True)


def run(args: argparse.Namespace, settings: Settings) -> int:
    prompt_log = open_prompt_log(settings)
    try:
        if args.action == "purge":
            days = args.days or settings.prompt_retention_days
            print(f"{prompt_log.purge(days)} question(s) supprimée(s) (conservation : {days} jours)")
        elif args.action == "export":
            text = export_text(prompt_log, args.user, args.format)
            if args.output:
                args.output.write_text(text, encoding="utf-8")
                print(f"export écrit : {args.output}")
            else:
                sys.stdout.write(text)
        elif args.action == "erase":
            print(f"{prompt_log.erase(args.user)} question(s) effacée(s) pour {args.user}")
    finally:
        prompt_log.close()
    return 0
