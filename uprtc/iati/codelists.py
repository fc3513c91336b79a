"""Codelist checks the XSD cannot make: is each code one of the official IATI
codes (held in ``CodelistItem``)? Only the elements uprtc reads or that tell
whether an activity is sound are checked."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from lxml import etree

from uprtc.iati import lenient
from uprtc.iati.xml import Problem
from uprtc.taxonomies.models import CodelistItem

SECTOR_VOCABULARIES = {
    "1": "Sector",
    "2": "SectorCategory",
    "7": "UNSDG-Goals",
    "8": "UNSDG-Targets",
}
TAG_VOCABULARIES = {"2": "UNSDG-Goals", "3": "UNSDG-Targets"}
# (XPath relative to the activity, attribute, codelist)
PLAIN = (
    ("recipient-country", "code", "Country"),
    ("activity-status", "code", "ActivityStatus"),
    ("activity-date", "type", "ActivityDateType"),
    ("reporting-org", "type", "OrganisationType"),
    ("participating-org", "role", "OrganisationRole"),
    ("participating-org", "type", "OrganisationType"),
    ("sector", "vocabulary", "SectorVocabulary"),
    ("tag", "vocabulary", "TagVocabulary"),
    ("budget", "type", "BudgetType"),
    ("collaboration-type", "code", "CollaborationType"),
    ("document-link/category", "code", "DocumentCategory"),
    (".//*[@currency]", "currency", "Currency"),
    (".", "default-currency", "Currency"),
)


class Codelists:
    """The official codes, loaded once per import."""

    def __init__(self) -> None:
        self.codes: dict[str, set[str]] = {}
        for codelist, code in CodelistItem.objects.values_list("codelist", "code"):
            # SDG targets are published as 5.A as often as 5.a
            self.codes.setdefault(codelist, set()).add(code.lower())

    def knows(self, codelist: str, code: str) -> bool:
        return code.strip().lower() in self.codes.get(codelist, set())

    def problems(self, activity: etree._Element) -> list[Problem]:
        return [
            Problem(
                element.sourceline,
                _(
                    "%(path)s/@%(attribute)s %(code)r is not in the IATI "
                    "codelist %(list)s"
                )
                % {
                    "path": path if not path.startswith(".") else element.tag,
                    "attribute": attribute,
                    "code": code,
                    "list": codelist,
                },
                lenient.touches_mapped(lenient.element_segments(element), attribute),
            )
            for element, path, attribute, code, codelist in self._coded(activity)
            if not self.knows(codelist, code)
        ]

    def _coded(
        self, activity: etree._Element
    ) -> Iterator[tuple[etree._Element, str, str, str, str]]:
        for path, attribute, codelist in PLAIN:
            for element in activity.xpath(path):
                code = element.get(attribute)
                if code is not None:
                    yield element, path, attribute, code, codelist
        for tag, vocabularies in (
            ("sector", SECTOR_VOCABULARIES),
            ("tag", TAG_VOCABULARIES),
        ):
            for element in activity.findall(tag):
                default = "1" if tag == "sector" else ""
                codelist = vocabularies.get(element.get("vocabulary") or default)
                if codelist and element.get("code") is not None:
                    yield element, tag, "code", element.get("code"), codelist
