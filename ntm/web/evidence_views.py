"""Uploading and downloading evidence files; downloads only for users who may see the unit, streamed
from the storage (never a public bucket address)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm import storage
from ntm.accounts.scope import may_read, unit_for
from ntm.indicators.engine import applicable_sets
from ntm.indicators.evidence import EvidenceRejected, attach_evidence
from ntm.indicators.models import Evidence
from ntm.storage import StorageFailed


@login_required
@require_POST
def upload_evidence(request, pk: int, year: int):
    unit = unit_for(request, pk)
    set_code = request.POST.get("set", "")
    upload = request.FILES.get("file")
    if set_code in applicable_sets(unit, year):
        back = f"{reverse('data_entry', args=[unit.pk, year])}?set={set_code}#evidence"
    else:  # a crafted request: its data entry page does not exist, the unit's page shows the error
        back = reverse("unit_detail", args=[unit.pk])
    if upload is None:
        messages.error(request, _("Hãy chọn một tệp minh chứng."))
        return redirect(back)
    try:
        attach_evidence(
            actor=request.user,
            unit=unit,
            set_code=set_code,
            year=year,
            indicator_code=request.POST.get("indicator", ""),
            upload=upload,
            note=request.POST.get("note", ""),
        )
    except (EvidenceRejected, StorageFailed) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã lưu minh chứng “%(name)s”.") % {"name": upload.name})
    return redirect(back)


@login_required
def download_evidence(request, evidence_id: int):
    evidence = get_object_or_404(Evidence.objects.select_related("unit"), pk=evidence_id)
    if not may_read(request.user, evidence.unit):
        raise PermissionDenied
    try:
        stored = storage.open_file(evidence.file.storage, evidence.file.name or "")
    except StorageFailed as exc:
        messages.error(request, str(exc))
        return redirect("unit_detail", pk=evidence.unit_id)
    if stored is None:
        raise Http404(_("Tệp minh chứng không còn trong kho lưu trữ; hãy báo quản trị hệ thống."))
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
