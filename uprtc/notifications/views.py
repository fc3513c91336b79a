"""Each persona's desk: what waits for me first (consents to decide,
submissions returned, matches to answer, the moderation queue), then my
organizations' items, then my notifications. What counts as waiting is
``uprtc.notifications.desk``'s to say."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from uprtc.notifications import desk


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    scope = desk.Scope.of(user)
    waiting = desk.waiting(user, scope)
    return render(
        request,
        "notifications/dashboard.html",
        {
            "scope": scope,
            "waiting": waiting,
            "waiting_total": sum(g.count for g in waiting if g.counted),
            "mine": desk.my_items(user, scope),
            "notifications": user.notifications.all()[:20],
            "unread": user.notifications.filter(read_at__isnull=True).count(),
        },
    )


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    request.user.notifications.filter(read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("dashboard")
