import pytest

from claimscope.evaluation.ptc import merge, score_si, score_tc


def test_merge_overlapping_spans():
    assert merge([(5, 10), (0, 3), (8, 12), (12, 14)]) == [(0, 3), (5, 14)]


def test_si_partial_credit():
    gold = {"1": [(0, 10)]}
    pred = {"1": [(5, 15)]}
    s = score_si(pred, gold)
    assert s["precision"] == pytest.approx(0.5) and s["recall"] == pytest.approx(0.5)
    assert score_si(gold, gold)["f1"] == 1.0
    assert score_si({}, gold)["f1"] == 0.0


def test_tc_micro_f1_with_two_labels_on_one_span():
    gold = [("1", "Doubt", 0, 5), ("1", "Loaded_Language", 0, 5), ("2", "Slogans", 3, 9)]
    pred = [("1", "Loaded_Language", 0, 5), ("1", "Repetition", 0, 5), ("2", "Slogans", 3, 9)]
    s = score_tc(pred, gold)
    assert s["micro_f1"] == pytest.approx(2 / 3)
    assert s["per_class"]["Slogans"]["f1"] == 1.0
