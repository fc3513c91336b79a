"""Our vocabularies ↔ IATI codes, in both directions (see README.md)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from uprtc.activities.choices import (
    IATI_STATUS,
    CooperationType,
    ImplementationStatus,
    OrgRole,
)
from uprtc.actors.models import OrgType
from uprtc.core.links import absolute_url
from uprtc.demo.iati_seed import PARTICIPANT_ROLES
from uprtc.recommendations.models import Recommendation

STATUS_CODE = {status: code for code, status in IATI_STATUS.items()}
ROLE_CODE = {role: code for code, role in PARTICIPANT_ROLES.items()}
assert set(ROLE_CODE) == set(OrgRole.values)

# OrganisationType: 10 Government, 15 Other public sector, 21/22 International /
# National NGO, 40 Multilateral, 70 Private sector, 80 Academic.
ORG_TYPE_CODE = {
    OrgType.STATE: "10",
    OrgType.UN_ENTITY: "40",
    OrgType.UN_FUND: "40",
    OrgType.INTERGOVERNMENTAL: "40",
    OrgType.REGIONAL_ORGANIZATION: "40",
    OrgType.REGIONAL_MECHANISM: "40",
    OrgType.NHRI: "15",
    OrgType.CSO: "22",
    OrgType.ACADEMIA: "80",
    OrgType.PARLIAMENT: "15",
    OrgType.PRIVATE_SECTOR: "70",
}
COLLABORATION_CODE = {
    CooperationType.BILATERAL: "1",
    CooperationType.MULTILATERAL: "2",
    CooperationType.TRIANGULAR: "8",
}
HUMAN_RIGHTS_SECTOR = "15160"
PAGE_CATEGORY = "A12"  # DocumentCategory "Activity web page"
REPORTING_ORG_TYPE = "40"
TAG_SDG_GOAL, TAG_SDG_TARGET, TAG_OWN = "2", "3", "99"
ACTUAL_START, PLANNED_START, ACTUAL_END, PLANNED_END = "2", "1", "4", "3"
ENDED = {ImplementationStatus.CLOSED, ImplementationStatus.CANCELLED}

# An IATI file has no reader whose language to follow: our vocabulary URIs
# are in English, and their path tells themes from recommendations,
# whichever uprtc instance published the file.
IATI_LANGUAGE = "en"
PARA = ", para. "


def themes_uri() -> str:
    return absolute_url(reverse("search"), IATI_LANGUAGE) + "?theme="


def recommendations_uri() -> str:
    return absolute_url(reverse("recommendations-list"), IATI_LANGUAGE)


def themes_path() -> str:
    return themes_uri().removeprefix(settings.SITE_URL)


def recommendations_path() -> str:
    return recommendations_uri().removeprefix(settings.SITE_URL)


def identifier(activity_pk: int, imported: str) -> str:
    """An imported identifier is kept: IATI forbids changing it."""
    return imported or f"{settings.IATI_PUBLISHER_REF}-{activity_pk}"


def rec_label(rec: Recommendation) -> str:
    """``A/HRC/39/12, para. 121.1``: how another instance finds the same one."""
    if not rec.document_symbol:
        return ""
    if not rec.paragraph:
        return rec.document_symbol
    return f"{rec.document_symbol}{PARA}{rec.paragraph}"


def parse_rec_label(text: str) -> tuple[str, str]:
    symbol, _sep, paragraph = text.partition(PARA)
    return symbol.strip(), paragraph.strip()
