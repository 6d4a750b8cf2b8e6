"""Criteria set versions on the web: the versions of a set, a draft with its diff, threshold and
indicator edits, maker–checker verification, the impact preview and publication with progress.
Every decision goes through `ntm.criteria.services` (which asks `scope.may_edit_criteria`)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ntm.core.model import DIRECTIONS, KINDS
from ntm.core.values import value_fits
from ntm.criteria import services
from ntm.criteria.documents import CellKey, cells, diff
from ntm.criteria.impact import impact
from ntm.criteria.models import Document, PublishJob, Version
from ntm.storage import StorageFailed


def _document(code: str) -> Document:
    return get_object_or_404(Document, code=code)


@login_required
def criteria_versions(request, code: str):
    document = _document(code)
    return render(
        request,
        "catalogs/versions.html",
        {
            "document": document,
            "versions": document.versions.select_related("author", "published_by"),
            "in_force": services.in_force(document),
            "may_edit": services.may_edit(request.user, document),
        },
    )


@login_required
def criteria_draft_new(request, code: str):
    document = _document(code)
    if request.method != "POST":
        return redirect("criteria_versions", code=code)
    base = services.latest_published(document)
    try:
        draft = services.create_draft(
            code, base.content if base else {}, request.user, request.POST.get("reason", "")
        )
    except services.DraftInvalid as exc:
        for error in exc.errors[:20]:
            messages.error(request, error)
        return redirect("criteria_versions", code=code)
    messages.success(request, _("Đã tạo bản nháp mới."))
    return redirect("criteria_version", code=code, number=draft.number)


def _cell_key(post) -> CellKey:
    year = post.get("year", "")
    if year and not year.isdigit():
        raise services.DraftInvalid([_("Năm không hợp lệ.")])
    return CellKey(post.get("indicator", ""), post.get("column", ""), int(year) if year else None)


def _typed(raw: str, kind: str):
    """A threshold typed in a form: a number, yes/no, or the text of an enum."""
    text = raw.strip()
    if kind == "boolean":
        return text.lower() in ("có", "true", "1", "yes")
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def _indicator_kind(content: dict, code: str) -> str:
    from ntm.criteria.documents import indicator_of

    indicator = indicator_of(content, code) or {}
    return str(indicator.get("kind", ""))


def _post(request, version: Version):
    action, post = request.POST.get("action"), request.POST
    if action == "cell":
        key = _cell_key(post)
        value = _typed(post.get("value", ""), _indicator_kind(version.content, key.indicator_code))
        if not value_fits(_indicator_kind(version.content, key.indicator_code), value):
            raise services.DraftInvalid([_("Giá trị ngưỡng không hợp lệ cho loại chỉ tiêu này.")])
        services.edit_cell(
            version,
            key,
            value=value,
            source=post.get("source", ""),
            actor=request.user,
            reason=post.get("reason", ""),
        )
        return _("Đã sửa ô ngưỡng; ô này chờ người khác xác minh.")
    if action == "verify":
        services.verify_cell(
            version,
            _cell_key(post),
            actor=request.user,
            decision=post.get("decision", ""),
            clause=post.get("clause", ""),
            upload=request.FILES.get("document"),
        )
        return _("Đã ghi xác minh ô ngưỡng.")
    if action == "indicator":
        fields = {name: post.get(name, "").strip() for name in ("name_vi", "unit", "sector")}
        fields["optional"] = post.get("optional") == "on"
        for name, choices in (("kind", KINDS), ("direction", DIRECTIONS)):
            if post.get(name):
                fields[name] = post[name] if post[name] in choices else "?"
        services.edit_indicator(
            version, post.get("indicator", ""), fields, actor=request.user, reason=post.get("reason", "")
        )
        return _("Đã sửa chỉ tiêu.")
    if action == "publish":
        try:
            effective = datetime.date.fromisoformat(post.get("effective_from", ""))
        except ValueError:
            raise services.DraftInvalid([_("Ngày hiệu lực không hợp lệ (năm-tháng-ngày).")]) from None
        job = services.publish(
            version, actor=request.user, effective_from=effective, reason=post.get("reason", "")
        )
        return job
    raise services.DraftInvalid([_("Thao tác không hợp lệ.")])


@login_required
def criteria_version(request, code: str, number: int):
    document = _document(code)
    version = get_object_or_404(
        Version.objects.select_related("based_on", "author"), document=document, number=number
    )
    may_edit = services.may_edit(request.user, document)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        try:
            done = _post(request, version)
        except services.OwnEntry as exc:
            raise PermissionDenied(str(exc)) from None
        except (services.DraftInvalid, StorageFailed) as exc:
            for error in getattr(exc, "errors", [str(exc)])[:20]:
                messages.error(request, error)
        else:
            if isinstance(done, PublishJob):
                messages.success(request, _("Đã ban hành; đang đánh giá lại các đơn vị."))
                return redirect("criteria_job", pk=done.pk)
            messages.success(request, done)
        return redirect("criteria_version", code=code, number=number)
    records = {
        (c.indicator_code, c.column, c.year): c
        for c in version.cells.select_related("entered_by", "verified_by")
    }
    rows = [(key, cell, records.get(tuple(key))) for key, cell in cells(version.content)]
    preview = None
    if request.GET.get("impact") and version.state == Version.State.DRAFT:
        try:
            since = datetime.date.fromisoformat(request.GET.get("effective_from", ""))
        except ValueError:
            since = None
        preview = impact(version, since)
    return render(
        request,
        "catalogs/version.html",
        {
            "document": document,
            "version": version,
            "may_edit": may_edit and version.state == Version.State.DRAFT,
            "changes": diff(version.based_on.content if version.based_on else {}, version.content),
            "rows": rows,
            "preview": preview,
            "kinds": KINDS,
            "directions": DIRECTIONS,
        },
    )


@login_required
def criteria_job(request, pk: int):
    job = get_object_or_404(PublishJob.objects.select_related("version__document"), pk=pk)
    if not services.may_edit(request.user, job.version.document):
        raise Http404
    return render(request, "catalogs/job.html", {"job": job})
