"""Each persona's desk: what waits for me first (consents to decide,
submissions returned, matches to answer, the moderation queue), then my
organizations' items, then my notifications. What counts as waiting is
``uprtc.notifications.desk``'s to say. Also each person's e-mail choices and
the page every e-mail's unsubscribe link opens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from uprtc.actors.signed_in import SignedInRequest
from uprtc.notifications import desk, services
from uprtc.notifications.kinds import KINDS
from uprtc.notifications.models import Delivery


@login_required
def dashboard(request: SignedInRequest) -> HttpResponse:
    user = request.user
    scope = desk.Scope.of(user)
    waiting = desk.waiting(user, scope)
    # the latest first, 20 a page: a busy focal point has hundreds
    page = Paginator(user.notifications.all(), 20).get_page(request.GET.get("page"))
    page.object_list = services.shown(list(page.object_list), request.LANGUAGE_CODE)
    return render(
        request,
        "notifications/dashboard.html",
        {
            "scope": scope,
            "waiting": waiting,
            "waiting_total": sum(g.count for g in waiting if g.counted),
            # a backlog (links between cycles, unlabelled recommendations):
            # "nothing waits" above a card saying 264 wait would contradict it
            "backlog": any(g.count for g in waiting if not g.counted),
            "mine": desk.my_items(user, scope),
            "notifications": page,
            "unread": user.notifications.filter(read_at__isnull=True).count(),
        },
    )


@login_required
@require_POST
def mark_read(request: SignedInRequest) -> HttpResponse:
    request.user.notifications.filter(read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("dashboard")


@login_required
def preferences(request: SignedInRequest) -> HttpResponse:
    """One radio group per kind; without JavaScript, a plain POST."""
    current = services.preferences_of(request.user)
    if request.method == "POST":
        chosen = {
            kind: request.POST[kind]
            for kind in KINDS
            if request.POST.get(kind) in Delivery.values
        }
        if chosen:
            services.set_preferences(request.user, chosen)
            messages.success(request, _("Your e-mail choices are saved."))
            return redirect("notifications-preferences")
        messages.error(request, _("Choose how to receive at least one kind."))
    rows = [{"kind": kind, "chosen": current[kind.key]} for kind in KINDS.values()]
    return render(
        request,
        "notifications/preferences.html",
        {"rows": rows, "choices": Delivery.choices},
    )


@never_cache  # personal to the token's owner, and carries a CSRF token
@csrf_exempt  # only for the one-click POST of RFC 8058; the form is checked below
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """No sign-in: the signed token is the proof. GET only asks (a link
    prefetcher or a virus scanner must not unsubscribe anyone); the form's
    POST, or a mail client's one-click POST, does it."""
    found = services.read_unsubscribe_token(token)
    if found is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    user, kinds = found
    if request.method == "POST":
        if request.POST.get("List-Unsubscribe") == "One-Click":
            services.unsubscribe(user, kinds)
            return HttpResponse(
                _("You will no longer receive these e-mails."),
                content_type="text/plain; charset=utf-8",
            )
        refused = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(
            request, None, (), {}
        )
        if refused is not None:
            return refused
        every = request.POST.get("scope") == "all"
        services.unsubscribe(user, list(KINDS) if every else kinds)
        return render(
            request,
            "notifications/unsubscribe_done.html",
            {"labels": [k.label for k in KINDS.values()] if every else labels(kinds)},
        )
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(
        request,
        "notifications/unsubscribe.html",
        {"labels": labels(kinds), "every": set(kinds) == set(KINDS)},
    )


def labels(kinds: list[str]) -> list[object]:
    return [KINDS[k].label for k in kinds]
