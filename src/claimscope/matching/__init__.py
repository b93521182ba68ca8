"""Claim matching: sentence embeddings (MiniLM on ONNX Runtime) and hybrid lexical + vector search."""
