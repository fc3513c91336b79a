"""Continuity across UPR cycles: proposing links, deciding them (who may,
audit), the review page without JavaScript, lineage (proposed links never
public), suggested activities, coverage split and the API field."""

from __future__ import annotations

import hashlib
import json
from io import StringIO

import pytest
from django.core.management import call_command

from uprtc.activities.tests import builders
from uprtc.core.errors import DomainError, NotAllowed
from uprtc.core.models import AuditEvent
from uprtc.countries.models import Country
from uprtc.recommendations import continuity
from uprtc.recommendations.models import (
    ContinuityLink,
    ContinuityStatus,
    Recommendation,
)

pytestmark = pytest.mark.django_db

STATELESS_2 = (
    "Accede to the 1961 Convention on the Reduction of Statelessness and take all "
    "relevant measures in order to reduce the number of stateless persons"
)
STATELESS_3 = "Consider ratifying the 1961 Convention on the Reduction of Statelessness"
TRAFFICKING_2 = (
    "Continue its efforts to combat trafficking in persons, especially women and "
    "children, by prosecuting the perpetrators"
)
TRAFFICKING_3 = (
    "Continue efforts to combat trafficking in persons, especially women and "
    "children, in particular through effective prosecution of perpetrators"
)
WATER_2 = "Guarantee access to drinking water and sanitation for Roma settlements"
CLIMATE_3 = (
    "Reflect the Paris Agreement in the next Nationally Determined Contributions"
)


def make_rec(state: str, cycle: int, paragraph: str, text: str, **kw):
    key = hashlib.sha256(f"{state}{cycle}{paragraph}".encode()).hexdigest()
    return Recommendation.objects.create(
        state_under_review=Country.objects.get(iso3=state),
        cycle=cycle,
        paragraph=paragraph,
        text=text,
        response=kw.pop("response", "supported"),
        source="ohchr-docx",
        source_key=key,
        content_hash=key,
        **kw,
    )


@pytest.fixture
def recs(personas):
    return {
        "c2": make_rec("SVN", 2, "115.17", STATELESS_2),
        "c3": make_rec("SVN", 3, "122.5", STATELESS_3),
        "c2b": make_rec("SVN", 2, "115.124", TRAFFICKING_2),
        "c3b": make_rec("SVN", 3, "122.78", TRAFFICKING_3),
    }


@pytest.fixture
def proposed(recs):
    """Two proposals, as ``propose_continuity`` would write them."""
    return {
        "a": ContinuityLink.objects.create(
            earlier=recs["c2"],
            later=recs["c3"],
            score=0.81,
            reasons=[{"code": "wording", "percent": 74}],
        ),
        "b": ContinuityLink.objects.create(
            earlier=recs["c2b"],
            later=recs["c3b"],
            score=0.77,
            reasons=[{"code": "meaning", "percent": 90}],
        ),
    }


# ---- proposing -------------------------------------------------------------


def test_a_new_cycle_is_linked_to_what_it_continues_and_nothing_else(personas):
    """Real e5 vectors: the reworded requests are found, the unrelated not."""
    c2 = make_rec("SVN", 2, "115.17", STATELESS_2)
    c2b = make_rec("SVN", 2, "115.124", TRAFFICKING_2)
    make_rec("SVN", 2, "115.139", WATER_2)
    c3 = make_rec("SVN", 3, "122.5", STATELESS_3)
    c3b = make_rec("SVN", 3, "122.78", TRAFFICKING_3)
    climate = make_rec("SVN", 3, "122.65", CLIMATE_3)
    make_rec("FRA", 2, "120.1", STATELESS_2)  # another State: never a candidate

    summary = continuity.propose_continuity("SVN", 3, actor="test")

    pairs = set(ContinuityLink.objects.values_list("later_id", "earlier_id"))
    assert pairs == {(c3.pk, c2.pk), (c3b.pk, c2b.pk)}
    assert not ContinuityLink.objects.filter(later=climate).exists()
    assert summary.as_dict()["with_proposals"] == 2
    link = ContinuityLink.objects.get(later=c3)
    assert link.status == ContinuityStatus.PROPOSED
    assert {"code": "instruments", "names": ["Statelessness conventions"]} in (
        link.reasons
    )
    assert AuditEvent.objects.filter(
        action="recommendations.continuity.proposed"
    ).exists()

    # rerun: a decided link stays as decided
    continuity.confirm_link(personas.reviewer, link)
    again = continuity.propose_continuity("SVN", 3)
    assert again.kept == 1
    assert ContinuityLink.objects.get(pk=link.pk).status == "confirmed"


def test_the_first_cycle_continues_nothing(recs):
    assert continuity.propose_continuity("SVN", 2).proposed == 0
    with pytest.raises(DomainError) as exc:
        continuity.propose_continuity("XXX", 3)
    assert exc.value.field == "state"


def test_importing_a_new_cycle_enqueues_the_proposals(personas, monkeypatch):
    from uprtc.core import tasks
    from uprtc.recommendations.importers import ohchr_docx
    from uprtc.recommendations.services import import_recommendations
    from uprtc.recommendations.tests.test_import_ohchr_docx import CYCLE2

    asked = []
    monkeypatch.setattr(tasks, "enqueue", lambda name, **kw: asked.append((name, kw)))
    make_rec("SVN", 3, "122.5", STATELESS_3)  # a later cycle is already there
    import_recommendations(ohchr_docx.parse(CYCLE2), source="ohchr-docx")
    assert ("recommendations.propose_continuity", {"state": "SVN", "cycle": 3}) in (
        asked
    )


def test_the_command_prints_its_summary(recs):
    out = StringIO()
    call_command("propose-continuity", "--state", "SVN", "--cycle", "3", stdout=out)
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert summary["later"] == 2 and summary["with_proposals"] == 2


# ---- deciding --------------------------------------------------------------


def test_the_focal_point_confirms_and_rejects_in_bulk_each_audited(personas, proposed):
    a, b = proposed["a"], proposed["b"]
    continuity.confirm_many(personas.focal_point, [a.pk])
    continuity.reject_many(personas.focal_point, [b.pk])
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, a.decided_by) == ("confirmed", personas.focal_point)
    assert b.status == "rejected" and b.decided_at is not None
    events = AuditEvent.objects.filter(action__startswith="recommendations.continuity.")
    confirmed = events.get(action="recommendations.continuity.confirmed")
    assert confirmed.actor == personas.focal_point
    assert confirmed.before == {"status": "proposed"}
    assert confirmed.data["earlier"] == a.earlier_id
    assert events.filter(action="recommendations.continuity.rejected").count() == 1


def test_a_moderator_may_decide_for_any_state(personas, proposed):
    links = continuity.decide_links(
        personas.reviewer, [proposed["a"].pk, proposed["b"].pk], "confirm"
    )
    assert {link.status for link in links} == {"confirmed"}


@pytest.mark.parametrize("who", ["other_state", "submitter", "outsider"])
def test_nobody_else_decides_and_nothing_changes(personas, proposed, who):
    with pytest.raises(NotAllowed):
        continuity.confirm_many(getattr(personas, who), [proposed["a"].pk])
    assert ContinuityLink.objects.filter(status="proposed").count() == 2
    assert not AuditEvent.objects.filter(
        action="recommendations.continuity.confirmed"
    ).exists()


def test_a_decision_needs_a_selection_and_a_known_verb(personas, proposed):
    with pytest.raises(DomainError) as exc:
        continuity.decide_links(personas.focal_point, [], "confirm")
    assert exc.value.field == "links"
    with pytest.raises(DomainError) as exc:
        continuity.decide_links(personas.focal_point, [proposed["a"].pk], "maybe")
    assert exc.value.field == "decision"


# ---- the review page, without JavaScript ------------------------------------


def test_the_focal_point_reviews_and_confirms_selected_links(
    client, personas, proposed
):
    client.force_login(personas.focal_point)
    page = client.get("/en/recommendations/continuity/SVN/").content.decode()
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert STATELESS_2 in page and STATELESS_3 in page  # side by side
    assert 'name="link"' in page and "checked" not in page  # nothing preselected
    assert "Confirm selected" in page and "Reject selected" in page
    assert "same wording 74 %" in page

    response = client.post(
        "/en/recommendations/continuity/SVN/",
        {"link": [proposed["a"].pk], "decision": "confirm"},
        follow=True,
    )
    assert "1 link confirmed." in response.content.decode()
    assert ContinuityLink.objects.get(pk=proposed["a"].pk).status == "confirmed"
    assert ContinuityLink.objects.get(pk=proposed["b"].pk).status == "proposed"
    decided = client.get("/en/recommendations/continuity/SVN/?show=decided")
    assert "fp@example.si" in decided.content.decode()


def test_the_review_page_is_in_arabic_right_to_left(client, personas, proposed):
    client.force_login(personas.reviewer)
    page = client.get("/ar/recommendations/continuity/SVN/").content.decode()
    assert 'dir="rtl"' in page and 'name="decision"' in page


def test_another_states_focal_point_does_not_see_the_review(client, personas, proposed):
    client.force_login(personas.other_state)
    assert client.get("/en/recommendations/continuity/SVN/").status_code == 404
    response = client.post(
        "/en/recommendations/continuity/SVN/",
        {"link": [proposed["a"].pk], "decision": "confirm"},
    )
    assert response.status_code == 404
    assert ContinuityLink.objects.get(pk=proposed["a"].pk).status == "proposed"
    assert client.get("/en/recommendations/continuity/FRA/").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, proposed):
    response = client.get("/en/recommendations/continuity/SVN/")
    assert response.status_code == 302


def test_the_desks_link_to_the_review(client, personas, proposed):
    for user in (personas.focal_point, personas.reviewer):
        client.force_login(user)
        page = client.get("/en/dashboard/").content.decode()
        assert "/en/recommendations/continuity/" in page
        assert "2 proposed links between cycles wait for a decision." in page
    index = client.get("/en/recommendations/continuity/").content.decode()
    assert "/en/recommendations/continuity/SVN/" in index


def test_a_backlog_of_links_alone_is_not_called_nothing(client, personas, recs):
    """Links to review are not counted beside "My desk", but the desk does not
    say "nothing waits" above the card that lists them."""
    client.force_login(personas.focal_point)
    assert (
        "Nothing waits for you right now."
        in client.get("/en/dashboard/").content.decode()
    )
    ContinuityLink.objects.create(earlier=recs["c2"], later=recs["c3"], score=0.8)
    page = client.get("/en/dashboard/").content.decode()
    assert "Nothing waits for you right now." not in page
    assert "Nothing urgent waits for you; a backlog to review" in page


# ---- lineage -----------------------------------------------------------------


def test_the_public_sees_confirmed_lineage_only(client, personas, proposed, recs):
    continuity.confirm_link(personas.reviewer, proposed["a"])
    page = client.get(f"/en/recommendations/{recs['c3'].pk}/").content.decode()
    assert "Lineage across UPR cycles" in page and "115.17" in page
    page = client.get(f"/en/recommendations/{recs['c3b'].pk}/").content.decode()
    assert "Lineage across UPR cycles" not in page  # proposed only: not public
    assert "115.124" not in page


def test_deciders_see_proposed_links_marked_as_such(client, personas, proposed, recs):
    for user in (personas.reviewer, personas.focal_point):
        client.force_login(user)
        page = client.get(f"/en/recommendations/{recs['c3b'].pk}/").content.decode()
        assert "Proposed link, not confirmed" in page and "115.124" in page
    client.force_login(personas.other_state)
    page = client.get(f"/en/recommendations/{recs['c3b'].pk}/").content.decode()
    assert "Proposed link, not confirmed" not in page


def test_rejected_links_are_in_no_lineage(personas, proposed, recs):
    continuity.reject_link(personas.reviewer, proposed["a"])
    assert continuity.lineage(recs["c3"], personas.reviewer) == []


def test_lineage_spans_several_cycles(personas, proposed, recs):
    c4 = make_rec("SVN", 4, "130.2", STATELESS_3)
    link = ContinuityLink.objects.create(earlier=recs["c3"], later=c4, score=0.9)
    continuity.confirm_many(personas.reviewer, [link.pk, proposed["a"].pk])
    steps = continuity.lineage(recs["c2"])
    assert [s.rec.cycle for s in steps] == [2, 3, 4]
    assert [s.current for s in steps] == [True, False, False]


def test_the_api_gives_the_lineage_as_each_may_see_it(call, personas, proposed, recs):
    continuity.confirm_link(personas.reviewer, proposed["a"])
    body = call("get", f"/api/v1/recommendations/{recs['c3'].pk}").json()
    assert [(s["paragraph"], s["link_status"]) for s in body["lineage"]] == [
        ("115.17", "confirmed"),
        ("122.5", None),
    ]
    assert body["text"] == STATELESS_3  # the existing fields stay
    path = f"/api/v1/recommendations/{recs['c3b'].pk}"
    assert call("get", path).json()["lineage"] == []
    seen = call("get", path, user=personas.reviewer).json()["lineage"]
    assert [s["link_status"] for s in seen] == ["proposed", None]


# ---- suggestions and coverage -----------------------------------------------


@pytest.fixture
def supported_before(personas, proposed, recs):
    """A published activity supports the cycle-2 form of 122.5, confirmed."""
    activity = builders.published(personas, title="Statelessness determination")
    activity.recommendations.set([recs["c2"]])
    continuity.confirm_link(personas.reviewer, proposed["a"])
    return activity


def test_activities_of_an_ancestor_are_suggested_never_linked(
    client, personas, recs, supported_before
):
    url = f"/en/recommendations/{recs['c3'].pk}/"
    assert "Statelessness determination" not in client.get(url).content.decode()
    client.force_login(personas.submitter)
    page = client.get(url).content.decode()
    assert "Activities that supported its earlier form" in page
    assert "earlier form in cycle 2 (para. 115.17)" in page
    assert "Link this activity to this recommendation" in page
    assert not supported_before.recommendations.filter(pk=recs["c3"].pk).exists()
    client.force_login(personas.focal_point)  # sees it, may not edit it
    page = client.get(url).content.decode()
    assert "Statelessness determination" in page
    assert "Link this activity to this recommendation" not in page


def test_a_moderator_links_a_suggested_activity(
    client, personas, recs, supported_before
):
    client.force_login(personas.reviewer)
    link_url = (
        f"/en/recommendations/{recs['c3'].pk}/suggested/{supported_before.pk}/link/"
    )
    response = client.post(link_url, follow=True)
    assert "now supports this recommendation" in response.content.decode()
    assert supported_before.recommendations.filter(pk=recs["c3"].pk).exists()
    assert AuditEvent.objects.filter(
        action="activities.activity.updated", object_id=str(supported_before.pk)
    ).exists()


def test_a_submitters_link_waits_for_the_moderators(personas, recs, supported_before):
    continuity.link_suggested_activity(personas.submitter, recs["c3"], supported_before)
    assert not supported_before.recommendations.filter(pk=recs["c3"].pk).exists()
    assert supported_before.revisions.filter(status="pending").exists()


def test_an_activity_of_no_ancestor_cannot_be_linked_this_way(personas, recs):
    other = builders.published(personas, title="Unrelated")
    with pytest.raises(DomainError):
        continuity.link_suggested_activity(personas.reviewer, recs["c3"], other)


def test_coverage_counts_support_in_an_earlier_cycle_apart(
    client, personas, proposed, recs, supported_before
):
    from uprtc.coverage.services import state_coverage

    data = state_coverage(Country.objects.get(iso3="SVN"))
    # c2 is covered in its own cycle; c3 only through its confirmed ancestor
    assert data.by_cycle["2"].covered == 1
    assert (data.by_cycle["3"].covered, data.by_cycle["3"].covered_earlier) == (0, 1)
    assert data.covered_earlier == {recs["c3"].pk}
    body = client.get("/api/v1/coverage/SVN").json()
    assert (body["covered"], body["covered_in_earlier_cycle"]) == (1, 1)
    assert body["by_cycle"]["3"]["covered_in_earlier_cycle"] == 1
    assert body["covered_in_earlier_cycle_ids"] == [recs["c3"].pk]
    assert recs["c3"].pk in body["uncovered"]  # the existing key keeps its meaning
    csv_text = client.get("/api/v1/coverage/SVN.csv").content.decode()
    assert csv_text.splitlines()[0].endswith(",covered_in_earlier_cycle")
    html = client.get("/en/coverage/SVN/").content.decode()
    assert "supported in an earlier cycle" in html


def test_a_proposed_link_gives_no_coverage(personas, proposed, recs):
    from uprtc.coverage.services import state_coverage

    builders.published(personas, title="Before").recommendations.set([recs["c2"]])
    data = state_coverage(Country.objects.get(iso3="SVN"))
    assert data.total.covered_earlier == 0


def test_the_review_shows_each_score_as_a_percentage(client, personas, proposed):
    client.force_login(personas.focal_point)
    page = client.get("/en/recommendations/continuity/SVN/").content.decode()
    assert "match 81 %" in page and "match 77 %" in page
    assert "0.81" not in page and "0.77" not in page
