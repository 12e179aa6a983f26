"""bench/run.py's results file handling (the timing itself lives in the script, not in tests)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[1] / "bench" / "run.py"


@pytest.fixture(scope="module")
def run():
    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_section_replaced_in_place_and_others_kept(run):
    old = "TOP\n\n## 100,000 pages\n\nold table\n\n## Notes\nkept\n"
    assert run.merge_section(old, "100,000 pages", "new table\n") == "TOP\n\n## 100,000 pages\n\nnew table\n\n## Notes\nkept\n"


def test_section_added_at_end(run):
    assert run.merge_section("TOP\n", "100,000 pages", "t\n") == "TOP\n\n## 100,000 pages\n\nt\n"
    assert run.merge_section("", "100,000 pages", "t\n") == "## 100,000 pages\n\nt\n"


def test_main_tables_replace_the_top_and_keep_sections(run):
    old = "old top\n\n## 100,000 pages\n\nbig\n"
    assert run.merge_section(old, None, "new top\n") == "new top\n\n## 100,000 pages\n\nbig\n"
    assert run.merge_section("", None, "new top\n") == "new top\n"


def test_recorded_command_has_no_machine_paths(run, tmp_path):
    assert run._portable(str(tmp_path / "r.json")) == "r.json"
    assert run._portable(str(run.REPO / "bench" / "RESULTS.md")) == "bench/RESULTS.md"
    assert run._portable("--runs") == "--runs"


def test_missing_measurement_is_a_dash(run):
    res = {"sizes": {"100000": {"pages": 100000, "ratio_to_floor": {"full": 3.0, "fm-rules": float("nan")},
                                "warm_over_cold": float("nan"), "peak_rss_mb": {"full": 900.0}}}}
    rows = {name: measured for name, measured, _ in run.verdicts(res)}
    assert rows["full rules / floor (100000 pages)"] == "3.00x"
    assert rows["front-matter rules / floor (100000 pages)"] == "-"
    assert rows["warm / cold"] == "-"
