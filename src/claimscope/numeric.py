"""Small numeric helpers shared by the models and their training scripts."""
from __future__ import annotations

import numpy as np


def softmax(z: np.ndarray) -> np.ndarray:
    """Probabilities over the last axis, computed stably (the largest logit subtracted first)."""
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)
