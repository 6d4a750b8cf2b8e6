"""The DuckDB peer of the batch kernel: the same rule checks as one lean SQL query over the same values.

Tables (in-memory DuckDB), every unit-year numbered once at load time (`uk`, an integer key):

- `units(uk, pkey)`: one row per unit-year; `pkey` names its threshold table, i.e. the
  (threshold column, year, province-if-a-provincial-override-exists) key the kernel's `Planner`
  compiles once — resolved here with the catalog's own `resolve_thresholds`;
- `thr(tk, crit, dir, tnum, tflag)`: the resolved threshold of every indicator with a plain one,
  `tk` = pkey × 64 + indicator number;
- `cases(tk, crit, basis, pos, lo, hi, dir, tnum, tflag)`: the cases of a threshold chosen
  by a basis value (`Threshold.cases`): case `pos` applies when the value of indicator `basis` lies
  in [lo, hi] (NULL: open);
- `crit(crit, n, rule, needed, complete, absent, weight)`: the criteria, `n` counting the indicators
  compared (basis indicators are not), `absent` the status of a criterion none of whose
  indicators has a value (missing, or not applicable when it compares none), `weight` 4^crit;
- `vals(uk, ind, num, flag, na)`: the values, typed (numbers, booleans, "n/a");
- `rec(uc, status)`: recorded criterion statuses, `uc` = uk × 32 + criterion number.

The formulation is lean: statuses are computed only where values exist (no cross join of every
unit-year with every criterion); recorded statuses come in by a FULL JOIN on (unit-year,
criterion); each unit-year's statuses are folded into one integer, two bits per criterion
(`vector`), as the difference from the status every criterion has without data. The answer per
unit-year is the criteria met, the standard and that vector: the full status vector.

The query applies, in SQL, exactly what `ntm.core.batch` applies in Python: an indicator is missing
without a value or a threshold, not applicable when declared "n/a", else met by its comparison; a
basis indicator is never compared (not applicable, so left out of its criterion's count); a cased
threshold is the first case whose condition holds for the unit's basis value (missing when none
does), and without a basis value the indicator is decided only when every case gives it the same
status, else missing (`rules.ResolvedThreshold.for_values`, `evaluate._evaluate_cased`); a
criterion combines its indicators by its rule (`status.combine`: all / any / at least N, an
incomplete criterion never computed as met); a recorded status fills in a criterion the values
leave missing; the standard is met when every criterion is (not applicable ones aside), missing
when none fails but one is missing. Sets with extra conditions or required sets are refused.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ntm.core import Catalog, UnitProfile, resolve_thresholds
from ntm.core.rules import column_for
from ntm.core.status import parse_recorded

from .dataset import NA_TEXT

# Status codes: what the two bits of a criterion in the vector hold.
STATUSES = ("missing", "met", "not_met", "not_applicable")

# The status of one value against one threshold row `t` (0 missing, 1 met, 2 not met, 3 not applicable).
_COMPARE = """CASE
            WHEN t.tnum IS NULL AND t.tflag IS NULL THEN 0
            WHEN v.na THEN 3
            WHEN t.dir = 1 THEN CASE WHEN v.num >= t.tnum THEN 1 ELSE 2 END
            WHEN t.dir = 2 THEN CASE WHEN v.num <= t.tnum THEN 1 ELSE 2 END
            WHEN t.tflag IS NOT NULL THEN CASE WHEN v.flag = t.tflag THEN 1 ELSE 2 END
            ELSE CASE WHEN v.num = t.tnum THEN 1 ELSE 2 END
        END"""

QUERY = f"""
WITH plain AS (  -- one row per value given against a plain threshold: its status
    SELECT v.uk * 32 + t.crit AS uc, {_COMPARE} AS s
    FROM vals v
    JOIN units u USING (uk)
    JOIN thr t ON t.tk = u.pkey * 64 + v.ind
),
per_case AS (  -- a value against each case of a cased threshold, with the unit's basis value
    SELECT v.uk * 32 + t.crit AS uc, v.ind, t.pos, b.num AS basis,
        (t.lo IS NULL OR b.num >= t.lo) AND (t.hi IS NULL OR b.num <= t.hi) AS holds,
        {_COMPARE} AS s
    FROM vals v
    JOIN units u USING (uk)
    JOIN cases t ON t.tk = u.pkey * 64 + v.ind
    LEFT JOIN vals b ON b.uk = v.uk AND b.ind = t.basis
),
cased AS (  -- the first case that holds for the basis value (missing when none does); without
            -- a basis value, the status all cases agree on, else missing (ResolvedThreshold.for_values)
    SELECT uc,
        CASE
            WHEN any_value(basis) IS NOT NULL THEN coalesce(arg_min(s, pos) FILTER (WHERE holds), 0)
            WHEN min(s) = max(s) THEN min(s)
            ELSE 0
        END AS s
    FROM per_case
    GROUP BY uc, ind
),
counts AS (  -- per unit-year and criterion with at least one value (uc: unit-year key × 32 + criterion)
    SELECT uc,
        count(*) AS given,
        count(*) FILTER (WHERE s = 0) AS unthresholded,
        count(*) FILTER (WHERE s = 1) AS met,
        count(*) FILTER (WHERE s = 2) AS failed,
        count(*) FILTER (WHERE s = 3) AS na
    FROM (SELECT * FROM plain UNION ALL SELECT * FROM cased)
    GROUP BY uc
),
computed AS (  -- combined by the criterion's rule (status.combine); a recorded status fills a missing one
    SELECT uc // 32 AS uk, c.absent, c.weight,
        CASE
            WHEN k.uc IS NULL THEN c.absent
            WHEN c.n - k.na = 0 THEN CASE WHEN c.complete THEN 3 ELSE 0 END
            WHEN c.rule = 'all' THEN
                CASE
                    WHEN k.failed > 0 THEN 2
                    WHEN c.n = k.given - k.unthresholded AND c.complete THEN 1
                    ELSE 0
                END
            WHEN k.met >= c.needed THEN 1
            WHEN c.complete AND k.met + c.n - k.given + k.unthresholded < c.needed THEN 2
            ELSE 0
        END AS computed,
        r.status AS recorded
    FROM counts k
    FULL JOIN rec r USING (uc)
    JOIN crit c ON c.crit = uc % 32
),
statuses AS (
    SELECT uk, absent, weight,
        CASE WHEN computed = 0 AND recorded IS NOT NULL THEN recorded ELSE computed END AS status
    FROM computed
),
folded AS (  -- the unit-year's vector as the difference from every criterion's status without data
    SELECT uk,
        count(*) FILTER (WHERE status = 1) AS met,
        count(*) FILTER (WHERE status = 2) AS failed,
        count(*) FILTER (WHERE status = 0) - count(*) FILTER (WHERE absent = 0) AS missing,
        sum((status - absent) * weight)::BIGINT AS delta
    FROM statuses
    GROUP BY uk
)
SELECT u.uk, coalesce(f.met, 0),
    CASE
        WHEN f.failed > 0 THEN 2
        WHEN coalesce(f.missing, 0) + $absent_missing > 0 THEN 0
        ELSE 1
    END,
    $absent_vector + coalesce(f.delta, 0)
FROM units u
LEFT JOIN folded f USING (uk)
"""

Result = dict[int, tuple[int, int, int]]  # unit-year key -> (met count, standard, status vector)
Answer = dict[tuple[int, int], tuple[int, str, tuple[str, ...]]]  # (uid, year) -> (met, standard, statuses)


class Peer:
    """Tables built from the same in-memory inputs as the kernel's; `run()` times only the query
    and its rows read into Python (`answers()` turns them into the comparable form, untimed, as
    `bench.kernel.answers` does for the kernel's rows)."""

    def __init__(self, catalog: Catalog, set_code: str, workdir: Path, threads: int | None = None):
        import duckdb

        self.catalog, self.cset = catalog, catalog.get(set_code)
        if self.cset.requires or self.cset.conditions:
            raise NotImplementedError(f"{set_code}: required sets and extra conditions are not in the SQL")
        if not self.cset.criteria and not self.cset.complete:
            raise NotImplementedError(f"{set_code}: a set without criteria is never evaluated here")
        if len(self.cset.criteria) > 31 or len(self.cset.indicators()) > 64:
            raise NotImplementedError(f"{set_code}: more criteria or indicators than the keys hold")
        self.workdir = workdir
        self.db = duckdb.connect(":memory:")
        if threads:
            self.db.execute(f"SET threads = {int(threads)}")
        self._keys: dict[tuple, int] = {}
        self._unit_years: list[tuple[int, int]] = []  # by unit-year key
        self.query = QUERY

    def _pkey(self, profile: UnitProfile, year: int) -> int:
        column, _ = column_for(self.cset, profile)
        overrides = self.catalog.overrides_for(self.cset.code, profile.province_code)
        key = (column, year, profile.province_code if overrides else None)
        if key not in self._keys:
            self._keys[key] = len(self._keys)
            self._thresholds.append((self._keys[key], profile, year))
        return self._keys[key]

    def load(self, inputs: Iterable[tuple[int, int, UnitProfile, dict[str, Any], dict[str, Any]]]) -> int:
        """(uid, year, profile, values, recorded) per unit-year; returns the number of value rows.

        Unit-years, indicator and criterion codes are numbered (dictionary encoding, as a column
        store would); values of codes the set does not have are left out, as the kernel never
        reads them."""
        self._thresholds: list[tuple[int, UnitProfile, int]] = []
        self.workdir.mkdir(parents=True, exist_ok=True)
        files = {name: (self.workdir / f"peer-{name}.csv") for name in ("units", "vals", "rec")}
        handles = {name: path.open("w", newline="") for name, path in files.items()}
        writers = {name: csv.writer(handle) for name, handle in handles.items()}
        indicators = {i.code: (n, i.kind) for n, i in enumerate(self.cset.indicators())}
        criteria = {c.code: n for n, c in enumerate(self.cset.criteria)}
        n_values = 0
        try:
            for uid, year, profile, values, recorded in inputs:
                uk = len(self._unit_years)
                self._unit_years.append((uid, year))
                writers["units"].writerow((uk, self._pkey(profile, year)))
                for code, value in values.items():
                    if value is None or code not in indicators:
                        continue
                    ind, kind = indicators[code]
                    if value == NA_TEXT:
                        row = (uk, ind, "", "", "true")
                    elif isinstance(value, bool):
                        row = (uk, ind, "", "true" if value else "false", "false")
                    elif kind == "boolean":
                        raise ValueError(f"{code}: the peer reads booleans typed, got {value!r}")
                    else:
                        row = (uk, ind, repr(float(value)), "", "false")
                    writers["vals"].writerow(row)
                    n_values += 1
                for code, raw in recorded.items():
                    status = parse_recorded(raw) if code in criteria else None
                    if status is not None:
                        uc = uk * 32 + criteria[code]
                        writers["rec"].writerow((uc, STATUSES.index(str(status))))
        finally:
            for handle in handles.values():
                handle.close()
        db = self.db
        schemas = {
            "units": "uk INTEGER, pkey INTEGER",
            "vals": "uk INTEGER, ind SMALLINT, num DOUBLE, flag BOOLEAN, na BOOLEAN",
            "rec": "uc BIGINT, status TINYINT",
        }
        for name, schema in schemas.items():
            db.execute(f"CREATE TABLE {name} ({schema})")
            if files[name].stat().st_size:
                db.execute(f"COPY {name} FROM '{files[name]}' (FORMAT csv, HEADER false)")
        db.execute("CREATE TABLE thr (tk INTEGER, crit SMALLINT, dir TINYINT, tnum DOUBLE, tflag BOOLEAN)")
        db.execute(
            "CREATE TABLE cases (tk INTEGER, crit SMALLINT, basis SMALLINT, pos SMALLINT, "
            "lo DOUBLE, hi DOUBLE, dir TINYINT, tnum DOUBLE, tflag BOOLEAN)"
        )
        directions = {">=": 1, "<=": 2, "=": 3}
        rows, case_rows = [], []
        for pkey, profile, year in self._thresholds:
            resolved = resolve_thresholds(self.catalog, self.cset, profile, year)
            for criterion in self.cset.criteria:
                for indicator in criterion.indicators:
                    if indicator.basis:  # never compared: not applicable, whatever its value
                        continue
                    threshold = resolved[indicator.code]
                    key = (pkey * 64 + indicators[indicator.code][0], criteria[criterion.code])
                    direction = directions[indicator.direction]
                    if not threshold.cases:
                        rows.append((*key, direction, *_typed(indicator.code, threshold.value)))
                        continue
                    for pos, (when, case) in enumerate(threshold.cases):
                        basis, bounds = indicators[when.indicator][0], (when.min, when.max)
                        typed = _typed(indicator.code, case.value)
                        case_rows.append((*key, basis, pos, *bounds, direction, *typed))
        if rows:
            db.executemany("INSERT INTO thr VALUES (?, ?, ?, ?, ?)", rows)
        if case_rows:
            db.executemany("INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", case_rows)
        db.execute(
            "CREATE TABLE crit (crit SMALLINT, n SMALLINT, rule VARCHAR, needed SMALLINT, complete BOOLEAN, "
            "absent TINYINT, weight BIGINT)"
        )
        table = []
        for n, c in enumerate(self.cset.criteria):
            compared = sum(not i.basis for i in c.indicators)
            # without any value: every indicator missing (status.combine), none compared: n/a
            absent = 3 if compared == 0 and c.complete else 0
            needed = 1 if c.rule == "any" else (c.at_least or 0)
            table.append((n, compared, c.rule, needed, c.complete, absent, 4**n))
        db.executemany("INSERT INTO crit VALUES (?, ?, ?, ?, ?, ?, ?)", table)
        absent_missing = sum(1 for row in table if row[5] == 0)
        absent_vector = sum(row[5] * row[6] for row in table)
        self.query = QUERY.replace("$absent_missing", str(absent_missing)).replace(
            "$absent_vector", f"{absent_vector}::BIGINT"
        )
        for path in files.values():
            path.unlink()
        return n_values

    def run(self) -> Result:
        return {
            uk: (met, standard, vector)
            for uk, met, standard, vector in self.db.execute(self.query).fetchall()
        }

    def answers(self, result: Result) -> Answer:
        """(uid, year) -> (criteria met, standard, every criterion's status in the set's order)."""
        n = len(self.cset.criteria)
        return {
            self._unit_years[uk]: (
                met,
                STATUSES[standard],
                tuple(STATUSES[(vector >> (2 * c)) & 3] for c in range(n)),
            )
            for uk, (met, standard, vector) in result.items()
        }

    def explain(self) -> str:
        return self.db.execute("EXPLAIN " + self.query).fetchall()[0][1]


def _typed(code: str, value: Any) -> tuple[float | None, bool | None]:
    """(tnum, tflag) of a threshold value: a number, a yes/no, or neither (no threshold)."""
    if isinstance(value, list):
        raise NotImplementedError(f"{code}: a list of accepted values")
    tflag = value if isinstance(value, bool) else None
    return (float(value) if value is not None and tflag is None else None), tflag
