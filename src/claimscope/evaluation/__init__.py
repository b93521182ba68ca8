"""Scoring against public corpora, one module per corpus: ``polnear`` (attributions, brat
standoff), ``ptc`` (SemEval-2020 Task 11 techniques) and ``plover`` (PLOVER relation types).
Library code only; the ``claimscope eval`` commands in ``claimscope.cli.evaluate`` call it."""
