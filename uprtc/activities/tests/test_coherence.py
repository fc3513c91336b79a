"""A recommendation is addressed to its State under review: linking it to an
activity that does not concern that State is refused where people link
(form, upload, API) and flagged where moderators review."""

import pytest

from uprtc.activities import coherence
from uprtc.activities.inputs import activity_data
from uprtc.activities.models import Activity
from uprtc.activities.tests.builders import submitted
from uprtc.core.errors import DomainError
from uprtc.countries.models import Country
from uprtc.opendata.tests.builders import recommendation

pytestmark = pytest.mark.django_db


def test_only_recommendations_of_other_states_are_addressed_elsewhere(personas):
    svn, nga = Country.objects.get(iso3="SVN"), Country.objects.get(iso3="NGA")
    a, b = recommendation("SVN"), recommendation("NGA")
    assert coherence.addressed_elsewhere([a, b], [nga]) == [a]
    assert coherence.addressed_elsewhere([a, b], [svn, nga]) == []


def test_the_form_refuses_a_slovenia_recommendation_on_a_nigeria_activity(
    client, personas, cso_form
):
    rec = recommendation("SVN", "Ratify the Optional Protocol")
    response = cso_form(
        "/en/activities/new/",
        {
            "title": "Judges in Abuja",
            "description": "Workshops",
            "language": "en",
            "concerned_states": ["NGA"],
            "recommendations": [rec.pk],
            "save": "1",
        },
    )
    assert not Activity.objects.exists()
    (error,) = response.context["form"].errors["recommendations"]
    assert error.startswith(f"SVN {rec.paragraph} (3) is addressed to Slovenia")


def test_uploads_and_the_api_refuse_it_naming_the_column(personas):
    rec = recommendation("SVN")
    with pytest.raises(DomainError) as refused:
        activity_data(
            {
                "title": "t",
                "description": "d",
                "concerned_states": ["NGA"],
                "recommendations": [rec.pk],
            }
        )
    assert refused.value.field == "recommendations"


def test_the_moderator_sees_an_earlier_incoherent_link_flagged(client, personas):
    activity = submitted(personas, states=("NGA",))
    rec = recommendation("SVN", "Ratify the Optional Protocol")
    activity.recommendations.add(rec)
    client.force_login(personas.reviewer)
    page = client.get(f"/en/activities/{activity.pk}/").content.decode()
    assert "Recommendations addressed to a State that is not concerned" in page
    assert "addressed to Slovenia, which is not among the concerned States" in page


def test_an_empty_finder_says_so(client, personas):
    client.force_login(personas.submitter)
    page = client.post(
        "/en/activities/new/",
        {"find": "1", "find_state": "SVN", "find_text": "zzzunfindable"},
    ).content.decode()
    assert "No recommendation matches" in page
    recommendation("SVN", "Ratify the Optional Protocol")
    page = client.post(
        "/en/activities/new/",
        {"find": "1", "find_state": "SVN", "find_text": "optional"},
    ).content.decode()
    assert "1 recommendation found" in page
