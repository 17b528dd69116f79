"""The answerers and the translator a deployment configures (the app and the benchmark build
them the same way): the local model's translator unless ``CLAUSIER_TRANSLATE=off``, and the
LLM reader when ``CLAUSIER_LLM_URL`` names an OpenAI-compatible endpoint."""

from __future__ import annotations

from clausier.settings import Settings


def build_translator(settings: Settings):
    """The quotes' translator (local model, loaded in the background now), or None when off."""
    if not settings.translate:
        return None
    import threading

    from clausier.llm.runtime import shared_model
    from clausier.llm.translate import Translator

    translator = Translator(lambda: shared_model(settings.llm_model_path, threads=settings.llm_threads))
    threading.Thread(target=translator.warm, name="llm-load", daemon=True).start()
    return translator


def build_readers(settings: Settings, fallback, embedder) -> dict:
    """The optional answerers: "llm" when CLAUSIER_LLM_URL names an OpenAI-compatible endpoint."""
    if not settings.llm_url:
        return {}
    from answer.llm_reader import build_llm_reader, e5_similarity

    similarity = e5_similarity(embedder.embed_queries, embedder.embed_passages)
    return {"llm": build_llm_reader(settings.llm_url, settings.llm_model, settings.llm_api_key,
                                    fallback=fallback, similarity=similarity)}
