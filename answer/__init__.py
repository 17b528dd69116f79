"""Answer stage: question + retrieved hits → Answer (verbatim quotes with numbered citations)."""

from answer.base import Answerer
from answer.extractive import ExtractiveAnswerer, support_scores

__all__ = ["Answerer", "ExtractiveAnswerer", "support_scores"]
