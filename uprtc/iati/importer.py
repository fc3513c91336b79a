"""Reading an IATI activity file: each ``<iati-activity>`` is checked on its
own (schema, then codelists), then mapped by the demo's tolerant reader
(``uprtc.demo.iati_seed``) and turned into ``ActivityData``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from uprtc.activities.choices import IATI_STATUS
from uprtc.activities.services import ActivityData
from uprtc.actors.models import Organization
from uprtc.countries.models import Country
from uprtc.demo.activities import COLLABORATION, type_and_state
from uprtc.demo.iati_seed import (
    SKIP_NO_COUNTRY,
    SeedActivity,
    SeedOrg,
    parse_activity,
)
from uprtc.iati import mapping as m
from uprtc.iati import xml
from uprtc.iati.codelists import Codelists
from uprtc.recommendations.models import Recommendation
from uprtc.taxonomies.models import SdgGoal, SdgTarget, Theme

SHOWN_PROBLEMS = 3


@dataclass
class Entry:
    """One ``<iati-activity>`` of the file: usable (``seed``) or not."""

    line: int
    identifier: str
    seed: SeedActivity | None = None
    secondary_reporter: bool = False
    problems: list[xml.Problem] = field(default_factory=list)
    # lenient import: schema or codelist errors in parts uprtc does not read
    warnings: list[xml.Problem] = field(default_factory=list)
    # recipient-region (vocabulary, code) pairs; no recipient country at all
    # means the moderator must name the concerned States
    regions: list[tuple[str, str]] = field(default_factory=list)
    states_needed: bool = False
    xml_hash: str = ""
    publisher: str = ""
    filtered_out: bool = False  # left out by a harvest's filter

    def reason(self) -> str:
        return "; ".join(
            (_("line %(line)s") % {"line": p.line} + ": " if p.line else "") + p.message
            for p in self.problems[:SHOWN_PROBLEMS]
        )


def read(data: xml.Source, strict: bool = False) -> list[Entry]:
    """Every activity of the file, checked (tests and small files)."""
    xml.check_file(data)
    return list(entries(data, strict=strict))


def entries(
    source: xml.Source,
    strict: bool = False,
    keep: Callable[[etree._Element], bool] | None = None,
) -> Iterator[Entry]:
    """Each activity of the file in turn, checked, streaming. Call
    ``xml.check_file`` first so that a file that is not XML is refused
    before anything is written. ``keep`` (a harvest's filter) says which
    activities to read at all."""
    codelists = Codelists()
    for element in xml.iter_activities(source):
        if keep is not None and not keep(element):
            yield Entry(
                line=element.sourceline or 0,
                identifier=(element.findtext("iati-identifier") or "").strip(),
                filtered_out=True,
            )
            continue
        yield _entry(element, codelists, strict)


def _entry(element: etree._Element, codelists: Codelists, strict: bool) -> Entry:
    reporter = element.find("reporting-org")
    entry = Entry(
        line=element.sourceline or 0,
        identifier=" ".join((element.findtext("iati-identifier") or "").split()),
        secondary_reporter=reporter is not None
        and reporter.get("secondary-reporter") in ("1", "true"),
        # as the publisher wrote it (C14N fails on some real namespaces)
        xml_hash=hashlib.sha256(etree.tostring(element, with_tail=False)).hexdigest(),
        publisher=(reporter.get("ref") or "").strip() if reporter is not None else "",
    )
    schema_problems = xml.activity_problems(element)
    if strict:
        # today's rule: any schema error rejects, codelists checked after
        entry.problems = schema_problems or codelists.problems(element)
        if entry.problems:
            return entry
    found = [] if strict else schema_problems + codelists.problems(element)
    if found:
        blocking = xml.blocking_problems(element) + [p for p in found if p.mapped]
        if blocking:
            entry.problems = _unique(blocking)
            return entry
        entry.warnings = found
    parsed = parse_activity(element, whole=True, need_country=strict)
    if isinstance(parsed, str):
        message = (
            _("no recipient country: uprtc needs at least one concerned State")
            if parsed == SKIP_NO_COUNTRY
            else _("no title")
        )
        entry.problems = [xml.Problem(entry.line, message)]
        return entry
    entry.seed = parsed
    entry.regions = [
        ((r.get("vocabulary") or "1").strip(), (r.get("code") or "").strip())
        for r in element.findall("recipient-region")
    ]
    entry.states_needed = not parsed.countries
    return entry


def _unique(problems: list[xml.Problem]) -> list[xml.Problem]:
    """The pruned copy repeats the errors of the whole activity."""
    seen: dict[tuple[int | None, str], xml.Problem] = {}
    for problem in problems:
        seen.setdefault((problem.line, problem.message), problem)
    return sorted(seen.values(), key=lambda p: p.line or 0)


# ------------------------------------------------------------ organizations


def organization(org: SeedOrg) -> Organization:
    """The Organization of an IATI organisation: by IATI identifier, then by
    name, else a new one (a government becomes a State when its registry
    prefix names one)."""
    if org.ref:
        found = Organization.objects.filter(iati_ref=org.ref[:100]).first()
        if found:
            return found
    found = Organization.objects.filter(name=org.name[:250]).order_by("pk").first()
    if found:
        return found
    org_type, country = type_and_state(org)
    return Organization.objects.create(
        name=org.name[:250], org_type=org_type, country=country, iati_ref=org.ref[:100]
    )


def submitting_org(entry: Entry) -> Organization:
    """The reporting organisation; when it only republishes (secondary
    reporter, as uprtc's own export does), the first extending organisation."""
    seed = entry.seed
    assert seed is not None
    providers = [p for p in seed.participants if p.role == "provider"]
    if entry.secondary_reporter and providers:
        return organization(providers[0])
    return organization(seed.reporting_org)


# ------------------------------------------------------------------ data


def activity_data(seed: SeedActivity, warnings: list[str]) -> ActivityData:
    """What uprtc keeps of an activity; what it cannot place goes to ``warnings``."""
    countries = list(Country.objects.filter(iso2__in=seed.countries))
    unknown = set(seed.countries) - {c.iso2 for c in countries}
    if unknown:
        warnings.append(
            _("recipient countries not in uprtc, left out: %(codes)s")
            % {"codes": ", ".join(sorted(unknown))}
        )
    m2m: dict[str, list[Any]] = {
        "sdg_goals": list(SdgGoal.objects.filter(number__in=seed.sdg_goals)),
        "sdg_targets": list(SdgTarget.objects.filter(code__in=seed.sdg_targets)),
    }
    m2m.update(_own_tags(seed, warnings))
    return ActivityData(
        title=seed.title[:500],
        # IATI allows a description to be absent in practice; ours is required
        description=seed.description or seed.title,
        concerned_states=countries,
        scalars={
            "language": seed.language[:10],
            "iati_identifier": seed.iati_identifier[:200],
            "implementation_status": IATI_STATUS.get(seed.status, ""),
            "cooperation_type": COLLABORATION.get(seed.collaboration_type, ""),
            "start_date": seed.start_date,
            "end_date": seed.end_date,
            # stored with cents: an unrounded value would differ on every re-import
            "budget": _cents(seed.budget) if seed.currency else None,
            "currency": seed.currency if seed.budget is not None else "",
            "links": [u for u in seed.links if not _own_page(u)],
        },
        m2m=m2m,
        participants=[
            # by name only: linking to an Organization would depend on which
            # organizations exist, and a re-import must find the same data
            {
                "organization": None,
                "name": p.name,
                "role": p.role,
                "iati_ref": p.ref,
            }
            for p in seed.participants
        ]
        or None,
    )


def _cents(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _own_page(url: str) -> bool:
    """Our export links each activity's public page; it is not a link of the
    activity and would point to the wrong place after an import."""
    return url.startswith(settings.SITE_URL + "/") and "/activities/" in url


def _own_tags(seed: SeedActivity, warnings: list[str]) -> dict[str, list[Any]]:
    """Themes and UPR recommendations from uprtc's own tag vocabularies; only
    a file that carries them changes them."""
    themes, recs, lost = [], [], []
    for vocabulary, code, uri, text in seed.tags:
        if vocabulary != m.TAG_OWN:
            continue
        if uri.endswith(m.themes_path()):
            theme = Theme.objects.filter(slug=code).first()
            themes.append(theme) if theme else lost.append(code)
        elif uri.endswith(m.recommendations_path()):
            rec = _recommendation(code, uri, text)
            recs.append(rec) if rec else lost.append(text or code)
    if lost:
        warnings.append(
            _("themes or recommendations not found, left out: %(codes)s")
            % {"codes": ", ".join(lost)}
        )
    found: dict[str, list[Any]] = {}
    if themes or any(t[2].endswith(m.themes_path()) for t in seed.tags):
        found["themes"] = themes
    if recs or any(t[2].endswith(m.recommendations_path()) for t in seed.tags):
        found["recommendations"] = recs
    return found


def _recommendation(code: str, uri: str, text: str) -> Recommendation | None:
    """By document symbol and paragraph, which every instance shares; by
    number only when the file is our own."""
    symbol, paragraph = m.parse_rec_label(text)
    if symbol:
        found = Recommendation.objects.filter(
            document_symbol=symbol, paragraph=paragraph
        ).first()
        if found:
            return found
    if uri == m.recommendations_uri() and code.isdigit():
        return Recommendation.objects.filter(pk=int(code)).first()
    return None
