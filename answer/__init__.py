"""Answer stage: question + retrieved hits → Answer (verbatim quotes with numbered citations)."""

from clausier.schema import Answerer
from answer.extractive import ExtractiveAnswerer

__all__ = ["Answerer", "ExtractiveAnswerer"]
