"""Evidence files: checked for type and size, kept in the "default" storage (local disk under
NTM_VAR_DIR/evidence or a private S3 bucket, never web-served), attached to the current version of
the value they support, and audited."""

import hashlib
import uuid
from pathlib import Path
from typing import cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ntm import storage
from ntm.accounts.permissions import can_edit_criterion
from ntm.audit import services as audit
from ntm.core.values import RefusedValue, check_text

from .engine import catalog, in_force
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


NOTE_MAX = cast(int, Evidence._meta.get_field("note").max_length)


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


def _checked_request(*, set_code: str, year: int, indicator_code: str, note: str):
    """The criterion the evidence supports, once set, year, indicator (or a recorded criterion's
    code) and note are acceptable; EvidenceRejected says what to fix otherwise. Runs before
    anything is stored."""
    if not 2000 <= year <= 2100:
        raise EvidenceRejected(f"Năm {year} không hợp lệ: minh chứng gắn với một năm từ 2000 đến 2100.")
    cset = catalog().sets.get(set_code)
    if cset is None:
        raise EvidenceRejected("Bộ tiêu chí không hợp lệ; hãy mở lại trang nhập số liệu và chọn bộ tiêu chí.")
    if not in_force(cset, year):
        ends = cset.valid_to.year if cset.valid_to else "nay"
        raise EvidenceRejected(
            f"Bộ tiêu chí {cset.name_vi} áp dụng cho các năm {cset.valid_from.year}–{ends}, "
            f"không nhận minh chứng cho năm {year}."
        )
    criterion = next((c for c in cset.criteria if any(i.code == indicator_code for i in c.indicators)), None)
    if criterion is None:  # evidence for a criterion whose result is recorded, not computed
        criterion = next(
            (c for c in cset.criteria if c.code == indicator_code and (not c.complete or not c.indicators)),
            None,
        )
    if criterion is None:
        raise EvidenceRejected(f"Chỉ tiêu “{indicator_code}” không có trong bộ tiêu chí {cset.name_vi}.")
    try:
        check_text(NOTE_FIELD, note, NOTE_MAX)
    except RefusedValue as exc:
        raise EvidenceRejected(str(exc)) from None
    return criterion


def attach_evidence(*, actor, unit, set_code: str, year: int, indicator_code: str, upload, note: str = ""):
    """Check the request and the file, store the file, then write the row, its link to the current
    value and the audit record in one transaction; if that transaction fails the file is removed
    (security review F12). Raises EvidenceRejected, PermissionDenied or StorageFailed."""
    criterion = _checked_request(set_code=set_code, year=year, indicator_code=indicator_code, note=note)
    if not can_edit_criterion(actor, unit, criterion):
        raise PermissionDenied(f"Bạn không có quyền nộp minh chứng cho {unit.name}.")
    head = upload.read(8)
    upload.seek(0)
    content_type = check_file(upload.name, head, upload.size)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    original_name = Path(upload.name).name
    # A name of our own: the user's file name is kept on the row, never used as a storage key.
    name = f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}{Path(original_name).suffix.lower()}"
    files = Evidence._meta.get_field("file").storage
    with storage.kept_with_row(files, name, upload) as stored, transaction.atomic(durable=True):
        return _record(
            actor=actor,
            unit=unit,
            fields={
                "set_code": set_code,
                "year": year,
                "indicator_code": indicator_code,
                "note": note.strip(),
                "file": stored,
                "original_name": original_name,
                "content_type": content_type,
                "size": upload.size,
                "sha256": digest.hexdigest(),
            },
        )


def _record(*, actor, unit, fields: dict) -> Evidence:
    evidence = Evidence.objects.create(unit=unit, uploaded_by=actor, **fields)
    current = IndicatorValue.objects.filter(
        unit=unit,
        set_code=evidence.set_code,
        period=str(evidence.year),
        indicator_code=evidence.indicator_code,
        is_current=True,
    ).first()
    if current is not None:
        current.evidence.add(evidence)
    audit.record(
        actor=actor,
        action="evidence.upload",
        obj=evidence,
        label=f"{unit.name} · {evidence.set_code} · {evidence.indicator_code} · {evidence.year} · "
        f"{evidence.original_name}",
        new={"name": evidence.original_name, "size": evidence.size, "sha256": evidence.sha256},
        reason=evidence.note,
    )
    return evidence
