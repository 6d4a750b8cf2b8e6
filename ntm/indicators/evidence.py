"""Evidence files: checked for type and size, stored outside the web root (NTM_VAR_DIR/evidence),
attached to the current version of the value they support, and audited."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from ntm.accounts.permissions import can_edit_criterion
from ntm.audit import services as audit
from ntm.core.values import RefusedValue, check_text

from .engine import catalog
from .models import Evidence, IndicatorValue

# extension -> (content type, magic bytes prefixes)
ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    ".xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
}


class EvidenceRejected(ValueError):
    pass


NOTE_FIELD = "Mô tả minh chứng"


def max_bytes() -> int:
    return getattr(settings, "NTM_EVIDENCE_MAX_MB", 20) * 1024 * 1024


def check_file(name: str, head: bytes, size: int) -> str:
    """The content type for an acceptable file; EvidenceRejected says what to fix otherwise."""
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED:
        raise EvidenceRejected(f"Không nhận tệp “{name}”: chỉ nhận {', '.join(sorted(ALLOWED))}.")
    if size > max_bytes():
        raise EvidenceRejected(
            f"Tệp “{name}” quá lớn ({size / 1048576:.1f} MB); tối đa {max_bytes() // 1048576} MB."
        )
    content_type, magics = ALLOWED[suffix]
    if not any(head.startswith(magic) for magic in magics):
        raise EvidenceRejected(f"Nội dung tệp “{name}” không đúng định dạng {suffix}.")
    return content_type


@transaction.atomic
def attach_evidence(*, actor, unit, set_code: str, year: int, indicator_code: str, upload, note: str = ""):
    if not 2000 <= year <= 2100:
        raise EvidenceRejected(f"Năm {year} không hợp lệ: minh chứng gắn với một năm từ 2000 đến 2100.")
    try:
        note = check_text(NOTE_FIELD, note, 300)
    except RefusedValue as exc:
        raise EvidenceRejected(str(exc)) from None
    cset = catalog().get(set_code)
    criterion = next(c for c in cset.criteria if any(i.code == indicator_code for i in c.indicators))
    if not can_edit_criterion(actor, unit, criterion):
        raise PermissionDenied(f"Bạn không có quyền nộp minh chứng cho {unit.name}.")
    head = upload.read(8)
    upload.seek(0)
    content_type = check_file(upload.name, head, upload.size)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = Evidence.objects.create(
        unit=unit,
        set_code=set_code,
        year=year,
        indicator_code=indicator_code,
        note=note,
        file=upload,
        original_name=Path(upload.name).name,
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    current = IndicatorValue.objects.filter(
        unit=unit, set_code=set_code, period=str(year), indicator_code=indicator_code, is_current=True
    ).first()
    if current is not None:
        current.evidence.add(evidence)
    audit.record(
        actor=actor,
        action="evidence.upload",
        obj=evidence,
        label=f"{unit.name} · {set_code} · {indicator_code} · {year} · {evidence.original_name}",
        new={"name": evidence.original_name, "size": evidence.size, "sha256": evidence.sha256},
        reason=note,
    )
    return evidence
