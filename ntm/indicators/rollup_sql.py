"""The two statements of `rollups.rebuild_all`, for SQLite and PostgreSQL: the counting of every
roll-up of a set and year done by the database (GROUP BY over the assessments joined to the units
each roll-up counts), then written in place.

Which units a roll-up counts comes from the paths ("/province/district/commune/"): a parent in
force in the year counts the units at or below it, a parent of the other era the units with a
lineage counterpart at or below it. The paths are split into ids with the JSON functions (SQLite)
or `string_to_array` (PostgreSQL); the lists of met and provisional criteria are read with
`json_each` / `jsonb_array_elements_text`. The country is keyed 0 inside the statements (ids are
positive) so that it joins like any parent; the unique constraint on (parent, set, year) does not
hold for NULL parents, so the write is an update of existing rows after an insert of the missing
ones, not an `ON CONFLICT`.
"""

from ntm.units.models import AdminUnit, LineageLink

from .models import Assessment, Rollup

COUNTRY = 0  # the key of the country roll-up (parent NULL) inside the statements


class Dialect:
    """The SQL that differs between the two databases."""

    def __init__(self, vendor: str):
        if vendor not in ("sqlite", "postgresql"):
            raise NotImplementedError(f"roll-ups in SQL for {vendor}")
        self.pg = vendor == "postgresql"

    def path_ids(self, path: str, alias: str) -> str:
        """A table function: the ids of a path ("/1/22/333/"), as column `alias.value`."""
        if self.pg:
            return f"unnest(string_to_array(btrim({path}, '/'), '/')::bigint[]) AS {alias}(value)"
        return f"json_each('[' || replace(trim({path}, '/'), '/', ',') || ']') AS {alias}"

    def elements(self, json_list: str, alias: str) -> str:
        """A table function: the elements of a JSON list, as text column `alias.value`."""
        if self.pg:
            return f"jsonb_array_elements_text({json_list}) AS {alias}(value)"
        return f"json_each({json_list}) AS {alias}"

    def is_parent(self, column: str, key: str) -> str:
        """The roll-up's parent column holds the parent keyed `key` (the country: NULL and 0), in a
        form each database looks up in the unique index (parent, set, year) — PostgreSQL as two
        index probes OR-ed; a COALESCE on both sides made it compare every pair of roll-ups."""
        if self.pg:
            return f"({column} = {key} OR ({column} IS NULL AND {key} = {COUNTRY}))"
        return f"{column} IS nullif({key}, {COUNTRY})"

    def object_agg(self, key: str, value: str) -> str:
        return f"jsonb_object_agg({key}, {value})" if self.pg else f"json_group_object({key}, {value})"

    @property
    def empty_object(self) -> str:
        return "'{}'::jsonb" if self.pg else "'{}'"


def _in_force(alias: str) -> str:
    return (
        f"({alias}.valid_from IS NULL OR {alias}.valid_from <= %(day)s)"
        f" AND ({alias}.valid_to IS NULL OR {alias}.valid_to >= %(day)s)"
    )


def _ctes(d: Dialect, band: str, kinds: int) -> tuple[str, str]:
    """The common part: the assessments, the roll-ups to rebuild (`parent_key`), who each counts
    (`member`) and the counts per roll-up (`counted_rollup`)."""
    unit, link = AdminUnit._meta.db_table, LineageLink._meta.db_table
    assessment = Assessment._meta.db_table
    kind_list = ", ".join(f"%(kind_{n})s" for n in range(kinds))
    prefix = "rtrim(rtrim(s.path, '/'), '0123456789')"  # a path without its last id: the ancestors'
    return (
        f"""
assessed AS (
  SELECT unit_id, criteria_met, criteria_total, standard_met, standard_provisional,
         met_criteria, provisional_criteria
  FROM {assessment} WHERE set_code = %(set_code)s AND year = %(year)s
),
counterpart AS (
  SELECT l.predecessor_id AS unit_id, u.path FROM {link} l JOIN {unit} u ON u.id = l.successor_id
  UNION ALL
  SELECT l.successor_id, u.path FROM {link} l JOIN {unit} u ON u.id = l.predecessor_id
),
parent AS (
  SELECT DISTINCT x.value AS id FROM (
    SELECT u.path FROM assessed a JOIN {unit} u ON u.id = a.unit_id
    UNION ALL
    SELECT c.path FROM assessed a JOIN counterpart c ON c.unit_id = a.unit_id
  ) s, {d.path_ids(prefix, "x")}
),
parent_unit AS (
  SELECT u.id, CASE WHEN {_in_force("u")} THEN 1 ELSE 0 END AS current
  FROM parent p JOIN {unit} u ON u.id = p.id
),
parent_key AS (
  SELECT id FROM parent_unit
  UNION ALL
  SELECT {COUNTRY} WHERE EXISTS (SELECT 1 FROM assessed)
)""",
        f"""
counted AS (
  SELECT id, path FROM {unit} u WHERE u.kind IN ({kind_list}) AND {_in_force("u")}
),
member AS (
  SELECT {COUNTRY} AS parent_id, c.id AS unit_id FROM counted c
  UNION ALL
  SELECT p.id, c.id
  FROM counted c CROSS JOIN {d.path_ids("c.path", "x")} CROSS JOIN parent_unit p
  WHERE p.id = x.value AND p.current = 1
  UNION ALL
  SELECT DISTINCT p.id, c.id
  FROM counted c JOIN counterpart o ON o.unit_id = c.id
  CROSS JOIN {d.path_ids("o.path", "x")} CROSS JOIN parent_unit p
  WHERE p.id = x.value AND p.current = 0
),
scored AS (
  SELECT unit_id, criteria_met,
         CASE WHEN standard_met THEN 1 ELSE 0 END AS met,
         CASE WHEN standard_met AND standard_provisional THEN 1 ELSE 0 END AS provisional,
         {band} AS band
  FROM assessed
),
criterion AS MATERIALIZED (
  SELECT a.unit_id, m.value AS code,
         CASE WHEN EXISTS (
           SELECT 1 FROM {d.elements("a.provisional_criteria", "p")} WHERE p.value = m.value
         ) THEN 1 ELSE 0 END AS provisional
  FROM assessed a CROSS JOIN {d.elements("a.met_criteria", "m")}
),
total AS MATERIALIZED (
  SELECT m.parent_id, count(*) AS units_total, count(s.unit_id) AS units_assessed,
         coalesce(sum(s.met), 0) AS standard_met, coalesce(sum(s.criteria_met), 0) AS criteria_met_sum,
         coalesce(sum(s.provisional), 0) AS standard_provisional
  FROM member m LEFT JOIN scored s ON s.unit_id = m.unit_id
  GROUP BY m.parent_id
),
per_code AS (
  SELECT m.parent_id, c.code, count(*) AS n, sum(c.provisional) AS n_provisional
  FROM member m JOIN criterion c ON c.unit_id = m.unit_id
  GROUP BY m.parent_id, c.code
),
per_criterion AS MATERIALIZED (
  SELECT parent_id, {d.object_agg("code", "n")} AS counts,
         {d.object_agg("code", "n_provisional")} FILTER (WHERE n_provisional > 0) AS provisional
  FROM per_code GROUP BY parent_id
),
per_band AS (
  SELECT m.parent_id, s.band, count(*) AS n
  FROM member m JOIN scored s ON s.unit_id = m.unit_id
  GROUP BY m.parent_id, s.band
),
banded AS MATERIALIZED (
  SELECT parent_id, {d.object_agg("band", "n")} AS bands FROM per_band GROUP BY parent_id
),
counted_rollup AS MATERIALIZED (
  SELECT k.id AS parent_id, coalesce(t.units_total, 0) AS units_total,
         coalesce(t.units_assessed, 0) AS units_assessed, coalesce(t.standard_met, 0) AS standard_met,
         coalesce(t.criteria_met_sum, 0) AS criteria_met_sum,
         coalesce(t.standard_provisional, 0) AS standard_provisional,
         coalesce(c.counts, {d.empty_object}) AS per_criterion,
         coalesce(c.provisional, {d.empty_object}) AS per_criterion_provisional,
         coalesce(b.bands, {d.empty_object}) AS bands
  FROM parent_key k LEFT JOIN total t ON t.parent_id = k.id
  LEFT JOIN per_criterion c ON c.parent_id = k.id
  LEFT JOIN banded b ON b.parent_id = k.id
)""",
    )


def statements(vendor: str, band: str, kinds: int) -> tuple[str, str]:
    """(insert the missing roll-ups with zero counts, update every roll-up with its counts).

    `band` is the banding of an assessment as an expression over `criteria_met` and
    `criteria_total`; the units counted are of `kinds` kinds. Both statements take the parameters
    %(set_code)s, %(year)s, %(day)s (`year_era_date`), %(kind_0)s… and %(now)s, and the band's."""
    d = Dialect(vendor)
    keys, counts = _ctes(d, band, kinds)
    rollup = Rollup._meta.db_table
    empty = d.empty_object
    insert = f"""WITH {keys}
INSERT INTO {rollup} (parent_id, set_code, year, units_total, units_assessed, standard_met,
  criteria_met_sum, per_criterion, standard_provisional, per_criterion_provisional, bands, computed_at)
SELECT NULLIF(k.id, {COUNTRY}), %(set_code)s, %(year)s, 0, 0, 0, 0, {empty}, 0, {empty}, {empty}, %(now)s
FROM parent_key k
WHERE NOT EXISTS (
  SELECT 1 FROM {rollup} r
  WHERE {d.is_parent("r.parent_id", "k.id")} AND r.set_code = %(set_code)s AND r.year = %(year)s
)"""
    # WITH inside FROM, so that the statement begins with UPDATE: Python's sqlite3 gives no
    # rowcount for one beginning with WITH
    update = f"""UPDATE {rollup} SET units_total = n.units_total, units_assessed = n.units_assessed,
  standard_met = n.standard_met, criteria_met_sum = n.criteria_met_sum,
  standard_provisional = n.standard_provisional, per_criterion = n.per_criterion,
  per_criterion_provisional = n.per_criterion_provisional, bands = n.bands, computed_at = %(now)s
FROM (WITH {keys}, {counts} SELECT * FROM counted_rollup) AS n
WHERE {d.is_parent(f"{rollup}.parent_id", "n.parent_id")}
  AND {rollup}.set_code = %(set_code)s AND {rollup}.year = %(year)s"""
    return insert, update
