from io import StringIO

import pytest
from django.core.management import call_command

from uprtc.activities.choices import Stage
from uprtc.activities.models import Activity
from uprtc.actors.models import User
from uprtc.demo.activities import DEMO_PASSWORD
from uprtc.recommendations.models import Recommendation

pytestmark = pytest.mark.django_db


def test_it_loads_the_shipped_demo_and_can_run_again():
    first = StringIO()
    call_command("load-demo", stdout=first)
    # the one warning of the cycle-2 list is printed, not only counted
    assert "'warnings': 1" in first.getvalue()
    warned = first.getvalue().split("'warnings': 1}")[1].splitlines()[1]
    assert warned.startswith("  ") and len(warned.strip()) > 10
    shown = Activity.objects.public().count()
    assert f"published activities: {shown}\n" in first.getvalue()
    assert Recommendation.objects.filter(state_under_review__iso3="SVN").count() == 378
    activities = Activity.objects.count()
    stages = {a.stage for a in Activity.objects.prefetch_related("consents")}
    assert stages == set(Stage.values) - {"rejected"} | {"rejected"}
    assert Activity.objects.public().count() > 100
    out = StringIO()
    call_command("load-demo", stdout=out)
    assert "'created': 0" in out.getvalue() and "'updated': 0" in out.getvalue()
    assert "activities by stage: {}" in out.getvalue()
    assert "countries already loaded" in out.getvalue()
    assert Recommendation.objects.count() == 378
    assert Activity.objects.count() == activities


def test_the_demo_personas_can_sign_in(client):
    call_command("load-demo", "--limit", "5", stdout=StringIO())
    for email in ("moderator@demo.uprtc.org", "contributor@demo.uprtc.org"):
        assert client.login(username=email, password=DEMO_PASSWORD), email
    focal = User.objects.filter(email__startswith="focal-point-").first()
    assert client.login(username=focal.email, password=DEMO_PASSWORD)
