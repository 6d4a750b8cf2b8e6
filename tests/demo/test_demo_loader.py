"""The loader: deterministic, idempotent, everything labelled demo, and its fast paths agree with
the services and the engine."""

import pytest

from ntm.audit.models import AuditRecord
from ntm.core import compact
from ntm.demo import history, recent
from ntm.demo.laichau import SOURCE, LaiChau, load_lai_chau
from ntm.demo.loader import ACTOR, load_demo
from ntm.indicators import rollups
from ntm.indicators.engine import evaluate_unit_year
from ntm.indicators.models import Assessment, CriterionStatus, IndicatorValue, Rollup
from ntm.indicators.services import record_statuses
from ntm.recognition.models import Decision
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "statuses": CriterionStatus.objects.count(),
        "values": IndicatorValue.objects.count(),
        "audit": AuditRecord.objects.count(),
        "assessments": sorted(Assessment.objects.values_list("pk", "computed_at")),
        "rollups": sorted(Rollup.objects.values_list("pk", "computed_at")),
    }


def test_running_the_loader_again_changes_nothing():
    before = _snapshot()
    load_demo()
    assert _snapshot() == before


def test_every_row_of_the_loader_is_labelled_demo():
    for model in (CriterionStatus, IndicatorValue):
        rows = model.objects.filter(actor=ACTOR)
        assert rows.count() > 0
        assert not rows.filter(is_demo=False).exists()
        assert set(rows.values_list("source", flat=True)) == {SOURCE}
        assert all(
            r.startswith("Dữ liệu mẫu (demo)") for r in rows.values_list("reason", flat=True).distinct()
        )
        assert not model.objects.filter(is_demo=True).exclude(actor=ACTOR).exists()
    assert CriterionStatus.objects.filter(actor=ACTOR).count() > 20_000


def test_plans_are_deterministic():
    communes = LaiChau.load().district_of.items()
    first, second = history.plan_history(communes), history.plan_history(communes)
    assert first == second
    others = sorted(first.met)[:30]
    assert recent.plan_recent(first, others) == recent.plan_recent(second, others)


def test_target_sum_rounds_to_the_seed_average():
    assert history.target_sum(2.88, 94) == 271
    assert history.target_sum(13.43, 94) == 1262
    assert history.target_sum(15.5, 94) == 1457


def test_stored_assessments_are_what_the_engine_computes():
    sample = Assessment.objects.select_related("unit").order_by("set_code", "year", "unit__code")
    for assessment in sample[::37]:
        fresh = compact.from_result(evaluate_unit_year(assessment.unit, assessment.set_code, assessment.year))
        assert compact.differences(fresh, assessment.result) == [], (
            assessment.unit.code,
            assessment.set_code,
            assessment.year,
        )


@pytest.mark.parametrize(
    ("set_code", "year"),
    [("xa-ntm-2016", 2018), ("xa-ntm-nang-cao-2021", 2023), ("xa-ntm-2026", 2026)],
)
def test_rollups_are_what_the_indicators_app_rebuilds(set_code, year):
    def state():
        return {
            r.parent_id: (
                r.units_total,
                r.units_assessed,
                r.standard_met,
                r.criteria_met_sum,
                r.per_criterion,
            )
            for r in Rollup.objects.filter(set_code=set_code, year=year)
        }

    stored = state()
    rollups.rebuild_all(set_code, year)
    assert state() == stored


def test_a_users_edit_is_reset_by_the_next_load_as_a_new_version():
    from ntm.accounts.models import User

    ban_bo = LaiChau.load().communes["03424"]
    current = CriterionStatus.objects.get(
        unit=ban_bo, set_code="xa-ntm-2016", year=2018, criterion_code="10", is_current=True
    )
    record_statuses(
        actor=User.objects.get(username="tinh.laichau"),
        unit=ban_bo,
        set_code="xa-ntm-2016",
        year=2018,
        statuses={"10": False},
        reason="thử",
    )
    assert not Assessment.objects.get(unit=ban_bo, set_code="xa-ntm-2016", year=2018).standard_met
    writer = load_lai_chau(ACTOR)
    assert writer.written == 1
    restored = CriterionStatus.objects.get(
        unit=ban_bo, set_code="xa-ntm-2016", year=2018, criterion_code="10", is_current=True
    )
    assert (restored.met, restored.version, restored.is_demo) == (True, current.version + 2, True)
    assert Assessment.objects.get(unit=ban_bo, set_code="xa-ntm-2016", year=2018).standard_met
    assert AuditRecord.objects.filter(actor=ACTOR, action="status.record", object_id=str(ban_bo.pk)).exists()


def test_recognition_decisions_follow_the_first_year_meeting_the_standard():
    decisions = Decision.objects.filter(is_demo=True)
    assert not decisions.filter(is_demo=False).exists()
    lai_chau = AdminUnit.objects.get(code="12", level=Level.PROVINCE, valid_from__isnull=True)
    history = decisions.filter(
        set_code__in=["xa-ntm-2009", "xa-ntm-2016"], unit__path__startswith=lai_chau.path
    )
    assert history.filter(year__lte=2018).count() == 29
    assert history.count() == 39
    tam_duong = decisions.filter(unit__parent__code="106")
    assert tam_duong.filter(year__lte=2023).count() == 8
    assert tam_duong.get(unit__code="03413").set_code == "xa-ntm-2021"  # Sơn Bình, 2024
    assert all(number.startswith("MẪU-") for number in decisions.values_list("number", flat=True))
