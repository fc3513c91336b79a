"""Each persona's desk: my submissions, consent requests waiting for my State,
the moderation queue, and my notifications."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from uprtc.activities.choices import ConsentStatus, Review
from uprtc.activities.models import Activity, ActivityRevision, RevisionStatus


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    orgs = user.approved_memberships().values("organization")
    mine = (
        Activity.objects.filter(submitter_org__in=orgs, merged_into__isnull=True)
        .prefetch_related("consents__country")
        .order_by("-updated_at")[:50]
    )
    waiting = (
        Activity.objects.visible_to(user)
        .filter(
            review=Review.APPROVED,
            consents__country__in=user.focal_point_countries(),
            consents__status=ConsentStatus.REQUESTED,
        )
        .distinct()
        .prefetch_related("consents__country")
        .order_by("-submitted_at")
    )
    queue, changes = [], []
    if user.is_moderator:
        changes = list(
            ActivityRevision.objects.filter(status=RevisionStatus.PENDING)
            .select_related("activity__submitter_org")
            .order_by("proposed_at")
        )
        queue = list(
            Activity.objects.filter(review=Review.SUBMITTED, merged_into__isnull=True)
            .select_related("submitter_org")
            .order_by("submitted_at")
        )
    return render(
        request,
        "notifications/dashboard.html",
        {
            "mine": mine,
            "waiting": waiting,
            "queue": queue,
            "changes": changes,
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
