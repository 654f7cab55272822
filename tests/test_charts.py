"""SVG charts (plans/charts.py): well-formed, accessible, escaped, deterministic."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from plans.charts import bar_chart, line_chart

NS = {"svg": "http://www.w3.org/2000/svg"}
WEEKS = [(f"{d} Mar", m) for d, m in ((3, 30), (10, 0), (17, 45), (24, 12))]


def parse(svg) -> ET.Element:
    # Our own output, not untrusted input; raises on anything that is not well-formed XML.
    return ET.fromstring(str(svg))  # noqa: S314


def effort_pain(days: int):
    start = date(2025, 1, 6)
    return {
        "Effort": [(start + timedelta(days=i), 3 + i % 4) for i in range(days)],
        "Pain": [(start + timedelta(days=i), None if i == 2 else i % 3) for i in range(days)],
    }


def charts():
    return [
        bar_chart(WEEKS, title="Minutes", desc="Per week", y_label="Minutes", chart_id="bars"),
        line_chart(effort_pain(10), title="Effort", desc="Over time", y_label="0 to 10"),
    ]


@pytest.mark.parametrize("svg", charts(), ids=["bar", "line"])
def test_chart_is_an_accessible_image_named_by_its_title_and_desc(svg):
    root = parse(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert "viewBox" in root.attrib and "width" not in root.attrib
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert "style" not in str(svg)  # the CSP forbids inline styles


def test_bar_chart_draws_one_bar_per_point_with_its_value():
    root = parse(charts()[0])
    bars = list(root.iter("{http://www.w3.org/2000/svg}rect"))
    assert len(bars) == 4
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert {"30", "0", "45", "12", "3 Mar", "Minutes"} <= set(texts)
    heights = [float(b.get("height")) for b in bars]
    assert heights[1] == 0 and heights[2] == max(heights)


def test_text_is_escaped():
    evil = '<script>alert("x")</script> & friends'
    svg = bar_chart([(evil, 3)], title=evil, desc=evil, y_label=evil, chart_id="evil")
    assert "<script>" not in svg
    root = parse(svg)
    assert root.find("svg:title", NS).text == evil  # shown as text, not run
    svg = line_chart({evil: [(date(2025, 1, 1), 2)]}, title=evil, desc=evil, y_label=evil)
    assert "<script>" not in svg
    assert parse(svg).find("svg:title", NS).text == evil


def test_chart_id_must_be_a_slug():
    with pytest.raises(ValueError):
        bar_chart([], title="t", desc="d", y_label="y", chart_id='x" onload="alert(1)')


@pytest.mark.parametrize(
    "svg",
    [
        bar_chart([], title="Minutes", desc="None yet", y_label="Minutes"),
        line_chart({"Effort": [], "Pain": []}, title="Effort", desc="None", y_label="0-10"),
        line_chart({"Effort": [(date(2025, 1, 1), None)]}, title="E", desc="D", y_label="0-10"),
    ],
    ids=["bar", "line", "line-all-blank"],
)
def test_empty_data_says_so(svg):
    root = parse(svg)
    assert root.get("role") == "img"
    assert "Nothing logged yet." in [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_single_point():
    bar = parse(bar_chart([("3 Mar", 20)], title="M", desc="D", y_label="Minutes"))
    assert len(list(bar.iter("{http://www.w3.org/2000/svg}rect"))) == 1
    line = parse(line_chart({"Effort": [(date(2025, 1, 1), 4)]}, title="E", desc="D", y_label="y"))
    circles = list(line.iter("{http://www.w3.org/2000/svg}circle"))
    assert len(circles) == 2  # the point and its legend marker
    assert "nan" not in ET.tostring(line, encoding="unicode")


def test_a_blank_value_leaves_a_gap_in_the_line():
    root = parse(charts()[1])
    paths = [p.get("d") for p in root.iter("{http://www.w3.org/2000/svg}path")]
    effort, pain = paths
    assert effort.count("M") == 1
    assert pain.count("M") == 2  # pen lifted at the missing value


def test_series_differ_by_more_than_colour():
    root = parse(charts()[1])
    effort, pain = list(root.iter("{http://www.w3.org/2000/svg}path"))
    assert effort.get("stroke") != pain.get("stroke")
    assert pain.get("stroke-dasharray") and not effort.get("stroke-dasharray")
    assert list(root.iter("{http://www.w3.org/2000/svg}rect"))  # square markers for pain


def test_output_is_deterministic():
    assert [str(c) for c in charts()] == [str(c) for c in charts()]


def test_values_stay_inside_the_plot():
    svg = line_chart({"Effort": [(date(2025, 1, 1), 14)]}, title="E", desc="D", y_label="y")
    for circle in parse(svg).iter("{http://www.w3.org/2000/svg}circle"):
        assert 0 <= float(circle.get("cy")) <= 260
