"""The roll-ups a bulk re-evaluation rebuilds in one statement (`rebuild_all`) are what `rebuild`
counts for each parent one by one, on pre-reform and post-reform boundaries alike."""

import pytest

from ntm.indicators import rollups
from ntm.indicators.models import Assessment, Rollup
from ntm.units.models import AdminUnit

pytestmark = pytest.mark.django_db

# demo years on both sides of the 2025 reform: the other era's parents count through the lineage
YEARS = [("xa-ntm-2016", 2018), ("xa-ntm-2021", 2024), ("xa-ntm-2026", 2026)]


def _state(set_code: str, year: int) -> dict:
    fields = (*rollups.COUNTED_COLUMNS, "recognised")
    return {
        r.parent_id: {field: getattr(r, field) for field in fields}
        for r in Rollup.objects.filter(set_code=set_code, year=year)
    }


def _vary(set_code: str, year: int) -> None:
    """Give the demo's assessments what the bands and provisional counts must tell apart: verdicts
    resting on unconfirmed thresholds, sets of other sizes than 19 (all met, each share, none of 0),
    and an assessment of the unit above a commune, which the commune roll-ups must not count."""
    assessed = list(Assessment.objects.filter(set_code=set_code, year=year).order_by("unit__code"))
    assert len(assessed) > 20, "the demo data has this set and year"
    for n, assessment in enumerate(assessed):
        met = assessment.met_criteria
        if n % 3 == 0:  # some of its met criteria rest on unconfirmed thresholds, and one unmet
            assessment.provisional_criteria = [*met[:2], "không-đạt"]
            assessment.standard_provisional = True
        if n % 4 == 1:
            assessment.criteria_total = 8
            assessment.criteria_met = [8, 6, 4, 2, 1, 0][n // 4 % 6]
        if n == 2:
            assessment.criteria_total = assessment.criteria_met = 0
    Assessment.objects.bulk_update(
        assessed, ["provisional_criteria", "standard_provisional", "criteria_total", "criteria_met"]
    )
    Assessment.objects.update_or_create(
        unit=assessed[0].unit.parent,
        set_code=set_code,
        year=year,
        defaults={
            "criteria_met": 3,
            "criteria_total": 19,
            "standard_met": False,
            "met_criteria": ["1", "2", "3"],
            "result": {},
        },
    )


@pytest.mark.parametrize(("set_code", "year"), YEARS)
def test_rebuild_all_counts_what_rebuild_counts_for_each_parent(set_code, year):
    _vary(set_code, year)
    stale = Rollup.objects.filter(set_code=set_code, year=year)
    stale.update(units_total=999, standard_met=999, per_criterion={"1": 999}, bands={"19": 999}, recognised=7)
    gone = set(stale.filter(parent__isnull=True).values_list("pk", flat=True))  # the country, and
    gone |= set(stale.exclude(parent__isnull=True).order_by("pk").values_list("pk", flat=True)[::2])
    Rollup.objects.filter(pk__in=gone).delete()  # half the others: rebuilt from nothing
    kept = set(stale.values_list("parent_id", flat=True))

    rebuilt = rollups.rebuild_all(set_code, year)
    by_sql = _state(set_code, year)

    expected_parents = set()
    for assessment in Assessment.objects.filter(set_code=set_code, year=year).select_related("unit"):
        expected_parents |= rollups.rollup_parent_ids(assessment.unit)
    assert set(by_sql) == expected_parents and rebuilt == len(by_sql)
    recognised = {p for p, state in by_sql.items() if state["recognised"] == 7}
    assert recognised == kept, "`recognised` is left as the decisions set it"
    assert any(state["per_criterion_provisional"] for state in by_sql.values())
    assert {"100%", "≥75%", "≥50%", "≥25%", "<25%"} <= {b for s in by_sql.values() for b in s["bands"]}
    day = rollups.year_era_date(year)
    other_era = [p for p in by_sql if p and not AdminUnit.objects.get(pk=p).in_force_on(day)]
    assert any(by_sql[p]["units_assessed"] for p in other_era), "counted through the lineage"

    for parent_id in by_sql:
        rollups.rebuild(AdminUnit.objects.get(pk=parent_id) if parent_id else None, set_code, year)
    assert _state(set_code, year) == by_sql


def test_nothing_assessed_rebuilds_nothing():
    assert rollups.rebuild_all("xa-ntm-2016", 1990) == 0
    assert not Rollup.objects.filter(year=1990).exists()


def test_the_database_bands_a_unit_as_band_of_does():
    from django.db import connection

    case, params = rollups.band_case("m", "t")
    pairs = [(met, total) for total in (0, 1, 3, 7, 8, 18, 19, 20, 21) for met in range(total + 1)]
    with connection.cursor() as cursor:
        for met, total in pairs:
            cursor.execute(
                f"SELECT {case} FROM (SELECT %(met)s AS m, %(total)s AS t) AS x",
                params
                | {
                    "met": met,
                    "total": total,
                },
            )
            assert cursor.fetchone()[0] == rollups.band_of(met, total), (met, total)
