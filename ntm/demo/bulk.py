"""Bulk writes for the demo through `ntm.indicators.versions`, the versioned write every door uses
(append a version, supersede the old one, skip a value equal to the current one).

The demo writes ~25,000 rows: each (set, year) is one `versions.write` of all its units, audited
with one record per (unit, set, year) listing the changes rather than one per row. `laichau.py`
then re-evaluates each changed (set, year) with `assess.reassess_many`.

Call inside a transaction (the loader is atomic).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ntm.audit import services as audit
from ntm.core.values import NA, coerce_value
from ntm.indicators import versions
from ntm.indicators.engine import NOT_APPLICABLE, catalog, dependent_sets
from ntm.units.models import AdminUnit


@dataclass
class Writer:
    actor: str
    source: str
    written: int = 0
    changed: set[tuple[str, int]] = field(default_factory=set)  # (set, year) pairs to reassess

    def statuses(self, set_code: str, year: int, rows: dict[AdminUnit, dict[str, bool]], reason: str) -> int:
        """Make these the current recorded statuses (criteria not listed are left as they are)."""
        known = {c.code for c in catalog().get(set_code).criteria}
        changes = []
        for unit, statuses in rows.items():
            for code, met in statuses.items():
                if code not in known:
                    raise ValueError(f"{code} is not a criterion of {set_code}")
                changes.append(versions.Change(unit.pk, set_code, year, code, met, self.source))
        return self._write(versions.STATUSES, set_code, year, rows, changes, reason)

    def values(self, set_code: str, year: int, rows: dict[AdminUnit, dict[str, Any]], reason: str) -> int:
        """Make these the current indicator values (indicators not listed are left as they are)."""
        cset = catalog().get(set_code)
        indicators = {i.code: i for c in cset.criteria for i in c.indicators}
        changes = []
        for unit, values in rows.items():
            for code, raw in values.items():
                value = coerce_value(indicators[code], raw)
                value = NOT_APPLICABLE if value is NA else value
                changes.append(versions.Change(unit.pk, set_code, year, code, value, self.source))
        return self._write(versions.VALUES, set_code, year, rows, changes, reason)

    def _write(self, kind, set_code: str, year: int, rows, changes, reason: str) -> int:
        units = {unit.pk: unit for unit in rows}
        written = versions.write(
            kind,
            actor=self.actor,
            changes=changes,
            units=units,
            reason=reason,
            is_demo=True,
            audit_mode="none",
        )
        before: dict[int, dict] = defaultdict(dict)
        after: dict[int, dict] = defaultdict(dict)
        for p in written.planned:
            if p.old_id is not None:
                before[p.unit_id][p.code] = p.old_value
            after[p.unit_id][p.code] = p.value
        audit.record_many(
            actor=self.actor,
            action=kind.action,
            object_type="units.adminunit",
            entries=(
                audit.Entry(str(pk), f"{units[pk].name} · {set_code} · {year}", before.get(pk) or None, new)
                for pk, new in sorted(after.items(), key=lambda item: units[item[0]].code)
            ),
            reason=reason,
        )
        if written.planned:
            self.changed.add((set_code, year))
            self.changed.update((dependent, year) for dependent in dependent_sets(set_code))
        self.written += len(written.planned)
        return len(written.planned)
