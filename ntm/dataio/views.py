"""Pages of "Nhập, xuất dữ liệu": choose → download template; upload → errors or preview → confirm
→ progress → done; exports. Views stay thin: parse, check permission, call a service, render."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.accounts.permissions import can_import, home_unit, is_admin
from ntm.accounts.scope import may_read
from ntm.indicators.data_years import default_year
from ntm.indicators.engine import set_name
from ntm.storage import StorageFailed
from ntm.units.models import AdminUnit

from . import jobs
from .export import CONTENT_TYPES, export
from .forms import ExportForm, TemplateForm, UploadForm, default_set
from .models import ImportJob
from .scope import ScopeError
from .selectors import jobs_of
from .template import build_template, template_name


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _initial(request) -> dict:
    year = default_year(home_unit(request.user))  # the user's unit's latest year with data
    initial = {"year": year, "set_code": default_set(year)}
    initial.update({k: v for k, v in request.GET.items() if k in ("set_code", "year", "parent")})
    return initial


@login_required
def index(request, upload_form=None, status=200):
    user = request.user
    context = {
        "can_import": can_import(user),
        "template_form": TemplateForm(user, initial=_initial(request)),
        "export_form": ExportForm(user, initial={**_initial(request), "what": "values", "fmt": "xlsx"}),
        "upload_form": upload_form or UploadForm(),
        "jobs": jobs_of(user),
    }
    return render(request, "dataio/index.html", context, status=status)


@login_required
def template_download(request):
    if not can_import(request.user):
        raise PermissionDenied
    form = TemplateForm(request.user, request.GET)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn bộ tiêu chí, năm và đơn vị."))
        return redirect("dataio:index")
    data = form.cleaned_data
    parent = data["parent"]
    if not may_read(request.user, parent):
        raise PermissionDenied
    try:
        content = build_template(parent, data["set_code"], data["year"], with_statuses=data["statuses"])
    except ScopeError as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('dataio:index')}?set_code={data['set_code']}&year={data['year']}")
    return _download(content, template_name(data["set_code"], parent, data["year"]), CONTENT_TYPES["xlsx"])


@login_required
def export_download(request):
    form = ExportForm(request.user, request.GET)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn bộ tiêu chí, năm, đơn vị, nội dung và định dạng."))
        return redirect("dataio:index")
    data = form.cleaned_data
    try:
        result = export(
            user=request.user,
            parent=data["parent"],
            set_code=data["set_code"],
            year=data["year"],
            what=data["what"],
            fmt=data["fmt"],
            as_of=data["as_of"],
        )
    except ScopeError as exc:
        messages.error(request, str(exc))
        return redirect("dataio:index")
    return _download(result.data, result.filename, result.content_type)


@login_required
@require_POST
def upload(request):
    if not can_import(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return index(request, upload_form=form, status=400)
    data = form.cleaned_data
    try:
        job = jobs.create_job(
            user=request.user,
            filename=data["file"].name,
            data=data["file"].read(),
            reason=data["reason"],
            source=data["source"],
            set_code=data["set_code"],
            year=data["year"],
        )
    except StorageFailed as exc:
        form.add_error("file", str(exc))
        return index(request, upload_form=form)
    jobs.start_check(job)
    return redirect("dataio:job", token=job.token)


def _job(request, token) -> ImportJob:
    """The user's own job (administrators see every job); others get a 404, not a hint."""
    job = get_object_or_404(ImportJob.objects.defer("seen_versions").select_related("user"), token=token)
    if job.user_id != request.user.pk and not is_admin(request.user):
        raise Http404
    return job


def _job_context(job: ImportJob) -> dict:
    return {"job": job, "links": _result_links(job)}


def _result_links(job: ImportJob) -> list[dict]:
    """Where to look at the outcome: the matrix of each parent whose units changed."""
    links = []
    parents = AdminUnit.objects.in_bulk([p["parent"] for p in job.result.get("parents", [])])
    for item in job.result.get("parents", []):
        parent = parents.get(item["parent"])
        if parent is None:
            continue
        try:
            url = reverse("matrix", args=[parent.pk, item["year"]]) + f"?set={item['set']}"
        except NoReverseMatch:
            url = reverse("unit_detail", args=[parent.pk])
        links.append({"url": url, "name": parent.name, "set": set_name(item["set"]), "year": item["year"]})
    return links


@login_required
def job_page(request, token):
    return render(request, "dataio/job.html", _job_context(_job(request, token)))


@login_required
def job_status(request, token):
    """The polled part of the job page: progress while running, the outcome once finished."""
    return render(request, "dataio/_job.html", _job_context(_job(request, token)))


@login_required
@require_POST
def job_confirm(request, token):
    job = _job(request, token)
    if not can_import(request.user) or job.user_id != request.user.pk:
        raise PermissionDenied
    if jobs.confirm(job):
        jobs.start_apply(job)
    return redirect("dataio:job", token=job.token)


@login_required
@require_POST
def job_recheck(request, token):
    job = _job(request, token)
    if job.user_id != request.user.pk:
        raise PermissionDenied
    if jobs.recheck(job):
        jobs.start_check(job)
    return redirect("dataio:job", token=job.token)


@login_required
@require_POST
def job_cancel(request, token):
    job = _job(request, token)
    if job.user_id != request.user.pk:
        raise PermissionDenied
    jobs.cancel(job)
    messages.info(request, _("Đã hủy lượt nhập; không có giá trị nào được ghi."))
    return redirect("dataio:index")
