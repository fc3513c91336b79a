"""The world map: pure functions, no database."""

from __future__ import annotations

import re

from uprtc.countries import worldmap
from uprtc.countries.worldmap import Bins, count_bins, percent_bins


def test_the_map_data_has_the_states_outlines_and_no_antarctica():
    geo = worldmap.geometry()
    assert geo.width == 2000 and 800 < geo.height < 1000
    assert len(geo.paths) > 165
    assert "ATA" not in geo.paths
    for iso3 in ("SVN", "FRA", "BRA", "CHN", "RUS", "FJI", "SOM", "CYP", "SRB"):
        assert worldmap.path_for(iso3).startswith("M"), iso3
    assert worldmap.path_for("svn") == geo.paths["SVN"]
    assert worldmap.path_for("MCO") is None  # too small for 1:110m


def test_path_data_stays_inside_the_view_box():
    geo = worldmap.geometry()
    for iso3, d in geo.paths.items():
        x, y = map(int, re.match(r"M(-?\d+),?(-?\d+)", d).groups())
        assert 0 <= x <= geo.width and 0 <= y <= geo.height, iso3
        assert re.fullmatch(r"[Mmlz0-9, \-]+", d), iso3


def test_zero_and_missing_values_are_bin_0_counts_are_classed_by_quantile():
    bins = count_bins([1, 1, 1, 2, 2, 3, 5, 8, 13, 40, 0])
    assert bins.lowers[0] == 1 and len(bins.lowers) == 5
    assert list(bins.lowers) == sorted(set(bins.lowers))
    assert bins.bin_of(0) == 0 and bins.bin_of(None) == 0
    assert bins.bin_of(1) == 1
    assert bins.bin_of(40) == 5
    assert [bins.bin_of(v) for v in (1, 2, 3, 5, 8, 13, 40)] == sorted(
        bins.bin_of(v) for v in (1, 2, 3, 5, 8, 13, 40)
    )


def test_ties_still_give_five_classes_when_there_are_five_values():
    # the demo: most States have one or two activities
    bins = count_bins([1] * 40 + [2] * 23 + [3] * 8 + [4] * 7 + [5] * 6 + [6] * 2)
    assert bins.lowers == (1, 2, 3, 4, 5)
    assert [label for _, label in bins.labels()] == ["1", "2", "3", "4", "5–6"]


def test_few_values_give_few_classes_and_no_values_none():
    assert count_bins([3, 3]).lowers == (3,)
    assert count_bins([3, 3]).labels() == [(1, "3")]
    assert count_bins([2, 7]).labels() == [(1, "2–6"), (2, "7")]
    empty = count_bins([0, 0])
    assert empty.lowers == () and empty.bin_of(5) == 0 and empty.labels() == []


def test_coverage_bins_are_fixed_steps_and_zero_percent_is_data():
    bins = percent_bins()
    assert bins.bin_of(None) == 0
    assert bins.bin_of(0) == 1
    assert bins.bin_of(19) == 1 and bins.bin_of(20) == 2
    assert bins.bin_of(100) == 5
    assert bins.labels()[0] == (1, "0–19%")
    assert bins.labels()[-1] == (5, "80–100%")


def render(values, hrefs, bins=None):
    return worldmap.render(
        values,
        bins=bins or count_bins(values.values()),
        label_for=lambda iso3, v: f"{iso3}: {v or 0} published activities",
        href_for=hrefs.get,
        title="Published activities by State",
        description="Darker is more.",
    )


def test_every_state_is_a_link_with_a_title_and_a_classed_path():
    hrefs = {"SVN": "/en/countries/SVN/", "FRA": "/en/countries/FRA/"}
    svg = str(render({"SVN": 12}, hrefs))
    assert svg.startswith('<svg class="map" id="world-map" xmlns:xlink=')
    assert 'viewBox="0 0 2000 ' in svg
    assert 'role="group" aria-labelledby="world-map-title world-map-desc"' in svg
    assert '<title id="world-map-title">Published activities by State</title>' in svg
    links = re.findall(
        r'<a class="map-country" xlink:href="([^"]+)"><title>([^<]+)</title>'
        r'<path class="(map-bin-\d)" d="[^"]+"/></a>',
        svg,
    )
    assert links == [
        ("/en/countries/FRA/", "FRA: 0 published activities", "map-bin-0"),
        ("/en/countries/SVN/", "SVN: 12 published activities", "map-bin-1"),
    ]
    # other land is drawn, not linked
    assert svg.count('<path class="map-none"') == len(worldmap.geometry().paths) - 2
    assert "style=" not in svg and "fill=" not in svg  # colours by class only


def test_values_are_binned_in_the_drawing():
    hrefs = {k: f"/en/countries/{k}/" for k in ("SVN", "FRA", "DEU", "ITA")}
    values = {"SVN": 1, "FRA": 2, "DEU": 3, "ITA": 0}
    svg = str(render(values, hrefs, Bins((1, 2, 3), 3)))
    classes = dict(
        re.findall(
            r'href="/en/countries/(\w+)/"><title>[^<]*</title>'
            r'<path class="map-bin-(\d)"',
            svg,
        )
    )
    assert classes == {"SVN": "1", "FRA": "2", "DEU": "3", "ITA": "0"}


def test_titles_and_links_are_escaped():
    svg = str(
        worldmap.render(
            {},
            bins=count_bins([]),
            label_for=lambda iso3, v: "<b>&",
            href_for={"SVN": '/x"y/'}.get,
            title="T & <T>",
        )
    )
    assert "<title>&lt;b&gt;&amp;</title>" in svg
    assert 'href="/x&quot;y/"' in svg
    assert "T &amp; &lt;T&gt;" in svg


def test_the_legend_lists_no_data_each_bin_and_other_land():
    items = worldmap.legend(Bins((1, 3), 9), "None", "Not a State")
    assert [(i.css, i.label) for i in items] == [
        ("map-bin-0", "None"),
        ("map-bin-1", "1–2"),
        ("map-bin-2", "3–9"),
        ("map-none", "Not a State"),
    ]
    html = str(worldmap.legend_html(items, "Legend"))
    assert html.startswith('<ul class="map-legend" aria-label="Legend">')
    assert html.count("<li>") == 4 and '<rect class="map-bin-2"' in html
