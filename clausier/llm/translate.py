"""English translations of an answer's French quotes, by the local model.

The quote stays the citation; its translation is shown under it, marked as a machine
translation, and put in ``Citation.translation``. A translation is a function of the document
sentence alone (never of the question), so the in-memory cache is keyed by sentence and holds
document text and its translation only. Nothing here is logged or written.

    answer ──quote lines « … » [n]──▶ sentences ──cache / local model (parallel slots)──▶
    ──fact check (numbers, e-mails, URLs, names kept)──▶ Answer with translations
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from typing import Callable, Iterator, Protocol, Sequence

from clausier.llm.fidelity import missing_facts
from clausier.schema import Answer

log = logging.getLogger(__name__)

# A quote line of the answer text: optional framing, « verbatim piece » [n]
_QUOTE_LINE = re.compile(r"«\s(?P<quote>.+?)\s»\s\[(?P<n>\d+)\]\s*$")
MARK = "Machine translation"
CACHE_SIZE = 4096
WORKERS = 4  # as many requests in flight as the model has parallel slots
SYSTEM = (
    "You translate French legal text into English. Translate the user's text faithfully and completely, "
    "sentence for sentence: keep every number, date, duration, amount, name, e-mail address and URL "
    "exactly as written; do not summarise, explain, omit or add anything. Terms: jours ouvrés = working "
    "days; jours ouvrables = business days; RGPD = GDPR; responsable du traitement = controller; "
    "sous-traitant = processor; personne concernée = data subject. Reply with the English translation only."
)


class ChatModel(Protocol):
    def chat(self, messages, *, max_tokens: int = 256, temperature: float = 0.0, seed: int = 0): ...


@dataclass(frozen=True)
class QuoteLine:
    """One « … » [n] line of an answer: where it is, which citation, the French text."""

    line: int
    n: int
    text: str


def quote_lines(answer: Answer) -> list[QuoteLine]:
    """The answer's quoted pieces, in order (the text between « » is verbatim clause text)."""
    found = []
    for index, line in enumerate(answer.text.split("\n")):
        match = _QUOTE_LINE.search(line)
        if match:
            found.append(QuoteLine(index, int(match.group("n")), match.group("quote")))
    return found


def needs_translation(answer: Answer) -> bool:
    return answer.language == "en" and not answer.abstained and bool(answer.citations)


def with_translations(answer: Answer, done: dict[int, str]) -> Answer:
    """``answer`` with each translated quote line (``done``: line index → English) followed by
    its translation, and each citation's ``translation`` set once all its pieces are done."""
    lines = quote_lines(answer)
    text_lines = answer.text.split("\n")
    out: list[str] = []
    for index, line in enumerate(text_lines):
        out.append(line)
        if index in done:
            out.append(f"   ↳ {MARK}: “{done[index]}”")
    citations = []
    for citation in answer.citations:
        own = [q for q in lines if q.n == citation.n]
        if own and all(q.line in done for q in own):
            citation = replace(citation, translation=" ".join(done[q.line] for q in own))
        citations.append(citation)
    return replace(answer, text="\n".join(out), citations=tuple(citations))


def clean(output: str) -> str:
    """The model's reply as one line, without wrapping quotes or a leading label."""
    text = " ".join(output.split())
    text = re.sub(r"^(?:English(?: translation)?|Translation)\s*:\s*", "", text, flags=re.IGNORECASE)
    if len(text) > 1 and text[0] in "«\"“'" and text[-1] in "»\"”'":
        text = text[1:-1].strip()
    return text


class Translator:
    """French sentence → English, cached in memory; the model is loaded on first use."""

    def __init__(self, model: ChatModel | Callable[[], ChatModel], *, cache_size: int = CACHE_SIZE,
                 workers: int = WORKERS) -> None:
        self._model = model if hasattr(model, "chat") else None
        self._factory = None if self._model is not None else model
        self._cache: OrderedDict[str, str | None] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="translate")

    def model(self) -> ChatModel:
        with self._lock:
            if self._model is None:
                self._model = self._factory()
            return self._model

    def warm(self) -> bool:
        """Load the model now (start-up); False, logged, when it cannot be loaded."""
        try:
            self.model()
            return True
        except Exception as exc:  # English answers then keep their quotes untranslated
            log.warning("llm_unavailable error=%s detail=%s", type(exc).__name__, exc)
            return False

    def cached(self, sentence: str) -> tuple[bool, str | None]:
        with self._lock:
            if sentence in self._cache:
                self._cache.move_to_end(sentence)
                return True, self._cache[sentence]
            return False, None

    def translate(self, sentence: str) -> str | None:
        """The English of one French sentence; None when the model twice lost a fact of it."""
        hit, value = self.cached(sentence)
        if hit:
            return value
        started = time.perf_counter()
        result = None
        for attempt in range(2):
            # a second attempt samples a little: greedy decoding would repeat the same omission;
            # seeded, though quotes translated side by side on the model's slots still change
            # each other's logits slightly (docs/llm.md)
            output = self.model().chat(
                [{"role": "system", "content": SYSTEM}, {"role": "user", "content": sentence}],
                max_tokens=32 + 2 * len(sentence) // 3, temperature=0.0 if attempt == 0 else 0.3, seed=attempt,
            )
            candidate = clean(output.text)
            missing = missing_facts(sentence, candidate)
            if candidate and not missing:
                result = candidate
                break
            log.info("translation_rejected attempt=%d missing=%d", attempt, len(missing))
        with self._lock:
            self._cache[sentence] = result
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        log.info("translated chars=%d ok=%s ms=%d", len(sentence), result is not None,
                 1000 * (time.perf_counter() - started))
        return result

    def progress(self, answer: Answer) -> Iterator[Answer]:
        """``answer`` again after each quote line is translated, the last one complete; nothing
        when it needs no translation. Lines are translated in parallel (the model's slots)."""
        if not needs_translation(answer):
            return
        lines = quote_lines(answer)
        done: dict[int, str] = {}
        futures: dict[str, object] = {}  # one request per distinct sentence
        for q in lines:
            hit, value = self.cached(q.text)
            if hit:
                if value is not None:
                    done[q.line] = value
            elif q.text not in futures:
                futures[q.text] = self._pool.submit(self.translate, q.text)
        if done or not futures:
            yield with_translations(answer, done)
        by_future = {future: text for text, future in futures.items()}
        for future in as_completed(by_future):
            try:
                value = future.result()
            except Exception as exc:  # the quotes stand without their translation
                log.warning("translation_failed error=%s", type(exc).__name__)
                value = None
            if value is not None:
                done.update({q.line: value for q in lines if q.text == by_future[future]})
            yield with_translations(answer, done)

    def translate_answer(self, answer: Answer) -> Answer:
        """``answer`` with every translation in place (itself when none is needed)."""
        last = answer
        for last in self.progress(answer):
            pass
        return last


def sentences_of(answers: Sequence[Answer]) -> list[str]:
    """Every distinct quoted piece of ``answers`` (for the benchmark)."""
    seen: dict[str, None] = {}
    for answer in answers:
        for q in quote_lines(answer):
            seen.setdefault(q.text)
    return list(seen)
