"""Every public activity as one IATI 2.03 activity file, streamed: the
document is produced one activity at a time, so its size never matters."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.utils import timezone
from lxml import etree
from lxml.etree import SubElement

from uprtc.activities.choices import ImplementationStatus
from uprtc.activities.models import Activity
from uprtc.activities.serialize import PREFETCH, activity_dict
from uprtc.iati import mapping as m
from uprtc.iati.xml import VERSION

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BATCH = 200
# characters XML 1.0 cannot carry; a pasted control character must not
# make the whole export fail
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def public_activities() -> Iterator[Activity]:
    return (
        Activity.objects.public()
        .select_related("submitter_org")
        .prefetch_related(*PREFETCH)
        .order_by("pk")
        .iterator(chunk_size=BATCH)
    )


def export_iati() -> Iterator[bytes]:
    """The document as chunks of bytes: header, one chunk per activity, end."""
    generated = timezone.now().replace(microsecond=0).isoformat()
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<iati-activities version="{VERSION}" generated-datetime="{generated}">\n'
    ).encode()
    for activity in public_activities():
        yield etree.tostring(activity_element(activity), encoding="utf-8") + b"\n"
    yield b"</iati-activities>\n"


def _text(parent: etree._Element, tag: str, text: str, lang: str = "") -> None:
    element = SubElement(parent, tag)
    narrative = SubElement(element, "narrative")
    if lang:
        narrative.set(XML_LANG, lang)
    narrative.text = _INVALID.sub("", text)


def activity_element(activity: Activity) -> etree._Element:
    data = activity_dict(activity)
    root = etree.Element("iati-activity")
    root.set(XML_LANG, activity.language or "en")
    root.set(
        "last-updated-datetime", activity.updated_at.replace(microsecond=0).isoformat()
    )
    if activity.currency:
        root.set("default-currency", activity.currency)
    SubElement(root, "iati-identifier").text = m.identifier(
        activity.pk, activity.iati_identifier
    )
    reporting = SubElement(
        root,
        "reporting-org",
        ref=settings.IATI_PUBLISHER_REF,
        type=m.REPORTING_ORG_TYPE,
        # uprtc republishes what organisations reported to it
        **{"secondary-reporter": "1"},
    )
    SubElement(reporting, "narrative").text = settings.IATI_PUBLISHER_NAME
    _text(root, "title", activity.title)
    _text(root, "description", activity.description)
    root[-1].set("type", "1")
    _participants(root, activity)
    status = activity.implementation_status or _status_from_dates(activity)
    SubElement(root, "activity-status", code=m.STATUS_CODE[status])
    _dates(root, activity, status)
    _countries(root, activity)
    SubElement(
        root, "sector", code=m.HUMAN_RIGHTS_SECTOR, vocabulary="1", percentage="100"
    )
    _tags(root, activity)
    if activity.cooperation_type in m.COLLABORATION_CODE:
        SubElement(
            root,
            "collaboration-type",
            code=m.COLLABORATION_CODE[activity.cooperation_type],
        )
    _budget(root, activity)
    for url in [*activity.links, data["url"]]:
        _link(root, url, page=url == data["url"])
    return root


def _participants(root: etree._Element, activity: Activity) -> None:
    people = list(activity.participants.all())
    # public_name / public_iati_ref: an anonymous CSO is neither named nor
    # identified by its IATI organisation identifier
    rows = [(p.display_name, p.role, p.public_iati_ref, p.organization) for p in people]
    if not rows and activity.submitter_org:
        org = activity.submitter_org
        rows = [(org.public_name, "provider", org.public_iati_ref, org)]
    for name, role, ref, org in rows:
        element = SubElement(root, "participating-org", role=m.ROLE_CODE[role])
        ref = ref or (org.public_iati_ref if org else "")
        if ref:
            element.set("ref", ref)
        if org is not None and org.org_type in m.ORG_TYPE_CODE:
            element.set("type", m.ORG_TYPE_CODE[org.org_type])
        SubElement(element, "narrative").text = _INVALID.sub("", name)


def _status_from_dates(activity: Activity) -> str:
    """IATI requires a status; without ours, the dates say the most."""
    today = timezone.localdate()
    if activity.start_date and activity.start_date > today:
        return ImplementationStatus.PIPELINE
    if activity.end_date and activity.end_date < today:
        return ImplementationStatus.CLOSED
    return ImplementationStatus.IMPLEMENTATION


def _first_day(activity: Activity) -> dt.date:
    """IATI requires a date; without ours, the day it was published."""
    when = activity.start_date
    return when or timezone.localdate(activity.published_at or activity.created_at)


def _dates(root: etree._Element, activity: Activity, status: str) -> None:
    today = timezone.localdate()
    start = _first_day(activity)
    kind = m.ACTUAL_START if start <= today else m.PLANNED_START
    SubElement(root, "activity-date", type=kind, **{"iso-date": start.isoformat()})
    end = activity.end_date
    if end:
        kind = m.ACTUAL_END if end <= today and status in m.ENDED else m.PLANNED_END
        SubElement(root, "activity-date", type=kind, **{"iso-date": end.isoformat()})


def _countries(root: etree._Element, activity: Activity) -> None:
    codes = sorted(c.country.iso2 for c in activity.consents.all())
    if not codes:
        return
    # shares that add up to exactly 100, as IATI requires
    share = (Decimal(100) / len(codes)).quantize(Decimal("0.01"), ROUND_DOWN)
    last = Decimal(100) - share * (len(codes) - 1)
    for number, code in enumerate(codes, start=1):
        value = last if number == len(codes) else share
        SubElement(
            root, "recipient-country", code=code, percentage=f"{value.normalize():f}"
        )


def _tag(
    root: etree._Element, vocabulary: str, code: str, uri: str = "", text: str = ""
) -> None:
    element = SubElement(root, "tag", code=code, vocabulary=vocabulary)
    if uri:
        element.set("vocabulary-uri", uri)
    if text:
        narrative = SubElement(element, "narrative")
        narrative.set(XML_LANG, "en")
        narrative.text = _INVALID.sub("", text)


def _tags(root: etree._Element, activity: Activity) -> None:
    for goal in activity.sdg_goals.all():
        _tag(root, m.TAG_SDG_GOAL, str(goal.number))
    for target in activity.sdg_targets.all():
        _tag(root, m.TAG_SDG_TARGET, target.code)
    for theme in activity.themes.all():
        _tag(root, m.TAG_OWN, theme.slug, m.themes_uri(), theme.name_en)
    for rec in activity.recommendations.all():
        _tag(root, m.TAG_OWN, str(rec.pk), m.recommendations_uri(), m.rec_label(rec))


def _budget(root: etree._Element, activity: Activity) -> None:
    if activity.budget is None or not activity.currency:
        return
    start = _first_day(activity)
    end = (
        activity.end_date if activity.end_date and activity.end_date >= start else None
    )
    end = end or start + dt.timedelta(days=364)
    budget = SubElement(root, "budget", type="1", status="1")
    SubElement(budget, "period-start", **{"iso-date": start.isoformat()})
    SubElement(budget, "period-end", **{"iso-date": end.isoformat()})
    value = SubElement(
        budget, "value", currency=activity.currency, **{"value-date": start.isoformat()}
    )
    value.text = f"{activity.budget:f}"


def _link(root: etree._Element, url: str, page: bool) -> None:
    link = SubElement(root, "document-link", url=url, format="text/html")
    title = "Public page in uprtc" if page else "Link given by the submitter"
    _text(link, "title", title, "en")
    SubElement(link, "category", code=m.PAGE_CATEGORY)
