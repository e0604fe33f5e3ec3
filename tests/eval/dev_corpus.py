"""The development corpus of the analyzer (issue 12): cases written from the failure taxonomy
and public message formats (tests/eval/dev_sources.py), in the format of heldout.json. The
analyzer is tuned against these and tests/graph/analyzer_samples.py, never against the
held-out set."""

from __future__ import annotations

from tests.eval import (
    dev_cases_a,
    dev_cases_b,
    dev_cases_c,
    dev_cases_d,
    dev_cases_e,
    dev_cases_f,
    dev_cases_g,
    dev_cases_ko,
    dev_cases_multi,
    dev_cases_table,
)
from tests.eval.dev_builders import Case

CASES: tuple[Case, ...] = tuple(
    dev_cases_a.CASES
    + dev_cases_b.CASES
    + dev_cases_c.CASES
    + dev_cases_d.CASES
    + dev_cases_e.CASES
    + dev_cases_f.CASES
    + dev_cases_g.CASES
    + dev_cases_ko.CASES
    + dev_cases_multi.CASES
    + dev_cases_table.CASES
)
