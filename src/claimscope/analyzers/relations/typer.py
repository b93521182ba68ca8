"""The fine-tuned PLOVER typer: MiniLM-L6 reading the sentence with the pair marked.

``data/plover/typer.npz`` holds the six transformer layers fine-tuned on PLV_train (int8 per output
row), the head and the rows of the word embeddings that training moved; the other rows come from the
PyPI package that claim matching uses. The first use joins the two into an ONNX graph, quantizes it to int8 and caches it
beside the matching encoder. Trained by ``training/relations/finetune_typer.py``.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np

from ...numeric import softmax
from ...once import loaded_once

MAX_TOKENS = 128
SOURCE_MARKS, TARGET_MARKS = ("<< ", " >>"), ("[[ ", " ]]")


def _npz() -> Path:
    return Path(str(resources.files("claimscope.data").joinpath("plover", "typer.npz")))


def available() -> bool:
    return _npz().exists()


def _dequantized(arrays, name: str) -> np.ndarray:
    return (arrays[name + ".q"].astype(np.float32) * arrays[name + ".scale"][:, None]).astype(np.float32)


def _weights(arrays) -> dict[str, np.ndarray]:
    """The package's weights with the fine-tuned ones in place: the layers (or low-rank adapters merged
    into them), and the rows of the word embeddings that training moved."""
    from ...matching.encoder import package_weights, with_adapters

    w = with_adapters(arrays) if "rank" in arrays.files else package_weights()
    package_positions = w["embeddings.position_embeddings.weight"]  # no model file trains all 512
    words = w["embeddings.word_embeddings.weight"].copy()
    words[arrays["embeddings.word_rows"]] = _dequantized(arrays, "embeddings.word_values")
    w["embeddings.word_embeddings.weight"] = words
    for key in (k for k in arrays.files if ".lora_" not in k):  # adapters are merged above
        if key.endswith(".q") and key.startswith("encoder."):
            w[key[:-2]] = _dequantized(arrays, key[:-2])
        elif key.startswith(("encoder.", "embeddings.")) and not key.endswith((".scale", ".q")) \
                and not key.startswith("embeddings.word_"):
            w[key] = arrays[key].astype(np.float32)
    # the file holds the first MAX_TOKENS positions, the only ones read; the package fills the rest
    positions = w["embeddings.position_embeddings.weight"]
    if len(positions) < len(package_positions):
        w["embeddings.position_embeddings.weight"] = np.concatenate([positions, package_positions[len(positions):]])
    return w


def build() -> Path:
    """The int8 ONNX graph (built once per model file, cached)."""
    from ...matching.encoder import build_from

    return build_from(_npz(), "plover-typer", _weights)


def marked(text: str, source: tuple[int, int], target: tuple[int, int]) -> str:
    """The text with the source and the target marked as in training."""
    cuts = sorted([(source[0], SOURCE_MARKS[0]), (source[1], SOURCE_MARKS[1]),
                   (target[0], TARGET_MARKS[0]), (target[1], TARGET_MARKS[1])], key=lambda c: c[0], reverse=True)
    for at, mark in cuts:
        text = text[:at] + mark + text[at:]
    return text


class Typer:
    def __init__(self, threads: int = 1):
        from ...matching.encoder import cpu_session, package_tokenizer

        self.session = cpu_session(build(), threads)
        self.tokenizer = package_tokenizer(MAX_TOKENS)
        self.source_id = self.tokenizer.token_to_id("<")
        self.target_id = self.tokenizer.token_to_id("[")
        with np.load(_npz()) as arrays:
            self.labels = [str(x) for x in arrays["labels"]]
            self.w, self.b = arrays["head.weight"], arrays["head.bias"]

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """Type probabilities for marked texts (one row each, in ``self.labels`` order)."""
        encs = self.tokenizer.encode_batch(texts)
        n = max(len(e.ids) for e in encs)
        ids = np.zeros((len(encs), n), np.int64)
        mask = np.zeros_like(ids)
        for i, e in enumerate(encs):
            ids[i, :len(e.ids)] = e.ids
            mask[i, :len(e.ids)] = 1
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        out = []
        for i, e in enumerate(encs):
            h = hidden[i, :len(e.ids)]
            s = e.ids.index(self.source_id) if self.source_id in e.ids else 0
            t = e.ids.index(self.target_id) if self.target_id in e.ids else 0
            out.append(softmax(self.w @ np.concatenate([h.mean(0), h[s], h[t]]) + self.b))
        return np.array(out)


@loaded_once
def load() -> Typer:
    return Typer()
