"""The committed model files keep within the 40 MB budget the package promises."""
from importlib import resources
from pathlib import Path

BUDGET = 40_000_000  # bytes: every model, head, lexicon and name list shipped in claimscope/data


def test_committed_model_files_fit_the_budget():
    data = Path(str(resources.files("claimscope.data")))
    files = [p for p in data.rglob("*") if p.is_file() and p.suffix in (".onnx", ".npz", ".json")]
    assert any(p.suffix == ".onnx" for p in files) and any(p.name == "reader2.npz" for p in files)
    total = sum(p.stat().st_size for p in files)
    assert total < BUDGET, f"{total:,} bytes of model files, over the {BUDGET:,} budget"
