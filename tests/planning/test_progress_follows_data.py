"""Targets that refer to criteria read the assessments, roll-ups and decisions: a change of the data
changes their actual at once, with no entry on the plan."""

import datetime
from decimal import Decimal

import pytest

from ntm.indicators.models import IndicatorValue
from ntm.indicators.services import ValueChange, save_values
from ntm.planning.progress import ACHIEVED, OFF_TRACK, ON_TRACK, percent_of, status_of, target_progress
from ntm.recognition.services import record_decision

pytestmark = pytest.mark.django_db


def _target(plan, prefix):
    return plan.targets.get(label__startswith=prefix)


def _set_value(actor, unit, set_code, code, value):
    current = IndicatorValue.objects.get(
        unit=unit, set_code=set_code, indicator_code=code, period="2024", is_current=True
    )
    save_values(
        actor=actor,
        unit=unit,
        set_code=set_code,
        year=2024,
        changes=[ValueChange(code, value, expected_version=current.version)],
        reason="kiểm thử",
    )


def test_coverage_and_average_follow_an_assessment_change(plan, district_officer, commune):
    irrigation = _target(plan, "Cấp xã: 100% các xã hoàn thành tiêu chí thủy lợi")
    average = _target(plan, "Phấn đấu bình quân")
    before = target_progress(irrigation)
    assert (before.actual, before.percent, before.status) == (12, 100, ACHIEVED)

    _set_value(district_officer, commune("03413"), "xa-ntm-2021", "3.1", "10")  # Sơn Bình: irrigated 10%

    after = target_progress(irrigation)
    assert (after.actual, after.percent, after.status) == (11, Decimal("91.7"), OFF_TRACK)
    assert target_progress(average).actual == Decimal("18.42")  # 221 criteria / 12 communes


def test_named_unit_target_follows_its_assessment(plan, district_officer, commune):
    ban_bo = commune("03424")
    target = _target(plan, "Xã nông thôn mới nâng cao (xã Bản Bo)")
    assert target_progress(target).status == ACHIEVED

    _set_value(district_officer, ban_bo, "xa-ntm-nang-cao-2021", "1.3", "false")  # detailed plan not done

    progress = target_progress(target)
    assert (progress.actual, progress.status) == (15, OFF_TRACK)
    assert (progress.items[0].code, progress.items[0].status) == ("1", "not_met")
    detailed_plan = target_progress(_target(plan, "Cấp xã: hoàn thành quy hoạch chi tiết"))
    assert [(i.code, i.status) for i in detailed_plan.items] == [("1.3", "not_met")]


def test_count_by_decision_follows_recognition(plan):
    target = _target(plan, "Công nhận thị trấn Tam Đường")
    assert target_progress(target).actual == 0  # the demo township is assessed, not yet recognised
    township = target.units.get().unit
    record_decision(
        actor="tests",
        unit=township,
        set_code="do-thi-van-minh-2021",
        year=2024,
        kind="recognise",
        number="1/QĐ-UBND",
        date=datetime.date(2024, 12, 25),
        authority="UBND tỉnh Lai Châu",
    )
    progress = target_progress(target, datetime.date(2025, 1, 31))
    assert (progress.actual, progress.percent, progress.status) == (1, 100, ACHIEVED)
    assert progress.units[0].recognised is True
    assert target_progress(target, datetime.date(2024, 12, 24)).actual == 0  # decision not yet taken


def test_percent_and_pace():
    assert percent_of(57, 41) == Decimal("139.0")  # seed 004: 57 villages = 139% of the target
    assert percent_of(18, 20, "<=") == Decimal("111.1")
    mid_year = datetime.date(2024, 7, 1)
    assert status_of(Decimal(60), 2024, mid_year) == ON_TRACK
    assert status_of(Decimal(40), 2024, mid_year) == OFF_TRACK
    assert status_of(Decimal(99), 2024, datetime.date(2025, 1, 1)) == OFF_TRACK
    assert status_of(Decimal(100), 2024, mid_year) == ACHIEVED
