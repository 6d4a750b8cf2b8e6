"""A value saved under the NTM set re-evaluates the same commune's advanced assessment (the advanced
set requires the NTM one), and creates none where the commune has none."""

import pytest
from django.utils import timezone

from ntm.accounts.models import User
from ntm.indicators.engine import dependent_sets
from ntm.indicators.models import Assessment, IndicatorValue
from ntm.indicators.services import ValueChange, save_values

pytestmark = pytest.mark.django_db

NTM, ADVANCED = "xa-ntm-2021", "xa-ntm-nang-cao-2021"


def _save_one(unit, year: int) -> None:
    value = IndicatorValue.objects.filter(
        unit=unit, set_code=NTM, period=str(year), disaggregation="", is_current=True, indicator_code="2.1"
    ).first()
    save_values(
        actor=User.objects.get(username="quantri"),
        unit=unit,
        set_code=NTM,
        year=year,
        changes=[ValueChange(code="2.1", raw=41.5, expected_version=value.version if value else 0)],
        reason="kiểm tra đánh giá lại bộ nâng cao",
    )


def test_the_advanced_assessment_follows_a_value_of_the_ntm_set():
    assert ADVANCED in dependent_sets(NTM)
    advanced = Assessment.objects.filter(set_code=ADVANCED).select_related("unit").first()
    assert advanced is not None, "the demo assesses some commune on the advanced set"
    before = timezone.now()
    _save_one(advanced.unit, advanced.year)
    advanced.refresh_from_db()
    assert advanced.computed_at >= before


def test_no_advanced_assessment_is_created_where_there_was_none():
    with_advanced = Assessment.objects.filter(set_code=ADVANCED).values("unit_id")
    ntm_only = (
        Assessment.objects.filter(set_code=NTM)
        .exclude(unit_id__in=with_advanced)
        .select_related("unit")
        .first()
    )
    _save_one(ntm_only.unit, ntm_only.year)
    assert not Assessment.objects.filter(unit=ntm_only.unit, set_code=ADVANCED).exists()
    assert Assessment.objects.get(pk=ntm_only.pk).computed_at >= ntm_only.computed_at
