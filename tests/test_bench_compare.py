"""The benchmark's verdicts, on fixed results (tests/data/bench/): each page's CPU against
issue 26's multiples of /healthz and its p95, the comparison with the last result of the same
size (a page more than 15 % slower in CPU is a REGRESSION), and the dashboard's growth with
clients (--scale)."""

import copy
import json
import shutil
from pathlib import Path

import pytest

from bench import run

DATA = Path(__file__).resolve().parent / "data" / "bench"


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text())


@pytest.fixture
def now() -> dict:
    result = load("result_500_now.json")
    run.judge(result)
    return result


def test_each_page_is_judged_as_a_multiple_of_healthz_against_issue_26s_targets(now):
    pages = now["pages"]
    expected = {
        # page: (x /healthz, budget, cpu met, p95 met)
        "blank page": (3.9, 4, True, True),
        "today": (12.5, 12, False, True),
        "progress": (14.0, 14, True, True),
        "plan": (10.0, 14, True, False),
        "log POST": (16.2, 16, False, True),
        "coach dashboard": (20.0, 25, True, False),
        "client detail": (29.0, 30, True, True),
    }
    for name, (times, budget, cpu_met, p95_met) in expected.items():
        page = pages[name]
        assert (page["times"], page["budget"]) == (times, budget), name
        assert (page["cpu_met"], page["p95_met"]) == (cpu_met, p95_met), name
        assert page["met"] is (cpu_met and p95_met), name
    assert pages["coach dashboard"]["p95_budget_ms"] == 300
    assert pages["today"]["p95_budget_ms"] == 150
    assert pages["healthz"]["met"] is None and "times" not in pages["healthz"]
    assert run.missed(now) == ["today", "plan", "log POST", "coach dashboard"]


def test_the_budget_is_todays_whatever_the_result_file_says(now):
    old = load("result_500_now.json")
    old["pages"]["today"]["budget"] = 2.0  # an issue-14 result judged x the blank page
    run.judge(old)
    assert old["pages"]["today"]["budget"] == 12.0
    assert old["pages"]["today"]["budget_text"] == "<= 12x /healthz"


def test_the_table_says_met_or_missed_and_why(now):
    rows = {line.split(" | ")[0].lstrip("| "): line for line in run.table(now)[2:]}
    assert "| 3.90x | <= 4x /healthz | met |" in rows["blank page"]
    assert "| 12.50x | <= 12x /healthz | MISSED (cpu) |" in rows["today"]
    assert "151.0 (<= 150)" in rows["plan"] and "MISSED (p95) |" in rows["plan"]
    assert "350.0 (<= 300)" in rows["coach dashboard"]
    assert "| 29.00x | <= 30x /healthz | met |" in rows["client detail"]


def test_a_page_more_than_15_percent_slower_in_cpu_is_a_regression(now):
    comparison = run.compare(now, load("result_500_before.json"))
    rows = {row["page"]: row for row in comparison["rows"]}
    assert rows["today"]["cpu_change"] == 25.0 and rows["today"]["regression"]
    assert rows["log POST"]["cpu_change"] == 15.7 and rows["log POST"]["regression"]
    assert rows["plan"]["cpu_change"] == 14.9 and not rows["plan"]["regression"]
    assert rows["coach dashboard"]["cpu_change"] == -50.0
    assert rows["coach dashboard"]["p95_change"] == -56.2
    assert rows["blank page"]["cpu_change"] == 0.0
    # Measured now but not then: nothing to compare.
    assert "client detail" not in rows
    assert comparison["regressions"] == ["today", "log POST"]


def test_the_comparison_prints_a_regression_line_per_slower_page(now):
    comparison = run.compare(now, load("result_500_before.json"))
    comparison["file"] = "bench/results/20261127T090000Z-500.json"
    lines = run.comparison_lines(comparison)
    assert lines[0].startswith("compared with bench/results/20261127T090000Z-500.json")
    assert "| today | 10.00 | 12.50 | +25 % | 100.0 | 120.0 | +20 % |" in lines
    regressions = [line for line in lines if line.startswith("REGRESSION")]
    assert regressions == [
        "REGRESSION: today: CPU per request 10.00 -> 12.50 ms (+25 %, more than 15 % slower "
        "than the last result)",
        "REGRESSION: log POST: CPU per request 14.00 -> 16.20 ms (+16 %, more than 15 % slower "
        "than the last result)",
    ]


def test_no_regression_is_said_too(now):
    same = copy.deepcopy(now)
    lines = run.comparison_lines({**run.compare(now, same), "file": "x.json"})
    assert not [line for line in lines if line.startswith("REGRESSION")]
    assert lines[-1] == "no page is more than 15 % slower in CPU"


def test_the_last_result_is_the_newest_of_the_same_size(tmp_path):
    shutil.copy(DATA / "result_500_before.json", tmp_path / "20261127T090000Z-500.json")
    assert run.previous_result(500, tmp_path)[0].name == "20261127T090000Z-500.json"
    # A newer result of another size, a file that is not a result and a broken one are passed by.
    other = load("result_500_before.json") | {"clients": 50}
    (tmp_path / "20261201T000000Z-50.json").write_text(json.dumps(other))
    (tmp_path / "notes-500.json").write_text(json.dumps(load("result_500_now.json")))
    (tmp_path / "20261202T000000Z-500.json").write_text("{not json")
    assert run.previous_result(500, tmp_path)[0].name == "20261127T090000Z-500.json"
    # A newer --scale summary holds a run of 500 clients: that one is the last.
    shutil.copy(DATA / "scale_500_5000.json", tmp_path / "20261130T080000Z-scale.json")
    path, found = run.previous_result(500, tmp_path)
    assert path.name == "20261130T080000Z-scale.json"
    assert found["started"] == "2026-11-30T08:00:00+00:00"
    assert run.previous_result(5000, tmp_path)[1]["clients"] == 5000
    assert run.previous_result(20000, tmp_path) is None


def test_with_no_earlier_result_the_run_says_so_and_records_the_comparison(now, tmp_path):
    assert run.compare_with_last(now, tmp_path) == [
        f"no earlier result for 500 clients in {tmp_path}"
    ]
    assert "compared_with" not in now
    shutil.copy(DATA / "result_500_before.json", tmp_path / "20261127T090000Z-500.json")
    lines = run.compare_with_last(now, tmp_path)
    assert now["compared_with"]["regressions"] == ["today", "log POST"]
    assert now["compared_with"]["file"].endswith("20261127T090000Z-500.json")
    assert sum(line.startswith("REGRESSION") for line in lines) == 2


def test_scale_the_dashboard_cpu_may_grow_at_most_1_2x_and_its_queries_not_at_all():
    runs = {int(size): data for size, data in load("scale_500_5000.json")["runs"].items()}
    verdict = run.scale_verdict(runs)
    assert verdict["ratio"] == 1.12 and verdict["ratio_met"]
    assert verdict["queries"] == {500: 6, 5000: 6} and verdict["queries_met"]
    lines = run.scale_lines(verdict)
    assert lines[0] == (
        "coach dashboard CPU per request: 22.50 ms at 5,000 clients / 20.00 ms at 500 = 1.12x "
        "(<= 1.2x): met"
    )
    assert lines[1] == (
        "coach dashboard queries: 6 at 500, 6 at 5,000 (the same at every size): met"
    )

    dashboard = runs[5000]["pages"]["coach dashboard"]
    dashboard.update(app_cpu_ms=18.0, queries=7)  # 25 / 20 = 1.25x, one query more
    verdict = run.scale_verdict(runs)
    assert (verdict["ratio"], verdict["ratio_met"], verdict["queries_met"]) == (1.25, False, False)
    assert [line.rsplit(": ", 1)[1] for line in run.scale_lines(verdict)] == ["MISSED", "MISSED"]


def test_scale_needs_two_sizes_with_the_dashboard():
    runs = {int(size): data for size, data in load("scale_500_5000.json")["runs"].items()}
    assert run.scale_verdict({500: runs[500]}) is None
    runs[5000]["pages"]["coach dashboard"] = {"available": False}
    assert run.scale_verdict(runs) is None
    assert "needs two sizes" in run.scale_lines(None)[0]
