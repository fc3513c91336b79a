"""The SVG charts as pure functions: geometry, escaping, mirroring, and
what they draw when there is nothing to draw."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from uprtc.statistics import charts
from uprtc.statistics.charts import PAD, WIDTH, Bar

NS = {"s": "http://www.w3.org/2000/svg"}
ROWS = [Bar("Education", 40), Bar("Health", 10), Bar("Justice", 20)]


def parse(svg):
    return ET.fromstring(svg)


def rects(svg):
    return parse(svg).findall(".//s:rect", NS)


def bars(rows=ROWS, **kw):
    return charts.bar_chart(rows, chart_id="c", title="Activities by theme", **kw)


def test_the_longest_bar_is_the_largest_count_and_the_others_in_proportion():
    widths = [float(r.get("width")) for r in rects(bars())]
    assert widths[0] == max(widths)
    assert widths[1] == pytest.approx(widths[0] / 4, abs=0.1)
    assert widths[2] == pytest.approx(widths[0] / 2, abs=0.1)
    assert all(float(r.get("x")) == PAD for r in rects(bars()))
    assert max(widths) + PAD < WIDTH


def test_a_chart_is_an_image_named_by_its_own_title_and_description():
    svg = parse(bars(desc="Education has the most."))
    assert svg.get("class") == "chart" and svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c-title c-desc"
    assert svg.find("s:title", NS).get("id") == "c-title"
    assert svg.find("s:title", NS).text == "Activities by theme"
    assert svg.find("s:desc", NS).text == "Education has the most."
    assert svg.get("viewBox").startswith(f"0 0 {WIDTH} ")


def test_colours_come_only_from_classes():
    for svg in (
        bars(),
        charts.column_chart(ROWS, chart_id="y", title="By year"),
        charts.funnel_chart(ROWS, chart_id="f", title="Funnel"),
    ):
        assert "style" not in svg and "fill" not in svg and "stroke" not in svg
        tree = parse(svg)
        assert {r.get("class") for r in tree.iter(f"{{{NS['s']}}}rect")} <= {
            "chart-bar",
            "chart-bar-2",
        }
        assert {t.get("class") for t in tree.iter(f"{{{NS['s']}}}text")} <= {
            "chart-label",
            "chart-value",
        }


def test_every_label_and_title_is_escaped():
    nasty = '<script>alert("x")</script> & co'
    svg = charts.bar_chart(
        [Bar(nasty, 3, css='x" onload="y')], chart_id='a"b', title="<b>T</b>"
    )
    assert "<script>" not in svg and "<b>" not in svg and 'onload="' not in svg
    tree = parse(svg)  # still well-formed XML
    assert tree.find("s:title", NS).text == "<b>T</b>"
    assert tree.find(".//s:g/s:title", NS).text == f"{nasty}: 3"


def test_a_long_label_is_cut_with_an_ellipsis_and_whole_in_the_tooltip():
    label = "Voluntary Fund for Financial and Technical Assistance " * 4
    tree = parse(bars([Bar(label, 2)]))
    lines = [t.text for t in tree.findall(".//s:tspan", NS)]
    assert len(lines) == charts.MAX_LINES and lines[-1].endswith("…")
    assert all(charts.text_width(line) <= WIDTH - 2 * PAD for line in lines)
    assert tree.find(".//s:g/s:title", NS).text == f"{label}: 2"


def test_chinese_labels_wrap_between_characters():
    lines = charts.wrap("和平、正义与强大机构" * 5, 120)
    assert len(lines) == charts.MAX_LINES
    assert all(charts.text_width(line) <= 120 for line in lines)


def test_a_right_to_left_chart_grows_from_the_right_with_labels_on_the_right():
    ltr, rtl = rects(bars()), rects(bars(rtl=True))
    for a, b in zip(ltr, rtl, strict=True):
        assert a.get("width") == b.get("width")
        right = float(b.get("x")) + float(b.get("width"))
        assert right == pytest.approx(WIDTH - PAD, abs=0.1)
        mirrored = WIDTH - float(a.get("x")) - float(a.get("width"))
        assert float(b.get("x")) == pytest.approx(mirrored, abs=0.1)
    tree = parse(bars(rtl=True))
    assert tree.get("direction") == "rtl"  # text-anchor start = right edge
    assert {float(t.get("x")) for t in tree.findall(".//s:tspan", NS)} == {WIDTH - PAD}
    # each count sits beyond its bar's end, that is to its left
    values = tree.findall(".//s:text[@class='chart-value']", NS)
    for rect, value in zip(rtl, values, strict=True):
        assert float(value.get("x")) < float(rect.get("x"))
    assert parse(bars()).get("direction") == "ltr"


def test_columns_run_from_the_right_in_arabic():
    years = [Bar("2023", 1), Bar("2024", 5)]
    ltr = rects(charts.column_chart(years, chart_id="y", title="t"))
    rtl = rects(charts.column_chart(years, chart_id="y", title="t", rtl=True))
    assert float(ltr[0].get("x")) < float(ltr[1].get("x"))
    assert float(rtl[0].get("x")) > float(rtl[1].get("x"))
    mirrored = WIDTH - float(ltr[0].get("x")) - float(ltr[0].get("width"))
    assert float(rtl[0].get("x")) == pytest.approx(mirrored, abs=0.1)


def test_nothing_to_draw_says_so_and_zeros_draw_empty_bars():
    empty = parse(bars([], empty="No data yet"))
    assert empty.find(".//s:text", NS).text == "No data yet"
    assert charts.column_chart([], chart_id="y", title="t", empty="None")
    zeros = rects(bars([Bar("A", 0), Bar("B", 0)]))
    assert [r.get("width") for r in zeros] == ["0", "0"]
    columns = rects(charts.column_chart([Bar("2024", 0)], chart_id="y", title="t"))
    assert columns[0].get("height") == "0"
    funnel = charts.funnel_chart([Bar("a", 0), Bar("b", 0)], chart_id="f", title="t")
    assert [r.get("width") for r in rects(funnel)] == ["0", "0"]


def test_the_funnel_centres_its_steps_and_marks_the_outcome():
    steps = [Bar("Requests", 8), Bar("Matches", 4), Bar("Activities", 2)]
    svg = charts.funnel_chart(
        steps, chart_id="f", title="t", share=lambda a, b: f"{100 * a // b}%"
    )
    found = rects(svg)
    for r in found:
        middle = float(r.get("x")) + float(r.get("width")) / 2
        assert abs(middle - WIDTH / 2) < 0.1
    assert [r.get("class") for r in found][-1] == "chart-bar-2"
    values = [t.text for t in parse(svg).findall(".//s:text[@class='chart-value']", NS)]
    assert values == ["8", "4 · 50%", "2 · 50%"]


def test_numbers_are_written_in_the_page_language():
    with translation.override("fr"):
        svg = bars([Bar("Éducation", 1234567)])
    assert "1\xa0234\xa0567" in svg
    with translation.override("en"):
        assert "1,234,567" in bars([Bar("Education", 1234567)])


def test_grid_lines_fall_on_round_numbers():
    assert [charts.nice_step(n) for n in (3, 10, 37, 160, 1234)] == [1, 5, 10, 50, 500]
    svg = parse(charts.column_chart([Bar("2025", 37)], chart_id="y", title="t"))
    ticks = [t.text for t in svg.findall(".//s:text[@text-anchor='end']", NS)]
    assert ticks == ["0", "10", "20", "30", "40"]
