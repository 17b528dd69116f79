"""Reading a question and a clause: what both retrieval and answering need, owned by neither.

question.py   what a question asks (terms, organisations, form, answer types)
query.py      the question as the retriever searches it (organisations named, lexical text)
vocabulary.py the bilingual vocabulary: phrases that widen the BM25 query, words that match each other
cues.py       phrases saying what kind of answer is asked for (duration, place, amount, date…)
sentences.py  a clause cut into quotable segments (sentences, list items, headings)
support.py    how well each segment answers a question (the reranker and the answerer read it)
wordvectors.py  near-synonyms by word vector
followup.py   a follow-up (« et chez Ikomia ? ») rewritten into a whole question
marks.py      the values a sentence states (period, place, amount, date, frequency)
candidates.py the quotable segments of retrieved hits, with their terms
"""
