"""Sign-in by e-mail through allauth: the page, closing sign-up, throttling."""

import pytest

from uprtc.actors.models import User

pytestmark = pytest.mark.django_db
LOGIN = "/en/accounts/login/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def submitter(personas):
    personas.submitter.set_password(PASSWORD)
    personas.submitter.save()
    return personas.submitter


def sign_in(client, email, password):
    return client.post(LOGIN, {"login": email, "password": password})


def test_a_contributor_signs_in_with_e_mail_and_password(client, submitter):
    response = sign_in(client, "SUBMITTER@example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/en/dashboard/"
    assert client.get("/en/dashboard/").status_code == 200


def test_a_wrong_password_is_refused_on_the_page(client, submitter):
    response = sign_in(client, submitter.email, "wrong password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("lang", ["en", "fr", "ar", "zh-hans"])
def test_the_sign_in_page_is_the_sites_translated_without_javascript(client, lang):
    html = client.get(f"/{lang}/accounts/login/").content.decode()
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert 'name="login"' in html and 'type="password"' in html
    assert "<script" not in html and "style=" not in html
    assert 'class="site"' in html  # the site's header and footer


def test_nobody_can_sign_up_when_sign_up_is_closed(client, db, settings):
    settings.SIGNUP_OPEN = False
    response = client.post(
        "/en/accounts/signup/",
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="new@example.org").exists()


def test_the_sixth_wrong_password_for_an_account_is_refused_even_if_right(
    client, submitter
):
    for _ in range(5):
        sign_in(client, submitter.email, "bad")
        assert "_auth_user_id" not in client.session
    response = sign_in(client, submitter.email, PASSWORD)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_failures_from_one_address_are_throttled_across_accounts(
    client, personas, settings
):
    # the configured count per address, over an hour instead of a minute: eleven
    # sign-ins on a loaded machine may take longer than the real window
    count = settings.ACCOUNT_RATE_LIMITS["login_failed"].split("/")[0]
    assert count == "10"
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": f"{count}/h/ip,5/h/key",
    }
    people = [
        personas.factory.make_user(f"someone{i}@example.org", password=PASSWORD)
        for i in range(11)
    ]
    for person in people[:10]:  # one failure each: no account reaches its limit
        sign_in(client, person.email, "bad")
    response = sign_in(client, people[10].email, PASSWORD)
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_the_admin_site_signs_in_through_the_same_page(client, db):
    response = client.get("/en/admin/login/?next=/en/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
