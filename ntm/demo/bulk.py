"""Bulk writes for the demo: the versioning rules of `ntm.indicators.services` (append a version,
supersede the old one, skip a value equal to the current one) applied to thousands of rows at once.

Why not the services: `record_statuses` / `save_values` write one row and one audit record at a
time (about 1 ms a row on SQLite, permission checks aside) and the demo writes ~25,000 rows; that
took 17 s for the 2011–2020 statuses alone. Here each (set, year) is one read of the current rows,
one UPDATE of the superseded ones and one `executemany` of the new ones, with one audit record per
(unit, set, year) listing the changes. `reassess.py` then evaluates and rolls up. tests/demo checks
the rows and assessments against the services' and the engine's own paths.

Call inside a transaction (the loader is atomic).
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone

from ntm.audit.models import AuditRecord
from ntm.core.values import NA, coerce_value
from ntm.indicators.engine import NOT_APPLICABLE, catalog
from ntm.indicators.models import CriterionStatus, IndicatorValue
from ntm.units.models import AdminUnit

CHUNK = 500


@dataclass
class Writer:
    actor: str
    source: str
    now: Any = field(default_factory=timezone.now)
    written: int = 0
    changed: set[tuple[str, int]] = field(default_factory=set)  # (set, year) pairs to reassess

    # ---- writes ---------------------------------------------------------------------------------

    def statuses(self, set_code: str, year: int, rows: dict[AdminUnit, dict[str, bool]], reason: str) -> int:
        """Make these the current recorded statuses (criteria not listed are left as they are)."""
        known = {c.code for c in catalog().get(set_code).criteria}
        current = {
            (s.unit_id, s.criterion_code): s
            for s in CriterionStatus.objects.filter(
                unit__in=[u.pk for u in rows], set_code=set_code, year=year, is_current=True
            ).values_list("pk", "unit_id", "criterion_code", "met", "version", named=True)
        }
        new, old_ids, audits = [], [], []
        for unit in sorted(rows, key=lambda u: u.code):
            changes, before = {}, {}
            for code, met in rows[unit].items():
                if code not in known:
                    raise ValueError(f"{code} is not a criterion of {set_code}")
                old = current.get((unit.pk, code))
                if (old.met if old else None) == met:
                    continue
                if old is not None:
                    old_ids.append(old.pk)
                    before[code] = old.met
                changes[code] = met
                new.append(
                    self._row(
                        set_code=set_code,
                        criterion_code=code,
                        unit_id=unit.pk,
                        year=year,
                        version=(old.version if old else 0) + 1,
                        met=met,
                        reason=reason,
                    )
                )
            if changes:
                audits.append(self._audit("status.record", unit, set_code, year, before, changes, reason))
        self._supersede(CriterionStatus, old_ids)
        insert_rows(CriterionStatus, new)
        return self._done(set_code, year, new, audits)

    def values(self, set_code: str, year: int, rows: dict[AdminUnit, dict[str, Any]], reason: str) -> int:
        """Make these the current indicator values (indicators not listed are left as they are)."""
        cset = catalog().get(set_code)
        indicators = {i.code: i for c in cset.criteria for i in c.indicators}
        current = {
            (v.unit_id, v.indicator_code): v
            for v in IndicatorValue.objects.filter(
                unit__in=[u.pk for u in rows],
                set_code=set_code,
                period=str(year),
                disaggregation="",
                is_current=True,
            ).values_list("pk", "unit_id", "indicator_code", "value", "version", named=True)
        }
        new, old_ids, audits = [], [], []
        for unit in sorted(rows, key=lambda u: u.code):
            changes, before = {}, {}
            for code, raw in rows[unit].items():
                value = coerce_value(indicators[code], raw)
                value = NOT_APPLICABLE if value is NA else value
                old = current.get((unit.pk, code))
                if (old.value if old else None) == value:
                    continue
                if old is not None:
                    old_ids.append(old.pk)
                    before[code] = old.value
                changes[code] = value
                new.append(
                    self._row(
                        set_code=set_code,
                        indicator_code=code,
                        unit_id=unit.pk,
                        period=str(year),
                        year=year,
                        disaggregation="",
                        version=(old.version if old else 0) + 1,
                        value=value,
                        reason=reason,
                    )
                )
            if changes:
                audits.append(self._audit("value.save", unit, set_code, year, before, changes, reason))
        self._supersede(IndicatorValue, old_ids)
        insert_rows(IndicatorValue, new)
        return self._done(set_code, year, new, audits)

    def _row(self, **columns) -> dict[str, Any]:
        """A new current version, labelled demo, by the loader."""
        return {
            **columns,
            "source": self.source,
            "author_id": None,
            "actor": self.actor,
            "created_at": self.now,
            "superseded_at": None,
            "is_current": True,
            "is_demo": True,
        }

    def _supersede(self, model, ids: list[int]) -> None:
        for start in range(0, len(ids), CHUNK):
            model.objects.filter(pk__in=ids[start : start + CHUNK]).update(
                is_current=False, superseded_at=self.now
            )

    def _audit(self, action, unit, set_code, year, before, changes, reason) -> AuditRecord:
        return AuditRecord(
            actor=self.actor,
            action=action,
            object_type="units.adminunit",
            object_id=str(unit.pk),
            object_label=f"{unit.name} · {set_code} · {year}",
            old=before or None,
            new=changes,
            reason=reason,
        )

    def _done(self, set_code: str, year: int, new: list, audits: list) -> int:
        AuditRecord.objects.bulk_create(audits, batch_size=CHUNK)
        if new:
            self.changed.add((set_code, year))
            for dependent in _dependents(set_code):
                self.changed.add((dependent, year))
        self.written += len(new)
        return len(new)


def insert_rows(model, rows: list[dict[str, Any]]) -> None:
    """`bulk_create` without its per-row and per-value cost, for append-only rows without signals
    or many-to-many data (values and statuses): `rows` map every column's attname to its value;
    each distinct value of a column is adapted once by the field itself (`get_db_prep_save`), then
    multi-row INSERTs as large as the backend's parameter limit allows. About 4× faster than
    bulk_create on SQLite."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_batch = min(1000, (connection.features.max_query_params or 65535) // len(fields))
    adapted: dict[str, dict] = {f.attname: {} for f in fields}
    params = []
    for values in rows:
        for f in fields:
            value = values[f.attname]
            if isinstance(value, dict | list):
                params.append(f.get_db_prep_save(value, connection))
                continue
            cache, key = adapted[f.attname], (type(value), value)
            if key not in cache:
                cache[key] = f.get_db_prep_save(value, connection)
            params.append(cache[key])
    width = len(fields)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_batch):
            count = min(per_batch, len(rows) - start)
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([marks] * count)}"
            cursor.execute(sql, params[start * width : (start + count) * width])


def _dependents(set_code: str) -> list[str]:
    return [c.code for c in catalog().sets.values() if any(r.set_code == set_code for r in c.requires)]
