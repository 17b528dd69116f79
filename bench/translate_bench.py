"""Translation benchmark: time until an English answer's quotes are all translated.

    .venv/bin/python bench/translate_bench.py [--questions 20] [--workers 4] [--threads 2]

Answers the English questions of eval/datasets/dev.jsonl with the extractive reader over the
index in the data dir (``make ingest``), then translates each answer's quotes with a cold cache
(the first English answer quoting a sentence pays its translation) and prints, per answer, the
quotes and seconds; then medians: seconds until complete, model load, prompt and generation
tokens/s, rejected translations (a number or name lost). Prompts go to no log.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from clausier.settings import PROJECT_ROOT, Settings  # noqa: E402  (sets the offline switches)


class _NoLog:
    def record(self, **_):
        return "bench"


class _Metered:
    """The model, recording each completion's token rates (never its text)."""

    def __init__(self, model):
        self.model, self.rates, self.lock = model, [], threading.Lock()

    def chat(self, messages, **kwargs):
        out = self.model.chat(messages, **kwargs)
        with self.lock:
            self.rates.append((out.prompt_per_second, out.predicted_per_second, out.completion_tokens))
        return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4, help="requests in flight (model slots)")
    parser.add_argument("--threads", type=int, default=None, help="llama.cpp threads (default: settings)")
    args = parser.parse_args()

    from app import build_assistant
    from clausier.llm.runtime import LocalModel
    from clausier.llm.translate import Translator, needs_translation, quote_lines
    from clausier.schema import Caller

    settings = Settings.from_env()
    settings = settings.__class__(**{**settings.__dict__, "translate": False})
    assistant = build_assistant(settings)
    assistant.prompt_log = _NoLog()
    started = time.perf_counter()
    model = LocalModel(settings.llm_model_path, threads=args.threads or settings.llm_threads)
    load = time.perf_counter() - started
    metered = _Metered(model)
    translator = Translator(metered, workers=args.workers)

    rows = [json.loads(line) for line in open(PROJECT_ROOT / "eval" / "datasets" / "dev.jsonl", encoding="utf-8")]
    questions = [r["question"] for r in rows if r.get("lang") == "en"][: args.questions]
    caller = Caller("bench", 3)
    seconds, rejected, total = [], 0, 0
    for question in questions:
        answer = assistant.ask(question, caller, channel="bench", translate=False).answer
        if not needs_translation(answer):
            continue
        start = time.perf_counter()
        done = translator.translate_answer(answer)
        took = time.perf_counter() - start
        n = len(quote_lines(answer))
        missing = sum(1 for c in done.citations if c.translation is None)
        rejected += missing
        total += len(done.citations)
        seconds.append(took)
        print(f"{took:6.1f} s  quotes={n}  untranslated_citations={missing}  {question[:70]}")
    if not seconds:
        print("no English answer to translate")
        return 1
    prompt_rates = [p for p, _, _ in metered.rates if p]
    gen_rates = [g for _, g, n in metered.rates if g and n > 4]
    print(f"\nanswers={len(seconds)} workers={args.workers} threads={args.threads or settings.llm_threads}")
    print(f"translations complete: p50={statistics.median(seconds):.1f} s  max={max(seconds):.1f} s")
    print(f"model load: {load:.1f} s")
    print(f"tokens/s (median per request): reading={statistics.median(prompt_rates):.0f}  "
          f"writing={statistics.median(gen_rates):.1f}")
    print(f"citations left untranslated (fact check failed twice): {rejected}/{total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
