"""Tests of the IATI seed reader on the real shipped file and on small edge cases.

The expected values were read by hand from
``uprtc/demo/data/dportal_humanrights_subset.xml``: if the shipped subset changes,
these numbers must be re-checked, not just updated.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from uprtc.demo.iati_seed import (
    SKIP_NO_COUNTRY,
    SKIP_NO_TITLE,
    SeedOrg,
    parse_decimal,
    read_seed,
    read_seed_report,
    summary,
)

SEED = (
    Path(__file__).resolve().parent.parent / "data" / "dportal_humanrights_subset.xml"
)

# The shipped file holds 248 <iati-activity> elements (the other half of the 495
# described in SOURCE.md is held back); 32 have no ISO recipient country.
EXPECTED_RETURNED = 216
EXPECTED_SKIPPED_NO_COUNTRY = 32


@pytest.fixture(scope="module")
def report():
    """Parse the 6.5 MB file once for the whole module."""
    return read_seed_report(SEED)


@pytest.fixture(scope="module")
def by_id(report):
    """Activities by IATI identifier."""
    return {a.iati_identifier: a for a in report.activities}


def test_number_of_activities_returned_and_skipped(report):
    counts = summary(report.activities, report.skipped)
    print("iati seed:", counts)
    assert len(report.activities) == EXPECTED_RETURNED
    assert counts == {
        "n": EXPECTED_RETURNED,
        "countries": 97,
        "with_sdg": 120,
        "skipped_no_country": EXPECTED_SKIPPED_NO_COUNTRY,
    }
    assert report.skipped_count == EXPECTED_SKIPPED_NO_COUNTRY
    # DAC region code "889" (Oceania) is not a State: the activity is skipped.
    assert "AU-5-INN530-889" in report.skipped[SKIP_NO_COUNTRY]
    assert SKIP_NO_TITLE not in report.skipped


def test_read_seed_returns_the_report_activities(report):
    assert read_seed(SEED) == report.activities


def test_every_activity_has_a_title_and_two_letter_countries(report):
    for activity in report.activities:
        assert activity.title.strip(), activity.iati_identifier
        assert activity.countries, activity.iati_identifier
        assert len(activity.countries) == len(set(activity.countries))
        for code in activity.countries:
            assert re.fullmatch(r"[A-Z]{2}", code), (activity.iati_identifier, code)


def test_identifiers_are_unique_and_fields_well_formed(report):
    identifiers = [a.iati_identifier for a in report.activities]
    assert len(identifiers) == len(set(identifiers))
    for activity in report.activities:
        assert activity.reporting_org.role == "provider"
        assert activity.reporting_org.name
        assert len(activity.description) <= 4000
        assert len(activity.links) <= 3
        assert re.fullmatch(r"[a-z]{2}", activity.language)
        assert all(re.fullmatch(r"\d{5}", code) for code in activity.dac_sectors)
        assert all(1 <= goal <= 17 for goal in activity.sdg_goals)
        assert (activity.budget is None) == (activity.currency == "")


def test_known_activity_is_parsed_exactly(by_id):
    activity = by_id["XM-DAC-41114-OUTPUT-00104411"]
    assert activity.title == "Inclusive Development"
    assert activity.description == (
        "Improved public sector management supporting poverty reduction, social "
        "inclusion and gender equality is promoted through responsive strategies"
    )
    assert activity.language == "en"
    assert activity.countries == ["MU"]
    # Five revised (type 2) yearly budgets, 2017-2021.
    assert activity.budget == Decimal("3759418")
    assert activity.currency == "USD"
    # Actual start (type 2) wins over planned start; no actual end, so planned.
    assert activity.start_date == date(2017, 2, 20)
    assert activity.end_date == date(2021, 12, 31)
    # sector vocabulary 8 and tag vocabulary 3 both say 1.3, 1.B, 16.7.
    assert activity.sdg_targets == ["1.3", "1.b", "16.7"]
    assert activity.sdg_goals == [1, 16]
    assert activity.dac_sectors == ["15170"]
    assert activity.status == "2"
    assert activity.collaboration_type == "4"
    assert activity.links == ["http://open.undp.org/projects/00102319"]
    assert activity.reporting_org == SeedOrg(
        name="United Nations Development Programme",
        role="provider",
        ref="XM-DAC-41114",
        iati_type="40",
    )
    assert [(p.role, p.ref) for p in activity.participants] == [
        ("funder", "AU-5"),
        ("funder", "00159"),
        ("implementer", "01947"),
        ("funder", "XM-DAC-41114"),
        ("funder", "41119"),
    ]


def test_upper_case_targets_come_out_lower_case(report, by_id):
    assert by_id["SE-0-SE-6-5403055701-SLV-15170"].sdg_targets == [
        "1.1",
        "2.3",
        "5.a",
        "11.1",
        "13.1",
        "15.2",
        "17.17",
    ]
    assert by_id["SE-0-SE-6-5403055701-SLV-15170"].sdg_goals == [
        1,
        2,
        5,
        11,
        13,
        15,
        17,
    ]
    targets = {t for a in report.activities for t in a.sdg_targets}
    assert {"1.b", "5.a", "5.c", "16.b"} <= targets
    assert not any(re.search(r"[A-Z]", t) for t in targets)


def test_english_title_is_preferred_over_an_earlier_french_one(by_id):
    activity = by_id["CA-3-P003088002"]
    assert activity.title.startswith("Women’s Voice and Leadership")
    assert activity.language == "en"
    assert activity.countries == ["NG"]
    assert activity.start_date == date(2020, 7, 16)
    assert len(activity.links) == 3


def test_activity_only_in_spanish_keeps_spanish(by_id):
    activity = by_id["ES-DIR3-EA0035768-Z02-20-P1-01800"]
    assert activity.language == "es"
    assert activity.title.startswith("Promoción de la equidad de género")
    assert activity.description.startswith("Promoción de la equidad de género")
    # No default-currency on the activity: taken from budget/value/@currency.
    assert activity.currency == "EUR"
    assert activity.budget == Decimal("318611")
    assert activity.sdg_targets == ["5.5"]
    assert activity.sdg_goals == [5]
    assert activity.start_date == date(2020, 1, 1)  # planned, no actual start
    assert activity.end_date == date(2023, 1, 31)
    # participating-org/@xml:lang="ES" but narrative xml:lang="EN": the name stays.
    assert {p.name for p in activity.participants} == {
        "AECID",
        "ASAMBLEA DE COOPERACIÓN POR LA PAZ",
    }


def test_revised_budget_replaces_the_original_of_the_same_period(by_id):
    # 2021: revised 1,164,472 and original 1,360,000; only the revision counts.
    assert by_id["XM-DAC-41146-NGA_D_2.8"].budget == Decimal("1164472")


@pytest.mark.parametrize("limit", [1, 5, 40])
def test_limit_stops_after_that_many_activities(report, limit):
    activities = read_seed(SEED, limit=limit)
    assert len(activities) == limit
    assert activities == report.activities[:limit]


def test_limit_zero_returns_nothing():
    assert read_seed(SEED, limit=0) == []


# ----------------------------------------------------------- synthetic cases

EDGE_CASES = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="usd">
  <iati-identifier> XX-1 </iati-identifier>
  <reporting-org ref="XX" type="21"/>
  <title><narrative>  A   plain
   title </narrative></title>
  <description type="2"><narrative>Objectives</narrative></description>
  <description><narrative>General   text</narrative></description>
  <participating-org role="1"/>
  <participating-org role="9"><narrative>Unknown role</narrative></participating-org>
  <participating-org role="2" ref="P"><narrative>Partner</narrative></participating-org>
  <activity-date type="1" iso-date="2020-13-45"/>
  <activity-date type="4" iso-date="2022-06-30T00:00:00"/>
  <recipient-country code="ke"/>
  <recipient-country code="KE"/>
  <recipient-country code="889"/>
  <recipient-country code="TZ"/>
  <sector code="151" vocabulary="2"/>
  <sector code="15160"/>
  <sector code="5" vocabulary="7"/>
  <sector code="18" vocabulary="7"/>
  <tag code="16.10" vocabulary="3"/>
  <tag code="16.A" vocabulary="3"/>
  <tag code="16.2" vocabulary="3"/>
  <tag code="x.y" vocabulary="3"/>
  <budget><value>1e-10</value></budget>
  <budget><value>NaN</value></budget>
  <budget><value>1,000</value></budget>
  <budget><value>100</value></budget>
  <document-link url="http://a"/><document-link url="http://a"/>
  <document-link url="http://b"/><document-link url="http://c"/>
  <document-link url="http://d"/>
 </iati-activity>
 <iati-activity>
  <iati-identifier>XX-2</iati-identifier>
  <title><narrative xml:lang="fr">Sans pays</narrative></title>
  <recipient-region code="289"/>
 </iati-activity>
 <iati-activity>
  <iati-identifier>XX-3</iati-identifier>
  <title/>
  <recipient-country code="FR"/>
 </iati-activity>
 <iati-activity xml:lang="de">
  <iati-identifier>XX-4</iati-identifier>
  <title><narrative>Titel</narrative><narrative xml:lang="fr">Titre</narrative></title>
  <description><narrative xml:lang="fr">Texte</narrative></description>
  <recipient-country code="CM"/>
  <budget><value currency="EUR">1</value></budget>
  <budget><value currency="XAF">2</value></budget>
 </iati-activity>
</iati-activities>
"""


@pytest.fixture
def edge_report(tmp_path):
    path = tmp_path / "edge.xml"
    path.write_text(EDGE_CASES, encoding="utf-8")
    return read_seed_report(path)


def test_edge_cases_are_tolerated_and_skips_counted(edge_report):
    assert [a.iati_identifier for a in edge_report.activities] == ["XX-1", "XX-4"]
    assert edge_report.skipped == {SKIP_NO_COUNTRY: ["XX-2"], SKIP_NO_TITLE: ["XX-3"]}
    assert summary(edge_report.activities) == {"n": 2, "countries": 3, "with_sdg": 1}


def test_edge_case_values(edge_report):
    activity = edge_report.activities[0]
    assert activity.title == "A plain title"
    assert activity.language == "en"  # no xml:lang anywhere
    assert activity.description == "General text"  # untyped before type 2
    assert activity.countries == ["KE", "TZ"]
    assert activity.reporting_org.name == "XX"  # ref stands in for a missing name
    assert [(p.role, p.name) for p in activity.participants] == [("partner", "Partner")]
    assert activity.start_date is None
    assert activity.end_date == date(2022, 6, 30)
    assert activity.budget == Decimal("100") + Decimal("1e-10")
    assert activity.currency == "USD"
    assert activity.dac_sectors == ["15160"]
    assert activity.sdg_goals == [5, 16]
    assert activity.sdg_targets == ["16.2", "16.10", "16.a"]
    assert activity.links == ["http://a", "http://b", "http://c"]


def test_non_english_activity_and_mixed_currencies(edge_report):
    activity = edge_report.activities[1]
    assert (activity.title, activity.language) == ("Titel", "de")
    assert activity.description == "Texte"  # the only one, though in French
    # EUR and XAF cannot be added without exchange rates.
    assert (activity.budget, activity.currency) == (None, "")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1e-10", Decimal("1e-10")),
        ("-2E-10", Decimal("-2e-10")),
        (" 12.50 ", Decimal("12.50")),
        ("", None),
        (None, None),
        ("NaN", None),
        ("Infinity", None),
        ("1,000", None),
        ("abc", None),
    ],
)
def test_parse_decimal_never_raises(raw, expected):
    assert parse_decimal(raw) == expected
