"""Report pages: download a plan's document or a unit's progress report (built on request), the
reports page (request province tables / progress reports in the background, recent jobs), a job's
page with its progress bar (polled by htmx) and the download of its file. Permission checks on every
view (permissions.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.accounts.permissions import assignments, home_unit, is_admin
from ntm.accounts.scope import may_read, unit_for, visible
from ntm.core.collation import sorted_by_name
from ntm.core.params import parse_id
from ntm.core.periods import PeriodInvalid, parse_date, parse_period
from ntm.indicators.data_years import default_year
from ntm.indicators.engine import child_sets
from ntm.planning.models import Plan
from ntm.storage import StorageFailed
from ntm.units.models import AdminUnit, Level

from . import files, jobs
from .models import ReportJob
from .permissions import can_request_reports, may_request_any
from .plan_report import build_plan_report
from .progress_report import build_progress_report
from .render import CONTENT_TYPES, FORMATS, filename
from .render import render as render_report

RECENT = 30


def _attachment(data: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _fmt(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404
    return fmt


@login_required
def plan_document(request, pk: int, fmt: str):
    plan = get_object_or_404(Plan.objects.select_related("unit"), pk=pk)
    if not may_read(request.user, plan.unit, above=True):
        raise PermissionDenied
    report = build_plan_report(
        plan, with_actuals=request.GET.get("actuals") == "1", as_of=parse_date(request.GET.get("as_of"))
    )
    return _attachment(render_report(report, _fmt(fmt)), fmt, filename(report, fmt))


@login_required
def unit_progress(request, pk: int, fmt: str):
    unit = unit_for(request, pk)
    try:
        period = parse_period(request.GET.get("period") or str(default_year(unit)))
    except PeriodInvalid as exc:
        return HttpResponseBadRequest(str(exc))
    report = build_progress_report(unit, period)
    return _attachment(render_report(report, _fmt(fmt)), fmt, filename(report, fmt))


def _choices(user, extra: AdminUnit | None) -> list[AdminUnit]:
    """Units offered on the reports page: the user's own units (administrators: the provinces),
    and the unit the page was opened for."""
    if is_admin(user):
        units = sorted_by_name(AdminUnit.objects.filter(level=Level.PROVINCE).order_by("valid_from"))
    else:
        units = [a.unit for a in assignments(user) if a.unit is not None]
    if extra is not None and extra not in units and may_read(user, extra):
        units.insert(0, extra)
    return units


@login_required
def index(request):
    extra = None
    if pk := parse_id(request.GET.get("unit")):
        extra = AdminUnit.objects.filter(pk=pk).first()
    year = default_year(
        extra if extra is not None and may_read(request.user, extra) else home_unit(request.user)
    )
    return render(
        request,
        "reports/index.html",
        {
            "units": _choices(request.user, extra),
            "selected": extra,
            "may_request": may_request_any(request.user),
            "jobs": list(visible(request.user, ReportJob.objects.select_related("unit", "user"))[:RECENT]),
            "year": year,  # the latest year with data of the unit the page opens on
            "period": str(year),
            "formats": FORMATS,
        },
    )


def _requested_unit(request) -> AdminUnit:
    unit = unit_for(request, request.POST.get("unit"))
    if not can_request_reports(request.user, unit):
        raise PermissionDenied
    return unit


@login_required
@require_POST
def request_tables(request):
    unit = _requested_unit(request)
    year = request.POST.get("year", "")
    if not year.isdigit() or not 2010 <= int(year) <= 2035:
        return HttpResponseBadRequest(_("Năm không hợp lệ."))
    if not child_sets(unit, int(year)):
        return HttpResponseBadRequest(_("Không có bộ tiêu chí xã nào áp dụng trong năm này."))
    as_of = parse_date(request.POST.get("as_of"))
    params = {"year": int(year), "as_of": as_of.isoformat() if as_of else ""}
    job = jobs.request_job(
        user=request.user, kind=ReportJob.Kind.PROVINCE_TABLES, unit=unit, params=params, fmt="xlsx"
    )
    return redirect("reports:job", token=job.token)


@login_required
@require_POST
def request_progress(request):
    unit = _requested_unit(request)
    try:
        period = parse_period(request.POST.get("period", ""))
    except PeriodInvalid as exc:
        return HttpResponseBadRequest(str(exc))
    fmt = request.POST.get("format", "docx")
    if fmt not in FORMATS:
        return HttpResponseBadRequest(_("Định dạng không hợp lệ."))
    job = jobs.request_job(
        user=request.user, kind=ReportJob.Kind.PROGRESS, unit=unit, params={"period": period.code}, fmt=fmt
    )
    return redirect("reports:job", token=job.token)


def _job(request, token) -> ReportJob:
    job = get_object_or_404(ReportJob.objects.select_related("unit", "user"), token=token)
    if not may_read(request.user, job.unit):
        raise PermissionDenied
    return job


@login_required
def job_detail(request, token):
    job = _job(request, token)
    return render(request, "reports/job.html", {"job": job})


@login_required
def job_status(request, token):
    job = _job(request, token)
    return render(request, "reports/_job.html", {"job": job})


@login_required
def job_download(request, token):
    job = _job(request, token)
    try:
        stored = files.open_report(job)
    except StorageFailed as exc:
        messages.error(request, str(exc))
        return redirect("reports:job", token=job.token)
    if stored is None:
        raise Http404(_("Tệp chưa sẵn sàng hoặc đã bị xóa."))
    content_type = CONTENT_TYPES[job.fmt]
    return FileResponse(stored, as_attachment=True, filename=job.filename, content_type=content_type)
