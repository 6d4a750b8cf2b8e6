"""Writing a checked plan: all or nothing, in one transaction.

Values and statuses are appended through `indicators.versions.apply`, the versioned write every
door uses, in its bulk form: one guarded UPDATE per few hundred superseded rows and the new rows
through `indicators.staging.append` (COPY / executemany). Then every touched (set, year) is
re-evaluated once with `reassess_many`, which also rebuilds the roll-ups.

Audit: one `data.import` record per import with the counts and the instant of its versions
(`written_at`: every version it wrote carries that `created_at`). Corrections — values that
replace an earlier one — also get one `value.save` / `status.record` record each, as a manual
save would, as long as there are at most `AUDIT_EACH_LIMIT` of them; beyond that (a national
re-import) the versions themselves hold old and new, and the import record says so.

Concurrency is optimistic: the versions read when the plan was checked must still be current when
it is written (`versions.ValueConflict` otherwise); the whole import then rolls back with
`ImportConflict`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from ntm.audit import services as audit
from ntm.core.memory import without_cycle_collection
from ntm.indicators import versions
from ntm.indicators.assess import reassess_many
from ntm.indicators.engine import dependent_sets
from ntm.indicators.models import Assessment

from .plan import Plan, PlannedView

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
    except versions.ValueConflict as exc:
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
        self.actor = actor
        self.now = timezone.now()
        self.total = len(plan.value_changes) + len(plan.status_changes)
        self.done = 0

    def run(self, import_ref: str) -> ApplyResult:
        plan = self.plan
        corrected = plan.value_changes.corrections()
        result = ApplyResult(
            values_new=len(plan.value_changes) - corrected,
            values_changed=corrected,
            values_unchanged=len(plan.values) - len(plan.value_changes),
            statuses_written=len(plan.status_changes),
            statuses_unchanged=len(plan.statuses) - len(plan.status_changes),
        )
        self.progress("write", 0, self.total)
        self._write(versions.VALUES, plan.value_changes)
        self._write(versions.STATUSES, plan.status_changes)
        result.audit_id = self._audit_import(import_ref, result)
        result.assessed = self._reassess()
        return result

    # writing --------------------------------------------------------------------------------------

    def _write(self, kind: versions.Kind, changes: PlannedView) -> None:
        start = self.done

        def report(count: int) -> None:
            self.done = start + count
            self.progress("write", self.done, self.total)

        few = changes.corrections() <= AUDIT_EACH_LIMIT
        audit_mode: versions.AuditMode = "corrections" if few else "none"
        versions.apply(
            kind,
            changes,
            actor=self.actor,
            units=self.plan.units,
            reason=self.reason,
            source=self.source,
            is_demo=self.is_demo,
            audit_mode=audit_mode,
            now=self.now,
            on_chunk=report,
        )

    def _audit_import(self, import_ref: str, result: ApplyResult) -> int:
        counts = result.to_dict()
        del counts["assessed"], counts["audit_id"]
        record = audit.record(
            actor=self.actor,
            action="data.import",
            object_type="dataio.importjob",
            object_id=import_ref,
            label=f"Nhập từ tệp {self.plan.filename}"[:300],
            new={
                **counts,
                "file": self.plan.filename,
                "written_at": self.now.isoformat(),
                "each_correction_audited": max(result.values_changed, self.plan.status_changes.corrections())
                <= AUDIT_EACH_LIMIT,
                "units": len(set().union(*self.plan.touched.values())),
                "sets": sorted(f"{s} · {y}" for s, y in self.plan.touched),
            },
            reason=self.reason,
        )
        return record.pk

    # re-evaluation --------------------------------------------------------------------------------

    def _reassess(self) -> dict[str, int]:
        """Once per (set, year), then the sets that require it (advanced needs NTM) where assessed."""
        assessed: Counter = Counter()
        groups = sorted(self.plan.touched.items())
        for index, ((set_code, year), unit_ids) in enumerate(groups):
            self.progress("assess", index, len(groups))
            units = [self.plan.units[i] for i in sorted(unit_ids)]
            assessed[f"{set_code} · {year}"] += reassess_many(units, set_code, year)
            for dependent in dependent_sets(set_code):
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
