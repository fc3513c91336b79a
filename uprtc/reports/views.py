"""The moderators' page of the annual report: choose, build, follow, preview,
download. Building runs in the background; pages refresh themselves (an HTTP
``Refresh`` header, no JavaScript) while a build is under way."""

from __future__ import annotations

from urllib.parse import urlencode

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from uprtc.actors.signed_in import SignedInRequest
from uprtc.core.errors import DomainError
from uprtc.core.http import posted
from uprtc.core.permissions import Refused, moderator_required
from uprtc.countries.models import Country
from uprtc.recommendations.models import Recommendation
from uprtc.reports import services, state, state_figures
from uprtc.reports.forms import AnnualReportForm, next_update
from uprtc.reports.models import ReportRun

REFRESH_SECONDS = 3
# the six UN languages, each in its own name
LANGUAGE_NAMES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("ru", "Русский"),
]
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _building(response: HttpResponse, runs: list[ReportRun]) -> HttpResponse:
    active = {ReportRun.Status.QUEUED, ReportRun.Status.RUNNING}
    if any(run.status in active for run in runs):
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@moderator_required
def index(request: HttpRequest) -> HttpResponse:
    session, start, end = next_update(timezone.localdate())
    form = AnnualReportForm(
        posted(request),
        initial={
            "session": session,
            "start": start,
            "end": end,
            "language": get_language(),
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            run = services.request_report(
                request.user, d["session"], d["start"], d["end"], d["language"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("reports-run", run.pk)
    runs = list(ReportRun.objects.all()[:10])
    response = render(request, "reports/index.html", {"form": form, "runs": runs})
    return _building(response, runs)


@moderator_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ReportRun, pk=pk)
    files = [fmt for fmt in services.FORMATS if run.file(fmt)]
    response = render(request, "reports/run.html", {"run": run, "files": files})
    return _building(response, [run])


@moderator_required
@xframe_options_sameorigin  # the web version is previewed in a frame of run.html
# The web version is one standalone file (its style inline, charts as data:
# images), framed by our own page; it carries no script, and none may run.
@csp_replace(
    {
        "style-src": ["'self'", "'unsafe-inline'"],
        "frame-ancestors": ["'self'"],
        "script-src": ["'none'"],
    }
)
def run_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    run = get_object_or_404(ReportRun, pk=pk, status=ReportRun.Status.DONE)
    path = run.file(fmt) if fmt in CONTENT_TYPES else None
    if path is None:
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=fmt != "html" or "download" in request.GET,
        filename=path.name,
        content_type=CONTENT_TYPES[fmt],
    )


# The State's report section: its focal points and moderators read the draft
# and download it; it is built on each request (one State, one cycle: small).


def _state(request: HttpRequest, iso3: str) -> Country:
    country = get_object_or_404(Country, iso3=iso3.upper())
    if not state.may_see(request.user, country):
        raise Refused(
            _("This page is for the focal points of %(state)s and the moderators.")
            % {"state": country.name}
        )
    return country


def _cycle_and_language(request: HttpRequest, country: Country) -> tuple[int, str]:
    raw = request.GET.get("cycle", "")
    cycle = int(raw) if raw.isdigit() else state_figures.latest_cycle(country)
    if cycle is None:
        raise DomainError(_("The State has received no recommendation yet."))
    _country, lang = state.prepare(
        country.iso3, cycle, request.GET.get("lang") or get_language()
    )
    return cycle, lang


@login_required
def state_home(request: SignedInRequest) -> HttpResponse:
    """The focal point's own State (moderators open a State by its code)."""
    country = request.user.focal_point_countries().order_by("iso3").first()
    if country is None:
        raise Refused(_("This page is for a State's focal points."))
    return redirect("reports-state", country.iso3)


@login_required
def state_page(request: SignedInRequest, iso3: str) -> HttpResponse:
    country = _state(request, iso3)
    cycles = list(
        Recommendation.objects.filter(state_under_review=country)
        .order_by("-cycle")
        .values_list("cycle", flat=True)
        .distinct()
    )
    context = {"country": country, "cycles": cycles, "languages": LANGUAGE_NAMES}
    try:
        cycle, lang = _cycle_and_language(request, country)
    except DomainError as exc:
        context["error"] = exc.message
        return render(request, "reports/state_page.html", context, status=400)
    # the draft itself is the web version, framed: it is a whole document
    context.update(
        cycle=cycle,
        lang=lang,
        query=urlencode({"cycle": cycle, "lang": lang}),
        formats=state.FORMATS,
    )
    return render(request, "reports/state_page.html", context)


@login_required
@xframe_options_sameorigin
@csp_replace(
    {
        "style-src": ["'self'", "'unsafe-inline'"],
        "frame-ancestors": ["'self'"],
        "script-src": ["'none'"],
    }
)
def state_file(request: HttpRequest, iso3: str, fmt: str) -> HttpResponse:
    country = _state(request, iso3)
    if fmt not in state.FORMATS:
        raise Http404
    try:
        cycle, lang = _cycle_and_language(request, country)
    except DomainError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain")
    report = state.build_report(country, cycle, lang)
    response = HttpResponse(state.render(report, fmt), content_type=CONTENT_TYPES[fmt])
    name = state.file_name(country.iso3, cycle, lang, fmt)
    if fmt != "html" or "download" in request.GET:
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
