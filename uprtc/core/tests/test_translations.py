"""Every interface string is translated into the five other UN languages."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
LOCALES = ["fr", "es", "ar", "zh_Hans", "ru"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|\{\{\s*\w+\s*\}\}")


def catalogue(locale: str, root: Path = PACKAGE) -> polib.POFile:
    return polib.pofile(str(root / "locale" / locale / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("locale", LOCALES)
def test_every_string_is_translated_with_its_placeholders(locale):
    po = catalogue(locale)
    assert len(po) > 100
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid}")
        forms = (
            list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        )
        if not all(forms):
            problems.append(f"untranslated: {entry.msgid}")
        wanted = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for form in forms:
            if form and set(PLACEHOLDER.findall(form)) - wanted:
                problems.append(f"unknown placeholder in {form!r}")
            # a count may be spelled out in a singular form, any other must stay
            if form and not (wanted - {"{{ counter }}"}) <= set(
                PLACEHOLDER.findall(form)
            ):
                problems.append(f"placeholder lost in {form!r}")
    assert problems == []


def test_the_catalogues_hold_every_string_of_the_sources(tmp_path):
    """Extract the strings afresh and compare with the committed catalogues, so a
    string added without a translation fails here."""
    if not shutil.which("xgettext"):
        pytest.fail("gettext is not installed (make system-deps installs it)")
    copy = tmp_path / "uprtc"
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=shutil.ignore_patterns("data", "tests", "__pycache__", "*.mo", "static"),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "fr",
            "--no-location",
            "--no-obsolete",
            "--settings",
            "uprtc.settings",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        # the copy is imported, so LOCALE_PATHS points into the copy too
        # PYTHONSAFEPATH: the working directory (the package) is not put first
        # on the path, where uprtc/statistics would hide Python's statistics
        env={
            "DEBUG": "1",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(tmp_path),
            "PYTHONSAFEPATH": "1",
        },
    )
    fresh = {(e.msgctxt, e.msgid) for e in catalogue("fr", copy)}
    for locale in LOCALES:
        committed = {(e.msgctxt, e.msgid) for e in catalogue(locale) if not e.obsolete}
        missing = sorted(m for _c, m in fresh - committed)
        assert missing == [], f"{locale}: run `make messages` and translate: {missing}"


@pytest.mark.parametrize("locale", ["fr", "es", "ru"])
def test_a_string_with_a_capital_keeps_it_in_languages_with_capitals(locale):
    """ "SDG goals" is a form label and a facet title: "objectifs de
    développement durable" shows as a lowercase label on the French form."""
    small = [
        entry.msgid
        for entry in catalogue(locale)
        if not entry.obsolete
        and entry.msgid[:1].isupper()
        and entry.msgstr[:1].islower()
    ]
    assert small == []
