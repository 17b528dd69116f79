"""The core every stage and edge shares; it imports none of them.

schema.py     the typed values between stages (SourceDoc, Clause, Chunk, Hit, Answer, Caller)
settings.py   configuration from the environment
assistant.py  the service both edges call: search → widen → answer, prompt logging
reading/      question analysis, vocabularies, sentence support (retriever and answer read them)
index/        the Chroma store (one collection per level), BM25, filters, clause parts
embedding/    the e5 embedding model (converted from its PyPI package), batching, cache
llm/          the local model (assembled from PyPI parts), its runtime, translations
promptlog/    the prompt log (questions only), its backends, retention, the gaps report
accounts/     users, API keys, callers and clearance, throttling
"""
