"""Criteria set versions on the web: the versions of a set, a draft with its diff, threshold and
indicator edits, maker–checker verification, the impact preview and publication with progress.
Every decision goes through `ntm.criteria.services` (which asks `scope.may_edit_criteria`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ntm.core.model import DIRECTIONS, KINDS
from ntm.core.periods import parse_date
from ntm.core.values import value_fits
from ntm.core.workbook import DIRECTION_LABELS, KIND_LABELS
from ntm.criteria import services
from ntm.criteria.documents import CellKey, cells, diff
from ntm.criteria.impact import impact
from ntm.criteria.models import Document, PublishJob, Version
from ntm.storage import StorageFailed


def _document(code: str) -> Document:
    return get_object_or_404(Document, code=code)


def _readable_version(document: Document, number: int, may_edit: bool) -> Version:
    """A draft is the editors' work in progress, not yet law: only those who may edit the set read
    it (a commune officer would otherwise take an unpublished threshold for the one in force)."""
    version = get_object_or_404(
        Version.objects.select_related("based_on", "author"), document=document, number=number
    )
    if version.state == Version.State.DRAFT and not may_edit:
        raise Http404
    return version


@login_required
def criteria_versions(request, code: str):
    document = _document(code)
    may_edit = services.may_edit(request.user, document)
    versions = document.versions.select_related("author", "published_by")
    if not may_edit:
        versions = versions.exclude(state=Version.State.DRAFT)
    return render(
        request,
        "catalogs/versions.html",
        {
            "document": document,
            "versions": versions,
            "in_force": services.in_force(document),
            "may_edit": may_edit,
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
    if year and not (year.isdigit() and len(year) == 4 and 2000 <= int(year) <= 2100):
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
        # A blank field is left as it is; "optional" is a three-way choice for the same reason.
        fields: dict = {
            name: post[name].strip() for name in ("name_vi", "unit", "sector") if post.get(name, "").strip()
        }
        if post.get("optional") in ("yes", "no"):
            fields["optional"] = post["optional"] == "yes"
        for name, choices in (("kind", KINDS), ("direction", DIRECTIONS)):
            if post.get(name):
                fields[name] = post[name] if post[name] in choices else "?"
        if not fields:
            raise services.DraftInvalid([_("Chưa có thay đổi nào để ghi.")])
        services.edit_indicator(
            version, post.get("indicator", ""), fields, actor=request.user, reason=post.get("reason", "")
        )
        return _("Đã sửa chỉ tiêu.")
    if action == "publish":
        effective = parse_date(post.get("effective_from"))
        if effective is None:
            raise services.DraftInvalid(
                [_("Ngày hiệu lực không hợp lệ: hãy ghi ngày/tháng/năm, ví dụ 15/02/2026.")]
            )
        job = services.publish(
            version, actor=request.user, effective_from=effective, reason=post.get("reason", "")
        )
        return job
    raise services.DraftInvalid([_("Thao tác không hợp lệ.")])


@login_required
def criteria_version(request, code: str, number: int):
    document = _document(code)
    may_edit = services.may_edit(request.user, document)
    version = _readable_version(document, number, may_edit)
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
    rows = [
        (key, cell, records.get((key.indicator_code, key.column, key.year)))
        for key, cell in cells(version.content)
    ]
    preview = None
    if request.GET.get("impact") and version.state == Version.State.DRAFT:
        since = parse_date(request.GET.get("effective_from"))
        preview = impact(version, since)
    return render(
        request,
        "catalogs/version.html",
        {
            "document": document,
            "version": version,
            "may_edit": may_edit and version.state == Version.State.DRAFT,
            "changes": diff(version.based_on.content, version.content) if version.based_on else None,
            "rows": rows,
            "preview": preview,
            "kinds": KIND_LABELS.items(),
            "directions": DIRECTION_LABELS.items(),
        },
    )


@login_required
def criteria_job(request, pk: int):
    job = get_object_or_404(PublishJob.objects.select_related("version__document"), pk=pk)
    if not services.may_edit(request.user, job.version.document):
        raise Http404
    return render(request, "catalogs/job.html", {"job": job})


# --- the decision-layout workbook (ntm.core.workbook) ------------------------------------------

UPLOAD_SESSION_KEY = "criteria_upload"
UPLOAD_MAX_BYTES = 10 * 1024 * 1024


@login_required
def criteria_download(request, code: str, number: int):
    """A version as the workbook a legal officer recognises (one row per indicator)."""
    from django.http import HttpResponse

    from ntm.core.catalog import document_from_json
    from ntm.core.workbook import write_workbook

    document = _document(code)
    version = _readable_version(document, number, services.may_edit(request.user, document))
    response = HttpResponse(
        write_workbook(document_from_json(version.content)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{code}-v{number}.xlsx"'
    return response


def _read_upload(upload, document: Document) -> tuple[dict | None, list[str]]:
    """The document an uploaded workbook holds, or its cell-level errors; nothing is stored."""
    from ntm import tabular
    from ntm.core.workbook import LIMITS, WorkbookInvalid, read_workbook

    if upload is None:
        return None, [_("Hãy chọn tệp bảng tính (.xlsx).")]
    if upload.size > UPLOAD_MAX_BYTES:
        return None, [_("Tệp quá lớn (tối đa 10 MB).")]
    try:
        content = read_workbook(upload.read(), {name: tabular.limit(name) for name in LIMITS})
    except WorkbookInvalid as exc:
        return None, [str(e) for e in exc.errors]
    except (ValueError, KeyError, OSError):
        return None, [_("Không đọc được tệp: hãy dùng bảng tính xuất từ trang này (.xlsx).")]
    if services.document_code(content) != document.code:
        return None, [_("Bảng tính này thuộc bộ tiêu chí khác, không phải bộ đang mở.")]
    return content, []


@login_required
def criteria_upload(request, code: str):
    """Upload a workbook → preview (cell errors, or the diff against the version in force) →
    confirm: one draft, all or nothing. The checked document waits in the session in between."""
    from ntm.criteria.documents import to_json

    document = _document(code)
    if not services.may_edit(request.user, document):
        raise PermissionDenied
    context: dict = {"document": document}
    if request.method == "POST" and request.POST.get("action") == "confirm":
        pending = request.session.get(UPLOAD_SESSION_KEY) or {}
        if pending.get("code") != code:
            messages.error(request, _("Hãy tải bảng tính lên và xem trước trước khi tạo bản nháp."))
            return redirect("criteria_upload", code=code)
        try:
            draft = services.create_draft(
                code, pending["document"], request.user, request.POST.get("reason", "")
            )
        except services.DraftInvalid as exc:
            context["errors"] = exc.errors
        else:
            del request.session[UPLOAD_SESSION_KEY]
            messages.success(request, _("Đã tạo bản nháp từ bảng tính."))
            return redirect("criteria_version", code=code, number=draft.number)
    elif request.method == "POST":
        content, errors = _read_upload(request.FILES.get("file"), document)
        if content is not None:
            content = to_json(content)
            try:
                services.validate(document, content)
            except services.DraftInvalid as exc:
                errors = exc.errors
        if errors:
            context["errors"] = errors
            request.session.pop(UPLOAD_SESSION_KEY, None)
        else:
            base = services.latest_published(document)
            context["changes"] = diff(base.content if base else {}, content)
            context["ready"] = True
            request.session[UPLOAD_SESSION_KEY] = {"code": code, "document": content}
    return render(request, "catalogs/upload.html", context)
