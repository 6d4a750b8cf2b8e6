"""A post-reform commune is recognised through its predecessors only when all of them were
recognised (legal review 2026-12 §4): shown on its decisions page and counted in the roll-ups."""

import datetime

import pytest

from ntm.indicators.engine import same_standard
from ntm.indicators.services import record_statuses
from ntm.recognition.models import Decision
from ntm.recognition.selectors import recognised_units
from ntm.recognition.services import record_decision
from ntm.recognition.trend import points
from ntm.units.models import REFORM_DATE, AdminUnit, Level

pytestmark = pytest.mark.django_db

STANDARD = same_standard("xa-ntm-2026")  # the NTM standard of communes, every period


@pytest.fixture
def merged():
    """Post-reform Bản Bo, with no decision of its own, and its predecessors (at least two)."""
    unit = AdminUnit.objects.get(level=Level.COMMUNE, code="03424", valid_from=REFORM_DATE)
    Decision.objects.filter(unit=unit).delete()
    predecessors = list(AdminUnit.objects.filter(successor_links__successor=unit).order_by("name"))
    assert len(predecessors) >= 2
    return unit, predecessors


def _decide(unit, kind="recognise", number=None, day=datetime.date(2025, 6, 20)):
    return record_decision(
        actor="tests",
        unit=unit,
        set_code="xa-ntm-2021",
        year=day.year,
        kind=kind,
        number=number or f"{unit.code}/QĐ-UBND",
        date=day,
        authority="UBND tỉnh Lai Châu",
        note="kiểm thử",
    )


def test_all_predecessors_recognised_shows_recognition_through_them(session_as, merged):
    unit, predecessors = merged
    decisions = [_decide(p) for p in predecessors]
    assert unit.pk in recognised_units([unit], STANDARD, datetime.date(2026, 12, 31))
    page = session_as("tinh.laichau").get(f"/units/{unit.pk}/decisions/").text
    assert "Đạt chuẩn thông qua các xã trước sắp xếp" in page
    for predecessor, decision in zip(predecessors, decisions, strict=True):
        assert decision.number in page
        assert f'href="/units/{predecessor.pk}/decisions/"' in page
    province = unit.ancestors()[0]
    matrix = session_as("tinh.laichau").get(f"/units/{province.pk}/matrix/2026/").text
    assert f'data-testid="inherited-{unit.code}"' in matrix


def test_mixed_predecessors_are_not_recognised_and_listed(session_as, merged):
    unit, predecessors = merged
    for p in predecessors[1:]:
        _decide(p)
    _decide(predecessors[0], kind="revoke", number="R1/QĐ-UBND")
    assert unit.pk not in recognised_units([unit], STANDARD, datetime.date(2026, 12, 31))
    page = session_as("tinh.laichau").get(f"/units/{unit.pk}/decisions/").text
    assert "Đạt chuẩn thông qua các xã trước sắp xếp" not in page
    assert "chỉ một phần các xã trước sắp xếp đã được công nhận" in page
    assert page.count("chưa được công nhận</span>") == 1  # the revoked one, beside the recognised ones
    assert predecessors[0].name in page


def test_own_decision_outranks_the_predecessors(merged):
    unit, predecessors = merged
    for p in predecessors:
        _decide(p)
    _decide(unit, kind="revoke", number="R2/QĐ-UBND", day=datetime.date(2026, 3, 1))
    assert unit.pk not in recognised_units([unit], STANDARD, datetime.date(2026, 12, 31))


def test_province_trend_counts_the_merged_commune_once_all_predecessors_are_recognised(merged):
    unit, predecessors = merged
    province = unit.ancestors()[0]
    record_statuses(
        actor="tests",
        unit=unit,
        set_code="xa-ntm-2026",
        year=2026,
        statuses={"1": True},
        reason="kiểm thử",
    )
    for p in predecessors[1:]:
        _decide(p)
    _decide(predecessors[0], kind="revoke", number="R3/QĐ-UBND")
    before = points(province, [2026])[0]["recognised"]
    _decide(predecessors[0], number="C3/QĐ-UBND", day=datetime.date(2025, 6, 25))
    assert points(province, [2026])[0]["recognised"] == before + 1
