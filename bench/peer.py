"""The DuckDB peer of the batch kernel: the same rule checks as one SQL query over the same values.

Tables (in-memory DuckDB):

- `units(uid, year, pkey)`: one row per unit-year; `pkey` names its threshold table, i.e. the
  (threshold column, year, province-if-a-provincial-override-exists) key the kernel's `Planner`
  compiles once — resolved here with the catalog's own `resolve_thresholds`;
- `thr(pkey, ind, crit, dir, tnum, tflag)`: the resolved threshold of every indicator with a plain
  one;
- `cases(pkey, ind, crit, basis, pos, lo, hi, dir, tnum, tflag)`: the cases of a threshold chosen
  by a basis value (`Threshold.cases`): case `pos` applies when the value of indicator `basis` lies
  in [lo, hi] (NULL: open);
- `crit(crit, ord, n, rule, needed, complete)` and `crit_codes(crit, code)`: the criteria, `n`
  counting the indicators compared (basis indicators are not);
- `vals(uid, year, ind, num, flag, na)`: the values, typed (numbers, booleans, "n/a");
- `rec(uid, year, crit, met)`: recorded criterion statuses.

Indicator and criterion codes are numbered, statuses are small integers, and only the values
present are joined (an indicator without a value is counted as missing from the criterion's
indicator count), so the query is a fair columnar formulation, not a row-by-row transcription.

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

from .dataset import NA_TEXT

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
    SELECT v.uid, v.year, t.crit, {_COMPARE} AS s
    FROM vals v
    JOIN units u ON u.uid = v.uid AND u.year = v.year
    JOIN thr t ON t.pkey = u.pkey AND t.ind = v.ind
),
per_case AS (  -- a value against each case of a cased threshold, with the unit's basis value
    SELECT v.uid, v.year, v.ind, t.crit, t.pos, b.num AS basis,
        (t.lo IS NULL OR b.num >= t.lo) AND (t.hi IS NULL OR b.num <= t.hi) AS holds,
        {_COMPARE} AS s
    FROM vals v
    JOIN units u ON u.uid = v.uid AND u.year = v.year
    JOIN cases t ON t.pkey = u.pkey AND t.ind = v.ind
    LEFT JOIN vals b ON b.uid = v.uid AND b.year = v.year AND b.ind = t.basis
),
cased AS (  -- the first case that holds for the basis value (missing when none does); without
            -- a basis value, the status all cases agree on, else missing (ResolvedThreshold.for_values)
    SELECT uid, year, crit,
        CASE
            WHEN any_value(basis) IS NOT NULL THEN coalesce(arg_min(s, pos) FILTER (WHERE holds), 0)
            WHEN min(s) = max(s) THEN min(s)
            ELSE 0
        END AS s
    FROM per_case
    GROUP BY uid, year, ind, crit
),
ind AS (
    SELECT * FROM plain
    UNION ALL
    SELECT * FROM cased
),
counts AS (
    SELECT uid, year, crit,
        count(*) AS given,
        count(*) FILTER (WHERE s = 0) AS unthresholded,
        count(*) FILTER (WHERE s = 1) AS met,
        count(*) FILTER (WHERE s = 2) AS failed,
        count(*) FILTER (WHERE s = 3) AS na
    FROM ind
    GROUP BY uid, year, crit
),
computed AS (  -- every criterion of every unit-year, combined by its rule (status.combine)
    SELECT u.uid, u.year, c.crit, c.ord,
        c.n - coalesce(k.na, 0) AS applicable,
        coalesce(k.met, 0) AS met,
        coalesce(k.failed, 0) AS failed,
        c.n - coalesce(k.given, 0) + coalesce(k.unthresholded, 0) AS missing,  -- basis ones aside
        c.rule, c.needed, c.complete
    FROM units u
    CROSS JOIN crit c
    LEFT JOIN counts k ON k.uid = u.uid AND k.year = u.year AND k.crit = c.crit
),
statuses AS (  -- 1 met, 2 not met, 0 missing, 3 not applicable; a recorded status fills a missing one
    SELECT c.uid, c.year, c.crit, c.ord,
        CASE
            WHEN computed_status = 0 AND r.met IS NOT NULL THEN CASE WHEN r.met THEN 1 ELSE 2 END
            ELSE computed_status
        END AS status
    FROM (
        SELECT *,
            CASE
                WHEN applicable = 0 THEN CASE WHEN complete THEN 3 ELSE 0 END
                WHEN rule = 'all' THEN
                    CASE WHEN failed > 0 THEN 2 WHEN missing = 0 AND complete THEN 1 ELSE 0 END
                WHEN met >= needed THEN 1
                WHEN complete AND met + missing < needed THEN 2
                ELSE 0
            END AS computed_status
        FROM computed
    ) c
    LEFT JOIN rec r ON r.uid = c.uid AND r.year = c.year AND r.crit = c.crit
)
SELECT uid, year,
    count(*) FILTER (WHERE status = 1) AS met_count,
    CASE
        WHEN bool_or(status = 2) THEN 'not_met'
        WHEN bool_or(status = 0) THEN 'missing'
        ELSE 'met'
    END AS standard,
    coalesce(string_agg(code, ',' ORDER BY ord) FILTER (WHERE status = 1), '') AS met_criteria
FROM statuses
JOIN crit_codes USING (crit)
GROUP BY uid, year
"""

Result = dict[tuple[int, int], tuple[int, str, str]]  # (uid, year) -> (met count, standard, met criteria)


class Peer:
    """Tables built from the same in-memory inputs as the kernel's; `run()` times only the query."""

    def __init__(self, catalog: Catalog, set_code: str, workdir: Path, threads: int | None = None):
        import duckdb

        self.catalog, self.cset = catalog, catalog.get(set_code)
        if self.cset.requires or self.cset.conditions:
            raise NotImplementedError(f"{set_code}: required sets and extra conditions are not in the SQL")
        if not self.cset.criteria and not self.cset.complete:
            raise NotImplementedError(f"{set_code}: a set without criteria is never evaluated here")
        self.workdir = workdir
        self.db = duckdb.connect(":memory:")
        if threads:
            self.db.execute(f"SET threads = {int(threads)}")
        self._keys: dict[tuple, int] = {}

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

        Indicator and criterion codes are numbered (dictionary encoding, as a column store would);
        values of codes the set does not have are left out, as the kernel never reads them."""
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
                writers["units"].writerow((uid, year, self._pkey(profile, year)))
                for code, value in values.items():
                    if value is None or code not in indicators:
                        continue
                    ind, kind = indicators[code]
                    if value == NA_TEXT:
                        row = (uid, year, ind, "", "", "true")
                    elif isinstance(value, bool):
                        row = (uid, year, ind, "", "true" if value else "false", "false")
                    elif kind == "boolean":
                        raise ValueError(f"{code}: the peer reads booleans typed, got {value!r}")
                    else:
                        row = (uid, year, ind, repr(float(value)), "", "false")
                    writers["vals"].writerow(row)
                    n_values += 1
                for code, met in recorded.items():
                    if code in criteria and met is not None:
                        writers["rec"].writerow(
                            (uid, year, criteria[code], "true" if met in (True, "met") else "false")
                        )
        finally:
            for handle in handles.values():
                handle.close()
        db = self.db
        schemas = {
            "units": "uid INTEGER, year SMALLINT, pkey INTEGER",
            "vals": "uid INTEGER, year SMALLINT, ind SMALLINT, num DOUBLE, flag BOOLEAN, na BOOLEAN",
            "rec": "uid INTEGER, year SMALLINT, crit SMALLINT, met BOOLEAN",
        }
        for name, schema in schemas.items():
            db.execute(f"CREATE TABLE {name} ({schema})")
            if files[name].stat().st_size:
                db.execute(f"COPY {name} FROM '{files[name]}' (FORMAT csv, HEADER false)")
        db.execute(
            "CREATE TABLE thr (pkey INTEGER, ind SMALLINT, crit SMALLINT, dir TINYINT, "
            "tnum DOUBLE, tflag BOOLEAN)"
        )
        db.execute(
            "CREATE TABLE cases (pkey INTEGER, ind SMALLINT, crit SMALLINT, basis SMALLINT, pos SMALLINT, "
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
                    key = (pkey, indicators[indicator.code][0], criteria[criterion.code])
                    direction = directions[indicator.direction]
                    if not threshold.cases:
                        rows.append((*key, direction, *_typed(indicator.code, threshold.value)))
                        continue
                    for pos, (when, case) in enumerate(threshold.cases):
                        basis, bounds = indicators[when.indicator][0], (when.min, when.max)
                        typed = _typed(indicator.code, case.value)
                        case_rows.append((*key, basis, pos, *bounds, direction, *typed))
        if rows:
            db.executemany("INSERT INTO thr VALUES (?, ?, ?, ?, ?, ?)", rows)
        if case_rows:
            db.executemany("INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", case_rows)
        db.execute(
            "CREATE TABLE crit (crit SMALLINT, ord SMALLINT, n SMALLINT, rule VARCHAR, "
            "needed SMALLINT, complete BOOLEAN)"
        )
        db.executemany(
            "INSERT INTO crit VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    n,
                    n,
                    sum(not i.basis for i in c.indicators),
                    c.rule,
                    1 if c.rule == "any" else (c.at_least or 0),
                    c.complete,
                )
                for n, c in enumerate(self.cset.criteria)
            ],
        )
        db.execute("CREATE TABLE crit_codes (crit SMALLINT, code VARCHAR)")
        db.executemany("INSERT INTO crit_codes VALUES (?, ?)", [(n, code) for code, n in criteria.items()])
        for path in files.values():
            path.unlink()
        return n_values

    def run(self) -> Result:
        rows = self.db.execute(QUERY).fetchall()
        return {(uid, year): (met, standard, met_criteria) for uid, year, met, standard, met_criteria in rows}

    def explain(self) -> str:
        return self.db.execute("EXPLAIN " + QUERY).fetchall()[0][1]


def _typed(code: str, value: Any) -> tuple[float | None, bool | None]:
    """(tnum, tflag) of a threshold value: a number, a yes/no, or neither (no threshold)."""
    if isinstance(value, list):
        raise NotImplementedError(f"{code}: a list of accepted values")
    tflag = value if isinstance(value, bool) else None
    return (float(value) if value is not None and tflag is None else None), tflag
