"""The second-factor rule, in one place.

Focal points decide for their State and moderators decide what is published:
both must sign in with a second factor (TOTP, or a recovery code). The rule is
checked on every request of a signed-in person, whatever way the session was
opened (allauth's sign-in, the admin site, anything added later): a session is
trusted for those roles only if allauth recorded an ``mfa`` authentication in
it. Sessions with no such record fail closed.

* ``mfa_required(user)``: who must use a second factor.
* ``session_passed_second_factor(request)``: whether this session did.
* ``SecondFactorMiddleware``: until both hold, such a person can only set the
  factor up, pass it, read the recovery codes or sign out.

Setting the factor up is not first come, first served: knowing the password
is not enough. A person with no factor yet is shown "we e-mailed you a link"
(``actors-enrolment``); allauth's ``mfa_activate_totp`` opens only in a session
signed in as that person which has opened the one-time link e-mailed to them
(``uprtc.actors.enrolment``), so setting up the factor also proves control of
the mailbox the administrator gave.

The API is not concerned: it ignores sessions and takes Bearer tokens, which
only administrators issue; tokens of people who decide expire
(``uprtc.actors.services.resolve_api_token``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from uprtc.actors.models import Membership, Role, User

# Roles whose decisions need a second factor.
MFA_ROLES = (Role.FOCAL_POINT, Role.MODERATOR)

# What a person who owes a second factor may still reach.
OPEN_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "mfa_index",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        # the e-mailed enrolment link and the page that asks to open it
        "actors-enrolment",
        "actors-enrolment-send",
        "actors-enrol",
    }
)
# Set in the session once its user opened their enrolment link: only then does
# allauth's page that sets up a factor open to someone who owes one.
ENROLMENT_SESSION_KEY = "uprtc_mfa_enrolment"


def mfa_required(user: Any) -> bool:
    """True for a signed-in, active focal point or moderator (approved
    membership) and for staff, who reach the admin site."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return holds_deciding_role(user)


def holds_deciding_role(user: Any) -> bool:
    """True for someone who is now a focal point or moderator (an approved
    membership): a person who decides consent or publication."""
    return Membership.objects.filter(
        user=user, role__in=MFA_ROLES, status=Membership.Status.APPROVED
    ).exists()


def needs_enrolment(user: Any) -> bool:
    """Must use a second factor and has none yet."""
    return mfa_required(user) and not is_mfa_enabled(user)


def mark_enrolment_opened(request: HttpRequest) -> None:
    request.session[ENROLMENT_SESSION_KEY] = str(request.user.pk)


def enrolment_opened(request: HttpRequest) -> bool:
    """This session's user opened their e-mailed enrolment link in it."""
    return request.session.get(ENROLMENT_SESSION_KEY) == str(request.user.pk)


def session_passed_second_factor(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def _outside(request: HttpRequest) -> bool:
    return request.path.startswith(("/api/", "/static/")) or request.path == "/healthz"


def _url_name(request: HttpRequest) -> str | None:
    match = request.resolver_match
    return match.url_name if match is not None else None


class SecondFactorMiddleware:
    """Sends a focal point or moderator without a second factor in this
    session to pass it (already set up) or to the e-mailed enrolment link
    (none yet), which alone opens the page that sets one up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if _outside(request) or not mfa_required(user):
            return None
        if session_passed_second_factor(request):
            return None
        name = _url_name(request)
        if is_mfa_enabled(user):
            if name in OPEN_URL_NAMES or name == "mfa_activate_totp":
                return None  # allauth sends them on to deactivate, not add
            next_query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{next_query}")
        # No factor yet: set up only after opening the e-mailed link.
        if enrolment_opened(request):
            if name in OPEN_URL_NAMES or name == "mfa_activate_totp":
                return None
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        if name in OPEN_URL_NAMES:
            return None
        messages.warning(
            request,
            _(
                "Focal points and moderators protect their account with a second "
                "factor: open the link we e-mailed you to set it up."
            ),
        )
        return HttpResponseRedirect(reverse("actors-enrolment"))


def record_second_factor_on_activation(
    sender: Any, request: HttpRequest, user: User, authenticator: Any, **kwargs: Any
) -> None:
    """Whoever just proved a TOTP code while activating it has passed the second
    factor in this session: no need to ask for a code again at once."""
    if request is not None and authenticator.type == "totp":
        record_authentication(
            request, user, "mfa", type="totp", id=authenticator.pk, activated=True
        )
        # the link served its purpose: a later factor needs a new one
        request.session.pop(ENROLMENT_SESSION_KEY, None)
        # allauth sends the signal on commit, which may come after the session
        # middleware saved: save again so the record is never lost
        request.session.save()
