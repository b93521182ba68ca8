"""Fit the check-worthiness model's lexical half and its mix with the fine-tuned encoder; write both
with their figures.

    python training/checkworthiness/finetune.py ../shared/data/checkworthiness --fold K   # K = 0..4 (torch)
    python training/checkworthiness/finetune.py ../shared/data/checkworthiness --export   # the encoder
    pip install -e ".[train]"
    python training/checkworthiness/train.py ../shared/data/checkworthiness

The lexical model is a logistic regression over tf-idf of words and word pairs (min_df 2, sublinear
tf); its C is chosen by 5-fold stratified cross-validation on train (seed 13), with the vocabulary
fitted inside each fold. The fine-tuned encoder's out-of-fold probabilities on the same five folds
(``oof/fold*.json``) are mixed with the lexical model's, p = mix * encoder + (1 - mix) * lexical,
with the mix that scores best on the folds; the decision threshold stays at 0.5. Then the lexical
model is fitted on all of train, and the shipped pair (int8 encoder) is scored once on dev.
``--previous`` scores the model the fine-tuned encoder replaced (tf-idf and the frozen embedding) and
writes nothing.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import numpy as np

SEED = 13
CS = (1.0, 3.0, 10.0)
MIXES = (0.0, 0.25, 0.5, 0.75, 1.0)
THRESHOLD = 0.5
HERE = Path(__file__).resolve().parent
OUT = HERE.parents[1] / "src" / "claimscope" / "data" / "checkworthiness"


def read(path: Path) -> tuple[list[str], list[str], np.ndarray]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["Sentence_id"] for r in rows], [r["Text"] for r in rows], np.array([r["class_label"] == "Yes" for r in rows])


def vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer
    return TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)


def folds(y: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import StratifiedKFold
    return list(StratifiedKFold(5, shuffle=True, random_state=SEED).split(np.zeros(len(y)), y))


def lexical_oof(texts, y, C, vectors=None) -> np.ndarray:
    """Out-of-fold probabilities of the lexical model (with ``vectors``, sentence embeddings beside
    the tf-idf); the vocabulary is fitted inside each fold."""
    from sklearn.linear_model import LogisticRegression
    oof = np.zeros(len(y))
    for train, test in folds(y):
        vec = vectorizer().fit([texts[i] for i in train])
        clf = LogisticRegression(C=C, max_iter=5000).fit(features(vec, texts, train, vectors), y[train])
        oof[test] = clf.predict_proba(features(vec, texts, test, vectors))[:, 1]
    return oof


def features(vec, texts, rows, vectors=None):
    x = vec.transform([texts[i] for i in rows])
    if vectors is None:
        return x
    from scipy.sparse import csr_matrix, hstack
    return hstack([x, csr_matrix(vectors[rows])]).tocsr()


def previous_model(folder: Path) -> None:
    """The model the fine-tuned encoder replaced, for comparison: one logistic regression (C 3) over
    tf-idf and the frozen MiniLM embedding (the shared int8 encoder), cross-validated and on dev."""
    from sklearn.linear_model import LogisticRegression

    from claimscope.matching.encoder import encoder
    _, texts, y = read(folder / "train.tsv")
    _, dev_texts, dev_y = read(folder / "dev.tsv")
    vectors, dev_vectors = encoder().encode(texts), encoder().encode(dev_texts)
    cv = scores(y, lexical_oof(texts, y, 3.0, vectors))
    vec = vectorizer().fit(texts)
    clf = LogisticRegression(C=3.0, max_iter=5000).fit(features(vec, texts, np.arange(len(y)), vectors), y)
    dev = scores(dev_y, clf.predict_proba(features(vec, dev_texts, np.arange(len(dev_y)), dev_vectors))[:, 1], False)
    print(f"previous model: CV F1 {cv['f1']:.3f} (P {cv['precision']:.3f} R {cv['recall']:.3f}); "
          f"dev F1 {dev['f1']:.3f} (P {dev['precision']:.3f} R {dev['recall']:.3f})")


def encoder_oof(ids: list[str]) -> np.ndarray:
    """The fine-tuned encoder's out-of-fold probabilities, written by ``finetune.py --fold K``."""
    p = {}
    for k in range(5):
        path = HERE / "oof" / f"fold{k}.json"
        if not path.exists():
            sys.exit(f"{path} is missing: run finetune.py ../shared/data/checkworthiness --fold {k} first")
        fold = json.loads(path.read_text())
        p.update(zip(fold["ids"], fold["p"]))
    return np.array([p[i] for i in ids])


def repeats(texts, y) -> dict:
    """How often the crowd labelled the same sentence twice, and how often it disagreed with itself."""
    labels: dict[str, set] = {}
    counts: dict[str, int] = {}
    for text, label in zip(texts, y):
        key = " ".join(text.lower().split())
        labels.setdefault(key, set()).add(bool(label))
        counts[key] = counts.get(key, 0) + 1
    repeated = [k for k, n in counts.items() if n > 1]
    return {"repeated": len(repeated), "conflicting": sum(len(labels[k]) > 1 for k in repeated)}


def scores(y, p, per_fold: bool = True) -> dict:
    from sklearn.metrics import f1_score, precision_score, recall_score
    pred = p >= THRESHOLD
    out = {"f1": f1_score(y, pred), "precision": precision_score(y, pred), "recall": recall_score(y, pred)}
    if per_fold:
        out["fold_f1"] = [f1_score(y[test], pred[test]) for _, test in folds(y)]
    return out


def main(folder: Path) -> None:
    from sklearn.linear_model import LogisticRegression

    from claimscope.analyzers.checkworthy import CheckWorthiness

    ids, texts, y = read(folder / "train.tsv")
    _, dev_texts, dev_y = read(folder / "dev.tsv")
    results = {"seed": SEED, "threshold": THRESHOLD, "lexical_cv": {}, "mix_cv": {}, "repeats": repeats(texts, y)}
    print("sentences train holds more than once: {repeated}, with both labels: {conflicting}".format(**results["repeats"]))
    lexical = {}
    for C in CS:
        lexical[C] = lexical_oof(texts, y, C)
        results["lexical_cv"][str(C)] = scores(y, lexical[C])
        print(f"lexical, C {C:g}: CV F1 {results['lexical_cv'][str(C)]['f1']:.3f}", flush=True)
    C = max(CS, key=lambda c: results["lexical_cv"][str(c)]["f1"])
    encoder = encoder_oof(ids)
    for mix in MIXES:
        results["mix_cv"][str(mix)] = scores(y, mix * encoder + (1 - mix) * lexical[C])
        r = results["mix_cv"][str(mix)]
        print(f"mix {mix:g}: CV F1 {r['f1']:.3f} (P {r['precision']:.3f} R {r['recall']:.3f}; "
              f"folds {min(r['fold_f1']):.3f}-{max(r['fold_f1']):.3f})", flush=True)
    mix = max(MIXES, key=lambda m: results["mix_cv"][str(m)]["f1"])
    vec = vectorizer().fit(texts)
    clf = LogisticRegression(C=C, max_iter=5000).fit(vec.transform(texts), y)
    vocab = np.array(sorted(vec.vocabulary_, key=vec.vocabulary_.get))
    np.savez_compressed(OUT / "model.npz", vocab=vocab, idf=vec.idf_.astype(np.float32),
                        w_terms=clf.coef_[0].astype(np.float32), bias=np.float32(clf.intercept_[0]),
                        threshold=np.float32(THRESHOLD), mix=np.float32(mix))
    # the shipped numpy re-implementation must give scikit-learn's probabilities
    shipped = CheckWorthiness(OUT)
    judged = shipped.score(dev_texts)
    theirs = clf.predict_proba(vec.transform(dev_texts))[:, 1]
    assert np.abs(np.array([j.lexical for j in judged]) - theirs).max() < 1e-3
    dev = {"mixed": np.array([j.probability for j in judged]), "encoder": np.array([j.encoder for j in judged]),
           "lexical": theirs}
    results.update(C=C, mix=mix, terms=len(vocab), dev={k: scores(dev_y, v, per_fold=False) for k, v in dev.items()})
    d = results["dev"]["mixed"]
    print(f"chosen C {C:g}, mix {mix:g}; dev F1 {d['f1']:.3f} (P {d['precision']:.3f} R {d['recall']:.3f}); "
          f"encoder alone {results['dev']['encoder']['f1']:.3f}, lexical alone {results['dev']['lexical']['f1']:.3f}")
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--previous"]
    if len(args) != 1:
        sys.exit("usage: train.py CHECKWORTHINESS_DIR [--previous]")
    (previous_model if "--previous" in sys.argv else main)(Path(args[0]))
