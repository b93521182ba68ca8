"""The evaluation commands on small corpora written for these tests."""
import json

from claimscope.schema.techniques import TECHNIQUES
from conftest import run_cli

TEXT = ("Council vote delayed\n\nThe mayor said the vote would wait until June. "
        "According to the clerk, the budget is short by two million.\n")


def _ann(text: str) -> str:
    def span(piece):
        start = text.index(piece)
        return f"{start} {start + len(piece)}"
    return "\n".join([
        f"T1\tSource {span('The mayor')}\tThe mayor",
        f"T2\tCue {span('said')}\tsaid",
        f"T3\tContent {span('the vote would wait until June')}\tthe vote would wait until June",
        f"T4\tAttribution {span('said')}\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        f"T5\tSource {span('the clerk')}\tthe clerk",
        f"T6\tCue {span('According to')}\tAccording to",
        f"T7\tContent {span('the budget is short by two million')}\tthe budget is short by two million",
        f"T8\tAttribution {span('According to')}\tAccording to",
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
    ]) + "\n"


def test_eval_attributions_scores_a_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "text").mkdir(parents=True)
    (corpus / "attributions").mkdir()
    (corpus / "text" / "council.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "attributions" / "council_ab12.ann").write_text(_ann(TEXT), encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli("eval", "attributions", str(corpus), "--out", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    printed = proc.stdout.decode()
    assert "content" in printed and "end-to-end" in printed
    scores = json.loads((out / "scores.json").read_text())
    assert scores["gold"] == 2 and scores["content_f1"] == 1.0 and scores["source_accuracy"] == 1.0
    report = json.loads((out / "council.json").read_text())
    assert report["document"]["text"] == TEXT


def test_eval_attributions_bad_folder(tmp_path):
    proc = run_cli("eval", "attributions", str(tmp_path), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr.decode()


def test_eval_plover_writes_predictions(tmp_path):
    tsv = tmp_path / "plv.tsv"
    tsv.write_text("uid\tmarked_sentence\tgold_root\n"
                   "a1\t<s>Norland</s> launched air strikes on <t>Sudria</t> overnight.\tASSAULT\n"
                   "a2\t<s>The council</s> accused <t>the mayor</t> of hiding the audit.\tACCUSE\n", encoding="utf-8")
    out = tmp_path / "pred.tsv"
    proc = run_cli("eval", "plover", str(tsv), "--out", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    lines = out.read_text().splitlines()
    assert lines == ["a1\tASSAULT", "a2\tACCUSE"]
    assert "accuracy 1.000" in proc.stdout.decode()


def test_eval_ptc_formats_and_scores(tmp_path):
    arts = tmp_path / "articles"
    arts.mkdir()
    text = ("Traitors everywhere!\n\nThe corrupt elites are destroying our great nation.\n"
            "Everyone knows the truth, so wake up before it is too late.\n")
    (arts / "article901.txt").write_text(text, encoding="utf-8")
    start = text.index("corrupt elites")
    template = tmp_path / "template.txt"
    template.write_text(f"901\t?\t{start}\t{start + 14}\n901\t?\t0\t19\n", encoding="utf-8")
    gold_tc = tmp_path / "gold-tc.txt"
    gold_tc.write_text(f"901\tName_Calling,Labeling\t{start}\t{start + 14}\n901\tLoaded_Language\t0\t19\n")
    gold_si = tmp_path / "gold-si.txt"
    gold_si.write_text(f"901\t{start}\t{start + 14}\n901\t0\t19\n")
    si_out, tc_out = tmp_path / "si.txt", tmp_path / "tc.txt"
    proc = run_cli("eval", "ptc", str(arts), "--si-out", str(si_out), "--si-gold", str(gold_si),
                   "--tc-spans", str(template), "--tc-out", str(tc_out), "--tc-gold", str(gold_tc))
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    assert "SI  P" in out and "TC  micro-F1" in out
    rows = [line.split("\t") for line in tc_out.read_text().splitlines()]
    assert [(r[0], int(r[2]), int(r[3])) for r in rows] == [("901", start, start + 14), ("901", 0, 19)]
    assert all(r[1] in TECHNIQUES for r in rows)
    si_rows = [line.split("\t") for line in si_out.read_text().splitlines()]
    assert si_rows, "the loaded language of the test text gives SI predictions"
    for art, s, e in si_rows:
        assert art == "901" and 0 <= int(s) < int(e) <= len(text)
    # the printed score is the score of the written predictions against the gold spans
    from claimscope.evaluation.ptc import read_si, score_si
    expected = score_si(read_si(si_out), read_si(gold_si))
    assert f"F1 {expected['f1']:.4f}" in out and f"({expected['predicted']} predicted" in out


def test_eval_realnews_scores_annotated_pages(tmp_path):
    import gzip
    pages = tmp_path / "pages"
    (pages / "html").mkdir(parents=True)
    body = ("Ms Anna Vik met Tom Berg on Monday. \"We will rebuild the pier,\" she said. "
            "According to people familiar with the talks, the deal is close.")
    with gzip.open(pages / "html" / "p1.html.gz", "wt", encoding="utf-8") as fh:
        fh.write(f"<html><head><title>Pier talks</title></head><body><article><p>{body}</p></article></body></html>")
    (pages / "ground-truth.json").write_text(json.dumps({"p1": {"articleBody": body, "url": "x"}}))
    she = body.index("she said")
    vague = body.index("people familiar with")
    gold = {"page": "p1", "relations": [], "pronouns": [{"at": [she, she + 3], "speaker": "Anna Vik"}],
            "flags": [{"type": "vague_source", "at": [vague, vague + 20]}]}
    (tmp_path / "ann").mkdir()
    (tmp_path / "ann" / "p1.json").write_text(json.dumps(gold))
    proc = run_cli("eval", "realnews", str(tmp_path / "ann"), str(pages), "--out", str(tmp_path / "s.json"))
    assert proc.returncode == 0, proc.stderr.decode()
    scores = json.loads((tmp_path / "s.json").read_text())
    assert scores["pronoun_accuracy"] == 1.0 and scores["anonymous_recall"] == 1.0
    assert scores["flag_precision"]["vague_source"] == 1.0 and "1 annotated pages" in proc.stdout.decode()


def test_realnews_scorer_names_and_technique_judgements():
    from claimscope.evaluation.realnews import Tally, same_actor, score_techniques

    assert same_actor("Comcast", {"Comcast/Xfinity"}) and same_actor("Ann Vik", {"Vik"})
    assert not same_actor("Comcast", {"Comcast Ventures"})
    report = {"techniques": [{"technique": "Loaded_Language", "start": 2, "end": 19},      # judged plausible
                             {"technique": "Doubt", "start": 2, "end": 19},                # a plausible span, wrong technique
                             {"technique": "Loaded_Language", "start": 27, "end": 52}]}    # judged implausible
    judged = [{"at": [2, 19], "technique": "Loaded_Language", "plausible": True},
              {"at": [27, 52], "technique": "Loaded_Language", "plausible": False}]
    tally = Tally()
    score_techniques(report, judged, lambda span: tuple(span), tally)
    assert (tally.techniques_shown, tally.techniques_right, tally.techniques_unjudged) == (3, 1, 1)
