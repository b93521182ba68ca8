"""Sentence encoder, claim matching and check-worthiness, on texts written here."""
import numpy as np

from conftest import run_cli

VCLAIMS = [
    ("v-bridge", "The Kessa harbour bridge collapsed in a storm in 2021.", "Did a storm destroy the Kessa bridge?"),
    ("v-vaccine", "A vaccine trial in Norland caused 40 deaths.", "Norland vaccine deaths"),
    ("v-mayor", "The mayor of Kessa was arrested for taking bribes from a shipping firm.", "Kessa mayor arrested"),
    ("v-fish", "Eating fish three times a week doubles life expectancy.", "Fish and long life"),
]
QUERIES = [
    ("q1", "BREAKING: storm brings down the harbour bridge in Kessa!!! pic.twitter.com/abc123"),
    ("q2", "Shipping company paid bribes to Kessa's mayor, police arrest him — Local News (@kessanews) May 2, 2022"),
    ("q3", "40 people died after the Norland vaccine trial, families say"),
]
QRELS = {"q1": "v-bridge", "q2": "v-mayor", "q3": "v-vaccine"}


def test_encoder_puts_paraphrases_close_and_unrelated_apart():
    from claimscope.matching.encoder import encoder
    vectors = encoder().encode(["Norland supplies rifles to the militia.", "The militia gets its guns from Norland.",
                                "The bakery sells fresh bread on Sundays.", ""])
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > 0.6 > vectors[0] @ vectors[2] + 0.3


def test_a_sentence_embeds_the_same_whatever_is_encoded_beside_it():
    # the int8 graph quantizes activations once per run: batched, a text moved with its neighbours
    from claimscope.matching.encoder import Encoder
    encoder = Encoder(threads=1)
    sentence = "Norland supplies rifles to the militia."
    alone = encoder.encode([sentence])[0]
    encoder._recent.clear()
    beside = encoder.encode(["Mr Ode said that 42,000 LOUD tonnes of grain went missing in the port of Kessa!!!",
                             sentence, "Fine."])[1]
    assert np.array_equal(alone, beside)


def test_claim_index_ranks_the_verified_claim_first():
    from claimscope.matching.index import ClaimIndex
    index = ClaimIndex([v[0] for v in VCLAIMS], [f"{v[1]} {v[2]}" for v in VCLAIMS])
    ranked = index.search([q for _, q in QUERIES], k=2)
    assert [r[0].id for r in ranked] == [QRELS[q] for q, _ in QUERIES]
    assert all(0 <= m.lexical <= 1 and m.score <= 1 for r in ranked for m in r)


def test_a_fact_check_soon_after_the_tweet_ranks_first():
    from datetime import date

    from claimscope.evaluation.claim_matching import parse_date, query_date
    from claimscope.matching.index import ClaimIndex
    tweet = "The Kessa mayor was arrested for bribes — Local News (@kessanews) May 2, 2022"
    assert query_date(tweet) == date(2022, 5, 2) and query_date("no date here") is None
    assert parse_date("6 March 2021") == date(2021, 3, 6) and parse_date("soon") is None
    # the same claim checked twice: years before the tweet, and four days after it
    ids, texts = ["v-2019", "v-2022"], ["The mayor of Kessa was arrested for bribery."] * 2
    index = ClaimIndex(ids, texts, dates=[date(2019, 1, 10), date(2022, 5, 6)])
    assert index.search([tweet], k=2, dates=[query_date(tweet)])[0][0].id == "v-2022"
    late = ClaimIndex(ids, texts, dates=[date(2022, 5, 6), date(2019, 1, 10)])
    assert late.search([tweet], k=2, dates=[query_date(tweet)])[0][0].id == "v-2019"  # follows the date


def _write_task(tmp_path):
    import json
    (tmp_path / "vclaims.jsonl").write_text("".join(
        json.dumps({"vclaim_id": i, "vclaim": c, "title": t}) + "\n" for i, c, t in VCLAIMS), encoding="utf-8")
    # the task's files quote fields that hold quotes, CSV-style
    rows = [f'{q}\t"{t.replace(chr(34), chr(34) * 2)}"' if '"' in t else f"{q}\t{t}" for q, t in QUERIES]
    (tmp_path / "queries.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "qrels.tsv").write_text("".join(f"{q}\t0\t{v}\t1\n" for q, v in QRELS.items()), encoding="utf-8")


def test_eval_claim_matching_writes_a_trec_run_and_scores_it(tmp_path):
    _write_task(tmp_path)
    result = run_cli("eval", "claim-matching", str(tmp_path / "queries.tsv"), "--vclaims", str(tmp_path / "vclaims.jsonl"),
                     "--qrels", str(tmp_path / "qrels.tsv"), "--out", str(tmp_path / "run.tsv"))
    assert result.returncode == 0, result.stderr
    assert b"MAP@5 1.0000" in result.stdout and b"P@1 1.0000" in result.stdout
    first = (tmp_path / "run.tsv").read_text().splitlines()[0].split("\t")
    assert first[:4] == ["q1", "Q0", "v-bridge", "1"] and first[5] == "claimscope"


def test_map_scores_count_only_the_first_five():
    from claimscope.evaluation.claim_matching import scores
    run = {"a": ["x", "y", "z", "w", "v", "hit"], "b": ["hit", "x"]}
    s = scores(run, {"a": {"hit"}, "b": {"hit"}})
    assert s["map@5"] == 0.5 and s["p@1"] == 0.5 and abs(s["mrr"] - (1 / 6 + 1) / 2) < 1e-9


def test_eval_claim_matching_refuses_bad_files(tmp_path):
    _write_task(tmp_path)
    (tmp_path / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    result = run_cli("eval", "claim-matching", str(tmp_path / "queries.tsv"), "--vclaims", str(tmp_path / "bad.jsonl"),
                     "--out", str(tmp_path / "run.tsv"))
    assert result.returncode == 2 and b"[E072]" in result.stderr and b"Traceback" not in result.stderr


def test_checkworthiness_model_tells_claims_from_chatter(tmp_path):
    from claimscope.analyzers.checkworthy import load
    model = load()
    judged = model.score(["Unemployment fell from 9.8 percent to 5.1 percent between 2010 and 2015.",
                          "Thank you all very much for being here tonight.", ""])
    assert judged[0].probability > 0.7 > 0.2 > judged[1].probability
    assert judged[0].terms and all(isinstance(w, float) for _, w in judged[0].terms)
    for j in judged:  # the score is the two models' mix, each kept as evidence
        assert abs(j.probability - (model.mix * j.encoder + (1 - model.mix) * j.lexical)) < 1e-6
    assert 0 <= model.mix <= 1 and judged[0].encoder > 0.7 > 0.3 > judged[1].encoder
    tsv = tmp_path / "s.tsv"
    tsv.write_text("Sentence_id\tText\tclass_label\n1\tUnemployment fell from 9.8 percent to 5.1 percent in five "
                   "years.\tYes\n2\tThank you all very much for being here tonight.\tNo\n", encoding="utf-8")
    result = run_cli("eval", "checkworthiness", str(tsv), "--out", str(tmp_path / "out.tsv"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.tsv").read_text().splitlines()[0].startswith("1\tYes\t")
    assert b"F1 1.000" in result.stdout


def test_checkworthiness_of_a_sentence_does_not_depend_on_its_neighbours():
    # the int8 graph quantizes activations per run: a sentence batched with others would move
    from claimscope.analyzers.checkworthy import load
    sentence = "The ministry spent 40 million dollars on the bridge in 2019."
    alone = load().score([sentence])[0]
    among = load().score(["Hello.", "A much longer sentence about the weather and the harvest of the last years.",
                          sentence])[2]
    assert alone.encoder == among.encoder and alone.probability == among.probability


def test_claims_keep_the_models_evidence(analyze_text):
    doc, _ = analyze_text("Port news\n\nThe port of Kessa handled 4.2 million containers in 2023, up 12 percent.\n")
    claim = doc.claims[0]
    assert claim.score_reasons[0].startswith(f"model p={claim.score:.2f} (fine-tuned MiniLM ")
    assert "gives numbers" in claim.score_reasons


def test_adapters_stored_as_int8_rows_merge_like_the_full_precision_ones():
    # a model file may hold its low-rank adapters as int8 rows with one scale each (the second
    # technique reader): merged into the package's weights they must give what the float ones give
    from claimscope.matching.encoder import package_weights, with_adapters

    rng = np.random.default_rng(3)
    name = "encoder.layer.2.attention.self.value"
    a = rng.normal(0, 0.05, (4, 384)).astype(np.float32)
    b = rng.normal(0, 0.02, (384, 4)).astype(np.float32)

    class Arrays(dict):
        @property
        def files(self):
            return list(self)

    def rows(m):
        scale = np.abs(m).max(1) / 127
        return np.round(m / scale[:, None]).astype(np.int8), scale.astype(np.float32)

    common = {"rank": np.array(4), "alpha": np.array(8)}
    plain = with_adapters(Arrays(common, **{name + ".lora_a": a, name + ".lora_b": b}))
    (qa, sa), (qb, sb) = rows(a), rows(b)
    packed = with_adapters(Arrays(common, **{name + ".lora_a.q": qa, name + ".lora_a.scale": sa,
                                             name + ".lora_b.q": qb, name + ".lora_b.scale": sb}))
    base = package_weights()[name + ".weight"]
    delta = plain[name + ".weight"] - base
    assert np.abs(delta).max() > 1e-3  # the adapters change the weight
    assert np.abs(packed[name + ".weight"] - plain[name + ".weight"]).max() < 0.02 * np.abs(delta).max()
