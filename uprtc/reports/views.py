"""The moderators' page of the annual report: choose, build, follow, preview,
download. Building runs in the background; pages refresh themselves (an HTTP
``Refresh`` header, no JavaScript) while a build is under way."""

from __future__ import annotations

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.clickjacking import xframe_options_sameorigin

from uprtc.core.errors import DomainError
from uprtc.core.http import posted
from uprtc.reports import services
from uprtc.reports.forms import AnnualReportForm, last_year
from uprtc.reports.models import ReportRun

REFRESH_SECONDS = 3
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _refused(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_moderator:
        return render(request, "activities/no_membership.html", status=403)
    return None


def _building(response: HttpResponse, runs: list[ReportRun]) -> HttpResponse:
    active = {ReportRun.Status.QUEUED, ReportRun.Status.RUNNING}
    if any(run.status in active for run in runs):
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if refused := _refused(request):
        return refused
    start, end = last_year()
    form = AnnualReportForm(
        posted(request),
        initial={"start": start, "end": end, "language": get_language()},
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


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if refused := _refused(request):
        return refused
    run = get_object_or_404(ReportRun, pk=pk)
    files = [fmt for fmt in services.FORMATS if run.file(fmt)]
    response = render(request, "reports/run.html", {"run": run, "files": files})
    return _building(response, [run])


@login_required
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
    if refused := _refused(request):
        return refused
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
