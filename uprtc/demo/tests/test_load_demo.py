from io import StringIO

import pytest
from django.core.management import call_command

from uprtc.recommendations.models import Recommendation

pytestmark = pytest.mark.django_db


def test_it_loads_the_shipped_demo_and_can_run_again():
    call_command("load-demo", stdout=StringIO())
    assert Recommendation.objects.filter(state_under_review__iso3="SVN").count() == 378
    out = StringIO()
    call_command("load-demo", stdout=out)
    assert "'created': 0" in out.getvalue() and "'updated': 0" in out.getvalue()
    assert Recommendation.objects.count() == 378
