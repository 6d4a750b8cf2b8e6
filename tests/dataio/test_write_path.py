"""The bulk form of the versioned write an import uses: many rows go through the staging table and
one insert in index order, still versioned, superseding the current rows, all or nothing; units and
author are checked once for the whole write, as the foreign keys the tables no longer carry did."""

import pytest
from django.db import IntegrityError, transaction

from ntm.indicators import staging, versions
from ntm.indicators.models import IndicatorValue
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

SET, YEAR = "xa-ntm-2021", 2019  # a year the demo has no values for


def _planned(units, codes, value, old=None):
    old = old or {}
    out = []
    for unit in units:
        for code in codes:
            pk, version, before = old.get((unit.pk, code), (None, 0, None))
            out.append(versions.Planned(unit.pk, SET, YEAR, code, value, "", pk, version, before))
    return out


def _current():
    rows = IndicatorValue.objects.current().annual(SET, YEAR)
    return {(r.unit_id, r.indicator_code): (r.pk, r.version, r.value) for r in rows}


@pytest.fixture
def communes(lai_chau):
    return list(AdminUnit.objects.filter(path__startswith=lai_chau.path, level=Level.COMMUNE)[:60])


def test_many_rows_are_staged_versioned_and_supersede_the_current_ones(user, communes):
    codes = [f"T{i}" for i in range(50)]
    assert len(communes) * len(codes) > staging.STAGE_ABOVE
    actor = user("tinh.laichau")
    with transaction.atomic():
        first = _planned(communes, codes, 1.5)
        versions.apply(versions.VALUES, first, actor=actor, units={}, reason="", audit_mode="none")
    current = _current()
    assert len(current) == len(first) and {v[1:] for v in current.values()} == {(1, 1.5)}
    assert IndicatorValue.objects.filter(set_code=SET, year=YEAR, author=actor).count() == len(first)

    with transaction.atomic():
        second = _planned(communes, codes, 2.5, old=current)
        versions.apply(versions.VALUES, second, actor=actor, units={}, reason="sửa", audit_mode="none")
    after = _current()
    assert {v[1:] for v in after.values()} == {(2, 2.5)}
    history = IndicatorValue.objects.filter(set_code=SET, year=YEAR)
    assert history.count() == 2 * len(first) and history.filter(is_current=False).count() == len(first)


def test_writing_the_same_versions_again_is_a_conflict_and_writes_nothing(user, communes):
    codes = [f"T{i}" for i in range(50)]
    actor = user("tinh.laichau")
    planned = _planned(communes, codes, 1)
    with transaction.atomic():
        versions.apply(versions.VALUES, planned, actor=actor, units={}, reason="", audit_mode="none")
    with pytest.raises(versions.ValueConflict), transaction.atomic():
        versions.apply(versions.VALUES, planned, actor=actor, units={}, reason="", audit_mode="none")
    assert IndicatorValue.objects.filter(set_code=SET, year=YEAR).count() == len(planned)


@pytest.mark.parametrize("rows", [1, staging.STAGE_ABOVE + 1])
def test_a_unit_that_does_not_exist_is_refused_with_nothing_written(user, communes, rows):
    missing = AdminUnit.objects.order_by("-pk").first().pk + 1
    planned = _planned(communes[:1], [f"T{i}" for i in range(rows - 1)], 1)
    planned.append(versions.Planned(missing, SET, YEAR, "T", 1, "", None, 0, None))
    with pytest.raises(IntegrityError), transaction.atomic():
        versions.apply(versions.VALUES, planned, actor=user("tinh.laichau"), units={}, reason="")
    assert not IndicatorValue.objects.filter(set_code=SET, year=YEAR).exists()
