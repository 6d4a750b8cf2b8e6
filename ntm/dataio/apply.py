"""Writing a checked plan: all or nothing, in one transaction.

Values and statuses are appended as new versions exactly as `indicators.services.save_values` and
`record_statuses` do (old version superseded at the same instant, version + 1, author, actor,
reason), but in bulk: one UPDATE per few hundred superseded rows, and the new rows through
`bulk.insert_rows` (COPY / executemany; see there why not `bulk_create`). Then every touched
(set, year) is re-evaluated once with `reassess_many`, which also rebuilds the roll-ups.

Audit: one `data.import` record per import with the counts and the instant of its versions
(`written_at`: every version it wrote carries that `created_at`). Corrections — values that
replace an earlier one — also get one `value.save` / `status.record` record each, as a manual
save would, as long as there are at most `AUDIT_EACH_LIMIT` of them; beyond that (a national
re-import) the versions themselves hold old and new, and the import record says so.

Concurrency is optimistic: a superseded row must still be current when the UPDATE runs, and the
database's unique constraints refuse a second "version 1"; either way the whole import rolls back
with `ImportConflict`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from ntm.accounts.actors import person
from ntm.audit import services as audit
from ntm.audit.models import AuditRecord
from ntm.core.memory import without_cycle_collection
from ntm.indicators.assess import reassess_many
from ntm.indicators.engine import catalog
from ntm.indicators.models import Assessment, CriterionStatus, IndicatorValue

from .bulk import insert_rows, prepare
from .plan import Plan, Planned

CHUNK = 500
AUDIT_EACH_LIMIT = 5000  # corrections audited one by one up to this many per import
Progress = Callable[[str, int, int], None]


class ImportConflict(Exception):
    """Someone wrote one of the same values meanwhile: nothing was written."""


@dataclass
class ApplyResult:
    values_new: int = 0
    values_changed: int = 0
    values_unchanged: int = 0
    statuses_written: int = 0
    statuses_unchanged: int = 0
    assessed: dict[str, int] = field(default_factory=dict)  # "set · year" -> units re-evaluated
    audit_id: int | None = None

    def to_dict(self) -> dict:
        return {
            "values_new": self.values_new,
            "values_changed": self.values_changed,
            "values_unchanged": self.values_unchanged,
            "statuses_written": self.statuses_written,
            "statuses_unchanged": self.statuses_unchanged,
            "assessed": self.assessed,
            "audit_id": self.audit_id,
        }


@without_cycle_collection()  # a national file is a million rows: see there
def apply_plan(
    plan: Plan,
    *,
    actor,
    reason: str,
    source: str = "",
    import_ref: str = "",
    progress: Progress | None = None,
    finish: Callable[[ApplyResult], None] | None = None,
    is_demo: bool = False,
) -> ApplyResult:
    """Write every change of a checked plan and re-evaluate; `finish` runs in the same transaction."""
    if not plan.ok:
        raise ValueError("a plan with errors cannot be written")
    if not reason.strip():
        raise ValueError("an import needs a reason")
    writer = _Writer(plan, actor, reason, source, is_demo, progress or (lambda phase, done, total: None))
    try:
        with transaction.atomic():
            result = writer.run(import_ref)
            if finish:
                finish(result)
    except IntegrityError as exc:
        raise ImportConflict(
            "Trong lúc ghi, đã có người lưu giá trị mới cho cùng đơn vị và chỉ tiêu: không ghi gì. "
            "Hãy kiểm tra lại tệp rồi xác nhận lại."
        ) from exc
    return result


class _Writer:
    def __init__(self, plan: Plan, actor, reason: str, source: str, is_demo: bool, progress: Progress):
        self.plan, self.reason, self.source, self.is_demo, self.progress = (
            plan,
            reason,
            source,
            is_demo,
            progress,
        )
        self.user = person(actor)
        self.actor = actor
        self.actor_name = actor.get_username() if self.user else str(actor)
        self.now = timezone.now()
        self.total = len(plan.value_changes) + len(plan.status_changes)
        self.done = 0

    def run(self, import_ref: str) -> ApplyResult:
        plan = self.plan
        result = ApplyResult(
            values_new=sum(1 for p in plan.value_changes if p.old_id is None),
            values_changed=sum(1 for p in plan.value_changes if p.old_id is not None),
            values_unchanged=len(plan.values) - len(plan.value_changes),
            statuses_written=len(plan.status_changes),
            statuses_unchanged=len(plan.statuses) - len(plan.status_changes),
        )
        self.progress("write", 0, self.total)
        self._write(IndicatorValue, plan.value_changes, self._value_rows, "value.save", "indicator")
        self._write(CriterionStatus, plan.status_changes, self._status_rows, "status.record", "criterion")
        result.audit_id = self._audit_import(import_ref, result).pk
        result.assessed = self._reassess()
        return result

    # writing --------------------------------------------------------------------------------------

    def _write(self, model, changes: list[Planned], build, action: str, what: str) -> None:
        superseded = [p.old_id for p in changes if p.old_id is not None]
        for start in range(0, len(superseded), CHUNK):
            chunk = superseded[start : start + CHUNK]
            updated = model.objects.filter(pk__in=chunk, is_current=True).update(
                is_current=False, superseded_at=self.now
            )
            if updated != len(chunk):
                raise ImportConflict(
                    "Trong lúc ghi, đã có người sửa một số giá trị trong tệp: không ghi gì. "
                    "Hãy kiểm tra lại tệp rồi xác nhận lại."
                )
        fields, rows = build(changes)
        start = self.done

        def report(count: int) -> None:
            self.done = start + count
            self.progress("write", self.done, self.total)

        insert_rows(model, fields, rows, on_chunk=report)
        corrections = [p for p in changes if p.old_id is not None]
        if corrections and len(corrections) <= AUDIT_EACH_LIMIT:
            self._audit_corrections(model, corrections, action, what)

    def _common(self, model) -> dict:
        """The columns every new version shares, in database form."""
        return {
            "reason": self.reason,
            "author_id": self.user.pk if self.user else None,
            "actor": self.actor_name,
            "created_at": prepare(model, "created_at", self.now),
            "is_current": True,
            "is_demo": self.is_demo,
        }

    def _value_rows(self, changes: list[Planned]):
        common = self._common(IndicatorValue)
        prepared: dict = {}

        def json(value):
            key = (value.__class__, value)
            if key not in prepared:
                prepared[key] = prepare(IndicatorValue, "value", value)
            return prepared[key]

        fields = [
            "set_code",
            "indicator_code",
            "unit",
            "period",
            "year",
            "disaggregation",
            "version",
            "value",
            "source",
            *common,
        ]
        rows = (
            (
                p.entry.set_code,
                p.entry.code,
                p.unit_id,
                str(p.entry.year),
                p.entry.year,
                "",
                p.old_version + 1,
                json(p.value),
                p.entry.source or self.source,
                *common.values(),
            )
            for p in changes
        )
        return fields, rows

    def _status_rows(self, changes: list[Planned]):
        common = self._common(CriterionStatus)
        fields = ["set_code", "criterion_code", "unit", "year", "version", "met", "source", *common]
        rows = (
            (
                p.entry.set_code,
                p.entry.code,
                p.unit_id,
                p.entry.year,
                p.old_version + 1,
                p.value,
                p.entry.source or self.source,
                *common.values(),
            )
            for p in changes
        )
        return fields, rows

    def _audit_corrections(self, model, corrections: list[Planned], action: str, what: str) -> None:
        """The record `save_values` / `record_statuses` would have written for each correction."""
        code_field = "indicator_code" if what == "indicator" else "criterion_code"
        new_ids = {
            (unit_id, set_code, code, year): pk
            for unit_id, set_code, code, year, pk in model.objects.filter(
                created_at=self.now, actor=self.actor_name, unit_id__in={p.unit_id for p in corrections}
            ).values_list("unit_id", "set_code", code_field, "year", "pk")
        }
        key = "value" if what == "indicator" else "met"
        records = []
        for p in corrections:
            unit = self.plan.units[p.unit_id]
            label = p.entry.code if what == "indicator" else f"TC{p.entry.code}"
            records.append(
                AuditRecord(
                    user=self.user,
                    actor=self.actor_name,
                    action=action,
                    object_type=model._meta.label_lower,
                    object_id=str(new_ids[(p.unit_id, p.entry.set_code, p.entry.code, p.entry.year)]),
                    object_label=f"{unit.name} · {p.entry.set_code} · {label} · {p.entry.year}"[:300],
                    old={key: p.old_value, "version": p.old_version},
                    new={key: p.value, "version": p.old_version + 1},
                    reason=self.reason,
                )
            )
        AuditRecord.objects.bulk_create(records, batch_size=1000)

    def _status_corrections(self) -> int:
        return sum(1 for p in self.plan.status_changes if p.old_id is not None)

    def _audit_import(self, import_ref: str, result: ApplyResult) -> AuditRecord:
        counts = result.to_dict()
        del counts["assessed"], counts["audit_id"]
        return audit.record(
            actor=self.actor,
            action="data.import",
            object_type="dataio.importjob",
            object_id=import_ref,
            label=f"Nhập từ tệp {self.plan.filename}"[:300],
            new={
                **counts,
                "file": self.plan.filename,
                "written_at": self.now.isoformat(),
                "each_correction_audited": max(result.values_changed, self._status_corrections())
                <= AUDIT_EACH_LIMIT,
                "units": len({p.unit_id for p in (*self.plan.value_changes, *self.plan.status_changes)}),
                "sets": sorted(f"{s} · {y}" for s, y in self.plan.touched),
            },
            reason=self.reason,
        )

    # re-evaluation --------------------------------------------------------------------------------

    def _reassess(self) -> dict[str, int]:
        """Once per (set, year), then the sets that require it (advanced needs NTM) where assessed."""
        assessed: Counter = Counter()
        groups = sorted(self.plan.touched.items())
        for index, ((set_code, year), unit_ids) in enumerate(groups):
            self.progress("assess", index, len(groups))
            units = [self.plan.units[i] for i in sorted(unit_ids)]
            assessed[f"{set_code} · {year}"] += reassess_many(units, set_code, year)
            for dependent in _dependents(set_code):
                again = set(
                    Assessment.objects.filter(
                        unit_id__in=unit_ids, set_code=dependent, year=year
                    ).values_list("unit_id", flat=True)
                )
                if again:
                    units = [self.plan.units[i] for i in sorted(again)]
                    assessed[f"{dependent} · {year}"] += reassess_many(units, dependent, year)
        self.progress("assess", len(groups), len(groups))
        return dict(assessed)


def _dependents(set_code: str) -> list[str]:
    return [c.code for c in catalog().sets.values() if any(r.set_code == set_code for r in c.requires)]
