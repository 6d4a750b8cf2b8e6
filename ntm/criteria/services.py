"""Drafts, edits, maker–checker verification and publication of criteria documents.

Every write checks the actor's right (`scope.may_edit_criteria`), validates the whole document with
the core parser (problems name the path inside it, down to the threshold cell), and writes its
audit record in the same transaction. Published versions are never changed: an edit is a draft.
"""

import copy
import datetime
import hashlib
import uuid
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ntm import storage
from ntm.accounts.actors import actor_name, person
from ntm.accounts.scope import may_edit_criteria
from ntm.audit import services as audit
from ntm.core.catalog import CatalogError, document_errors
from ntm.core.model import DIRECTIONS, KINDS
from ntm.core.names import fold
from ntm.core.values import REASON_FIELD, REASON_MAX, InvalidValue, check_text
from ntm.indicators.engine import catalog
from ntm.indicators.evidence import EvidenceRejected, check_file
from ntm.queue import enqueue_on_commit
from ntm.units.models import AdminUnit, Level

from . import published
from .documents import CellKey, cell_of, cells, changed_cells, indicator_of, to_json
from .models import Cell, Document, PublishJob, Version


class DraftInvalid(ValueError):
    """The document does not validate; `errors` name each problem's place (cell-level)."""

    def __init__(self, errors: list[CatalogError] | list[str]):
        self.errors = [str(e) for e in errors]
        super().__init__("\n".join(self.errors))


INDICATOR_FIELDS = ("name_vi", "name_en", "kind", "direction", "unit", "sector", "optional")


# --- who may ---------------------------------------------------------------------------------


def provinces_of(document: Document) -> list[AdminUnit]:
    """The province units a document belongs to: an override file's province; a province-issued
    (village) set's province by its name in the code; none for a national set."""
    provinces = AdminUnit.objects.filter(level=Level.PROVINCE)
    if document.kind == Document.Kind.OVERRIDE:
        return list(provinces.filter(code=document.province_code))
    if document.code.startswith("thon-ntm-"):
        return [
            p
            for p in provinces
            if document.code.startswith(f"thon-ntm-{fold(p.short_name).replace(' ', '-')}-")
        ]
    return []


def may_edit(actor, document: Document) -> bool:
    return may_edit_criteria(actor, provinces_of(document))


def _require(actor, document: Document) -> None:
    if not may_edit(actor, document):
        raise PermissionDenied(
            "Chỉ quản trị hệ thống sửa được bộ tiêu chí quốc gia; văn phòng điều phối tỉnh sửa "
            "được điều chỉnh và bộ tiêu chí của tỉnh mình."
        )


def _reason(reason: str) -> str:
    try:
        text = check_text(REASON_FIELD, reason, REASON_MAX)
    except InvalidValue as exc:
        raise DraftInvalid([str(exc)]) from None
    if not text.strip():
        raise DraftInvalid(["Cần ghi lý do."])
    return text.strip()


# --- reading ---------------------------------------------------------------------------------


def in_force(document: Document, on: datetime.date | None = None) -> Version | None:
    """The published version in force on a day (today by default)."""
    year = (on or datetime.date.today()).year
    rows = list(document.versions.exclude(state=Version.State.DRAFT).order_by("-number"))
    end = datetime.date(year, 12, 31)
    pool = [v for v in rows if v.effective_from is None or v.effective_from <= end] or rows[-1:]
    return max(pool, key=lambda v: v.number) if pool else None


def latest_published(document: Document) -> Version | None:
    return document.versions.filter(state=Version.State.PUBLISHED).order_by("-number").first()


def validate(document: Document, content: dict) -> None:
    errors = document_errors(document.kind, document.code, content, catalog())
    if errors:
        raise DraftInvalid(errors)


# --- drafts ----------------------------------------------------------------------------------


def document_code(document: dict) -> str:
    """The code a document is kept under: a set's code; for a province's override file, the code
    of that province's override document (a new one, named after the province and decision, when
    the province has none yet)."""
    if "province_code" not in document:
        return str(document.get("code", ""))
    province = str(document.get("province_code", ""))
    existing = (
        Document.objects.filter(kind=Document.Kind.OVERRIDE, province_code=province)
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    if existing:
        return existing
    raw = document.get("decision")
    decision: dict = raw if isinstance(raw, dict) else {}
    number = "".join(ch for ch in str(decision.get("number", "")).split("/")[0] if ch.isdigit())
    name = fold(str(document.get("province_name", province))).replace(" ", "-")
    return "-".join(part for part in (name, number) if part) or f"tinh-{province}"


@transaction.atomic
def create_draft(set_code: str, document: dict, actor, reason: str) -> Version:
    """A new draft version of the set (or override file) `set_code` holding `document` (the YAML's
    structure), based on the latest published version. Raises DraftInvalid (every problem, with
    its place) or PermissionDenied; writes nothing then.

    A threshold cell whose value or source differs from the base version is recorded as entered by
    `actor` and unverified, whatever the document says: only a second person verifies (`verify_cell`)."""
    doc = Document.objects.filter(code=set_code).first()
    if doc is None and isinstance(document, dict) and "province_code" in document:
        doc = Document(
            kind=Document.Kind.OVERRIDE, code=set_code, province_code=str(document["province_code"])
        )
        _require(actor, doc)
        doc.save()
    if doc is None:
        raise DraftInvalid([f"Không có bộ tiêu chí “{set_code}”."])
    _require(actor, doc)
    reason = _reason(reason)
    base = latest_published(doc)
    content = to_json(document)
    validate(doc, content)
    changed = set(changed_cells(base.content if base else None, content))
    base_cells = dict(cells(base.content)) if base else {}
    for key, cell in cells(content):
        if key in changed or (cell.get("verified") and not base_cells.get(key, {}).get("verified")):
            cell["verified"] = False
    version = _new_version(doc, content, actor, reason, base)
    _carry_cells(version, base, changed, actor)
    audit.record(
        actor=actor,
        action="criteria.draft",
        obj=version,
        label=version.label,
        new={
            "number": version.number,
            "based_on": base.number if base else None,
            "changed_cells": len(changed),
        },
        reason=reason,
    )
    return version


def _new_version(doc: Document, content: dict, actor, reason: str, base: Version | None) -> Version:
    number = (doc.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return Version.objects.create(
        document=doc,
        number=number,
        content=content,
        based_on=base,
        author=person(actor),
        actor=actor_name(actor)[:150],
        reason=reason,
    )


def _carry_cells(version: Version, base: Version | None, changed: set[CellKey], actor) -> None:
    """Cell records of a new draft: carried from the base for unchanged cells, new for changed ones."""
    old = {(c.indicator_code, c.column, c.year): c for c in base.cells.all()} if base else {}
    now = timezone.now()
    rows = []
    for key, cell in cells(version.content):
        before = old.get((key.indicator_code, key.column, key.year))
        if key in changed or before is None:
            rows.append(
                Cell(
                    version=version,
                    indicator_code=key.indicator_code,
                    column=key.column,
                    year=key.year,
                    value=cell.get("value"),
                    entered_by=person(actor) if key in changed else None,
                    entered_at=now if key in changed else (base.created_at if base else now),
                )
            )
        else:
            carried = copy.copy(before)
            carried.pk, carried.version = None, version
            rows.append(carried)
    Cell.objects.bulk_create(rows)


def _draft(version: Version) -> Version:
    if version.state != Version.State.DRAFT:
        raise DraftInvalid(["Chỉ sửa được bản nháp; phiên bản đã ban hành được giữ nguyên."])
    return version


def _save_content(version: Version, content: dict) -> None:
    validate(version.document, content)
    version.content = content
    version.save(update_fields=["content"])


@transaction.atomic
def edit_cell(version: Version, key: CellKey, *, value, source: str, actor, reason: str) -> Cell:
    """Change a threshold cell of a draft: entered by `actor`, unverified until someone else verifies."""
    version = Version.objects.select_for_update().get(pk=version.pk)
    _require(actor, version.document)
    _draft(version)
    reason = _reason(reason)
    content = copy.deepcopy(version.content)
    cell = cell_of(content, key)
    if cell is None:
        raise DraftInvalid([f"Không có ô ngưỡng {key.indicator_code} · {key.column}."])
    old = dict(cell)
    cell.update(value=value, source=source.strip(), verified=False)
    cell.pop("placeholder", None)
    _save_content(version, content)
    record = _cell_record(version, key)
    record.value, record.entered_by, record.entered_at = value, person(actor), timezone.now()
    record.verified_by, record.verified_at, record.decision, record.clause = None, None, "", ""
    record.document_file, record.document_name, record.document_sha256 = "", "", ""
    record.save()
    audit.record(
        actor=actor,
        action="criteria.cell.edit",
        obj=record,
        label=str(record),
        old=old,
        new=dict(cell),
        reason=reason,
    )
    return record


def _cell_record(version: Version, key: CellKey) -> Cell:
    record = version.cells.filter(indicator_code=key.indicator_code, column=key.column, year=key.year).first()
    if record is None:
        record = Cell(
            version=version,
            indicator_code=key.indicator_code,
            column=key.column,
            year=key.year,
            entered_at=version.created_at,
        )
    return record


@transaction.atomic
def edit_indicator(version: Version, code: str, fields: dict, *, actor, reason: str) -> None:
    """Change an indicator's wording, kind, direction, unit, sector or optional flag in a draft."""
    version = Version.objects.select_for_update().get(pk=version.pk)
    _require(actor, version.document)
    _draft(version)
    reason = _reason(reason)
    content = copy.deepcopy(version.content)
    indicator = indicator_of(content, code)
    if indicator is None:
        raise DraftInvalid([f"Không có chỉ tiêu “{code}”."])
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise DraftInvalid([f"Không sửa được trường {', '.join(sorted(unknown))}."])
    if fields.get("kind") not in (None, *KINDS) or fields.get("direction") not in (None, *DIRECTIONS):
        raise DraftInvalid(["Loại hoặc chiều so sánh không hợp lệ."])
    old = {name: indicator.get(name) for name in fields}
    for name, value in fields.items():
        if value in ("", None) and name in ("unit", "sector"):
            indicator.pop(name, None)
        else:
            indicator[name] = value
    _save_content(version, content)
    audit.record(
        actor=actor,
        action="criteria.indicator.edit",
        obj=version,
        label=f"{version.label} · {code}",
        old=old,
        new=dict(fields),
        reason=reason,
    )


# --- maker–checker ---------------------------------------------------------------------------


class OwnEntry(PermissionDenied):
    """The verifier entered the value: a second person must confirm it."""


def verify_cell(version: Version, key: CellKey, *, actor, decision: str, clause: str, upload=None) -> Cell:
    """Confirm a draft's threshold cell against a named clause of a named decision (optionally its
    PDF). Refused (OwnEntry) to the person who entered the value. The cell becomes verified, its
    source the decision and clause; who, when and against what are recorded and audited."""
    decision, clause = decision.strip(), clause.strip()
    if not decision or not clause:
        raise DraftInvalid(["Cần ghi số văn bản và điều, khoản, mục đối chiếu."])
    if len(decision) > 200 or len(clause) > 200:
        raise DraftInvalid(["Số văn bản và điều khoản tối đa 200 ký tự."])
    version = Version.objects.get(pk=version.pk)
    _require(actor, version.document)
    _draft(version)
    record = _cell_record(version, key)
    if record.pk is None and cell_of(version.content, key) is None:
        raise DraftInvalid([f"Không có ô ngưỡng {key.indicator_code} · {key.column}."])
    if record.entered_by_id is not None and record.entered_by_id == getattr(person(actor), "pk", None):
        raise OwnEntry("Không được tự xác minh ngưỡng do chính mình nhập: cần một người khác đối chiếu.")
    if upload is None:
        return _verify(version, key, actor, decision, clause, {})
    head = upload.read(8)
    upload.seek(0)
    try:
        check_file(upload.name, head, upload.size)
    except EvidenceRejected as exc:
        raise DraftInvalid([str(exc)]) from None
    if Path(upload.name).suffix.lower() != ".pdf":
        raise DraftInvalid(["Văn bản đính kèm phải là tệp PDF."])
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = f"criteria/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"
    files = Cell._meta.get_field("document_file").storage
    with storage.kept_with_row(files, name, upload) as stored, transaction.atomic(durable=True):
        return _verify(
            version,
            key,
            actor,
            decision,
            clause,
            {
                "document_file": stored,
                "document_name": Path(upload.name).name[:255],
                "document_sha256": digest.hexdigest(),
            },
        )


@transaction.atomic
def _verify(version: Version, key: CellKey, actor, decision: str, clause: str, file: dict) -> Cell:
    version = Version.objects.select_for_update().get(pk=version.pk)
    content = copy.deepcopy(version.content)
    cell = cell_of(content, key)
    if cell is None:
        raise DraftInvalid([f"Không có ô ngưỡng {key.indicator_code} · {key.column}."])
    old = dict(cell)
    cell.update(verified=True, source=f"{decision}, {clause}")
    cell.pop("placeholder", None)
    _save_content(version, content)
    record = _cell_record(version, key)
    record.value = cell.get("value")
    record.verified_by, record.verified_at = person(actor), timezone.now()
    record.decision, record.clause = decision, clause
    for name, value in file.items():
        setattr(record, name, value)
    record.save()
    audit.record(
        actor=actor,
        action="criteria.cell.verify",
        obj=record,
        label=str(record),
        old=old,
        new={**cell, "decision": decision, "clause": clause, "document": file.get("document_name", "")},
        reason=f"Đối chiếu {decision}, {clause}",
    )
    return record


# --- publication -----------------------------------------------------------------------------


@transaction.atomic
def publish(version: Version, *, actor, effective_from: datetime.date, reason: str) -> PublishJob:
    """Put a draft in force from `effective_from` (the years from its year use it; earlier years
    keep the version in force then) and queue the re-evaluation of the assessments it touches."""
    version = Version.objects.select_for_update().get(pk=version.pk)
    _require(actor, version.document)
    _draft(version)
    reason = _reason(reason)
    validate(version.document, version.content)
    previous = list(version.document.versions.filter(state=Version.State.PUBLISHED))
    Version.objects.filter(pk__in=[p.pk for p in previous]).update(state=Version.State.SUPERSEDED)
    version.state = Version.State.PUBLISHED
    version.effective_from = effective_from
    version.published_by = person(actor)
    version.published_at = timezone.now()
    version.save(update_fields=["state", "effective_from", "published_by", "published_at"])
    audit.record(
        actor=actor,
        action="criteria.publish",
        obj=version,
        label=version.label,
        old={"published": [p.number for p in previous]},
        new={"number": version.number, "effective_from": effective_from.isoformat()},
        reason=reason,
    )
    published.SOURCE.invalidate()
    transaction.on_commit(published.SOURCE.invalidate)
    job = PublishJob.objects.create(version=version, user=person(actor))
    from .jobs import reevaluate

    enqueue_on_commit(reevaluate, job.pk)
    return job
