"""Regional and global IATI activities: drafts until a moderator names their
States, then consent as usual; never published without States and consent."""

import pytest

from uprtc.activities import consent, services
from uprtc.activities.choices import ConsentStatus
from uprtc.activities.models import Activity
from uprtc.actors.models import Role
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.countries.models import Country
from uprtc.iati import regional
from uprtc.iati.models import IatiRecord
from uprtc.iati.services import import_iati
from uprtc.iati.tests.test_lenient_import import activity, document

pytestmark = pytest.mark.django_db
AFRICA = '<recipient-region code="298" vocabulary="1"/>\n'


def regional_draft(title="Judges of the region and the Istanbul Protocol"):
    report = import_iati(
        document(activity(title=title, recipients=AFRICA)),
        actor="test",
        file_name="r.xml",
    )
    assert report.counts()["needs_states"] == 1
    return Activity.objects.get(pk=report.imported[0])


def test_a_regional_activity_is_a_draft_needing_states():
    draft = regional_draft()
    assert draft.review == "draft" and not draft.consents.exists()
    assert IatiRecord.objects.get(activity=draft).states_needed
    assert regional.needs_states(draft)


def test_strictly_a_regional_activity_is_rejected_as_before():
    report = import_iati(
        document(activity(recipients=AFRICA)),
        actor="test",
        file_name="r.xml",
        strict=True,
    )
    assert report.counts()["rejected"] == 1
    assert "no recipient country" in report.rejected[0]


def test_states_are_suggested_from_region_text_and_participants():
    draft = regional_draft(title="Judges of Kenya and Mali; juges du Sénégal")
    suggested = {c.iso3: why for c, why in regional.suggest_states(draft)}
    assert "named in the text" in suggested["KEN"]
    assert "named in the text" in suggested["SEN"]  # French, with its accent
    assert "member of the recipient region" in suggested["NGA"]  # Africa
    assert "country of a participating organization" in suggested["SWE"]  # SE-0
    assert "FRA" not in suggested
    assert list(suggested)[0] in {"KEN", "MLI", "SEN"}  # named ones first


def test_names_in_finds_names_in_every_script():
    names = regional._country_names()
    slovenia = Country.objects.get(iso3="SVN").pk
    assert slovenia in regional.names_in("Судьи Словения", names)
    assert slovenia in regional.names_in("斯洛文尼亚的法官", names)
    assert not regional.names_in("Nigerian judges", {"niger": 1})


def test_m49_codes_of_dac_and_m49_regions():
    assert regional.m49_codes([("1", "298"), ("2", "5"), ("1", "998")]) == [
        "002",
        "005",
    ]


def test_it_is_never_published_without_states_and_their_consent(personas):
    draft = regional_draft()
    member = personas.factory.make_member(draft.submitter_org, Role.CONTRIBUTOR)
    with pytest.raises(DomainError):
        services.submit_activity(member, draft)
    with pytest.raises(NotAllowed):
        regional.choose_states(member, draft, [Country.objects.get(iso3="SVN")])
    regional.choose_states(personas.reviewer, draft, [Country.objects.get(iso3="SVN")])
    assert not IatiRecord.objects.get(activity=draft).states_needed
    services.submit_activity(member, draft)
    services.approve_submission(personas.reviewer, draft)
    (asked,) = draft.consents.all()
    assert asked.status == ConsentStatus.REQUESTED
    assert not Activity.objects.public().filter(pk=draft.pk).exists()
    consent.grant_consent(personas.focal_point, draft, asked.country)
    assert Activity.objects.public().filter(pk=draft.pk).exists()


def test_approval_is_refused_without_states(personas):
    draft = regional_draft()
    Activity.objects.filter(pk=draft.pk).update(review="submitted")
    with pytest.raises(DomainError):
        services.approve_submission(personas.reviewer, draft)


def test_re_importing_keeps_the_states_a_moderator_named(personas):
    draft = regional_draft()
    regional.choose_states(personas.reviewer, draft, [Country.objects.get(iso3="SVN")])
    again = import_iati(
        document(activity(title="A new title", recipients=AFRICA)),
        actor="test",
        file_name="r.xml",
    )
    assert again.updated == [draft.pk] and again.counts()["needs_states"] == 0
    assert [c.country.iso3 for c in draft.consents.all()] == ["SVN"]


def test_the_moderator_names_states_on_the_review_page(client, personas):
    draft = regional_draft()
    client.force_login(personas.reviewer)
    page = client.get(f"/en/activities/{draft.pk}/").content.decode()
    assert "Concerned States needed" in page and 'value="NGA"' in page
    response = client.post(
        f"/en/iati/activities/{draft.pk}/states/", {"states": ["NGA", "GHA"]}
    )
    assert response.status_code == 302
    assert sorted(c.country.iso3 for c in draft.consents.all()) == ["GHA", "NGA"]
    page = client.get(f"/en/activities/{draft.pk}/").content.decode()
    assert "Concerned States needed" not in page


def test_only_moderators_see_the_panel_or_name_states(client, personas):
    draft = regional_draft()
    member = personas.factory.make_member(draft.submitter_org, Role.CONTRIBUTOR)
    client.force_login(member)
    page = client.get(f"/en/activities/{draft.pk}/").content.decode()
    assert "IATI provenance" not in page
    client.post(f"/en/iati/activities/{draft.pk}/states/", {"states": ["NGA"]})
    assert not draft.consents.exists()
