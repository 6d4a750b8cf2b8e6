"""Writes through the pages: a district office creates a plan, adds typed targets and enters actuals
(versioned, with evidence); every write leaves an audit record with old and new values."""

import datetime
from decimal import Decimal

import pytest

from ntm.audit.models import AuditRecord
from ntm.planning import services
from ntm.planning.models import Activity, Plan, Target, TargetActual
from ntm.planning.progress import target_progress
from ntm.planning.validation import TargetInvalid

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(tam_duong):
    return services.create_plan(actor="tests", unit=tam_duong, year=2025, title="Kế hoạch NTM năm 2025")


def test_district_office_creates_a_plan_and_targets_through_the_pages(login, tam_duong):
    client = login("huyen.tamduong")
    response = client.post(
        f"/plans/new/?unit={tam_duong.pk}",
        {
            "year": 2025,
            "title": "Kế hoạch NTM năm 2025",
            "status": "draft",
            "legal_bases": "Quyết định số 263/QĐ-TTg\nQuyết định số 320/QĐ-TTg\n",
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get(unit=tam_duong, year=2025)
    assert plan.legal_bases == ["Quyết định số 263/QĐ-TTg", "Quyết định số 320/QĐ-TTg"]
    response = client.post(
        f"/plans/{plan.pk}/targets/new/",
        {
            "kind": "units_at_standard",
            "label": "01 xã nông thôn mới mới (xã Giang Ma)",
            "set_code": "xa-ntm-2021",
            "target_value": "1",
            "basis": "recognised",
            "count_mode": "new",
            "units": "Xã Giang Ma",
        },
    )
    assert response.status_code == 302
    target = plan.targets.get()
    assert [tu.unit.code for tu in target.units.all()] == ["03405"]
    response = client.post(
        f"/plans/{plan.pk}/targets/new/",
        {"kind": "measure", "label": "Trồng mới chè", "target_value": "80", "unit_of_measure": "ha"},
    )
    assert response.status_code == 302
    actions = set(
        AuditRecord.objects.filter(user__username="huyen.tamduong").values_list("action", flat=True)
    )
    assert {"plan.create", "target.create"} <= actions


def test_invalid_target_is_refused_with_the_reason(login, draft):
    response = login("huyen.tamduong").post(
        f"/plans/{draft.pk}/targets/new/",
        {
            "kind": "villages_by_commune",
            "label": "20 bản",
            "set_code": "thon-ntm-lai-chau-2023",
            "target_value": "20",
            "basis": "recognised",
            "units": "03413: 5\n03405: 6",
        },
    )
    assert response.status_code == 200
    assert "Tổng số thôn, bản của các xã (11) khác chỉ tiêu (20)" in response.text
    assert not draft.targets.exists()


def test_unit_criteria_target_checks_the_set_and_the_unit(draft, commune):
    with pytest.raises(TargetInvalid) as refused:
        services.add_target(
            actor="tests",
            plan=draft,
            kind="unit_criteria",
            label="Bản Bo 16/19",
            set_code="xa-ntm-nang-cao-2021",
            subject=commune("03424"),
            target_value=Decimal(16),
            criteria=["1", "25"],
        )
    assert refused.value.errors == {"criteria": "Bộ xa-ntm-nang-cao-2021 không có tiêu chí 25."}


def test_issued_plan_locks_its_targets(plan):
    with pytest.raises(services.PlanLocked):
        services.add_target(actor="tests", plan=plan, kind="milestone", label="Thêm")
    with pytest.raises(services.PlanLocked):
        services.delete_target(actor="tests", target=plan.targets.first())


def test_actual_entry_is_versioned_evidenced_and_audited(login, plan):
    target = plan.targets.get(label="Đầu tư hỗ trợ trồng mới rừng sản xuất cây gỗ lớn")
    client = login("huyen.tamduong")
    url = f"/plans/{plan.pk}/targets/{target.pk}/actual/"
    refused = client.post(url, {"value": "52", "as_of": "2025-01-15", "evidence": "Báo cáo 12/BC-UBND"})
    assert "Cần ghi lý do khi sửa số thực hiện đã nhập." in refused.text
    response = client.post(
        url,
        {
            "value": "52",
            "as_of": "2025-01-15",
            "evidence": "Báo cáo 12/BC-UBND",
            "reference": "12/BC-UBND",
            "reason": "Số liệu kiểm kê cuối năm",
        },
    )
    assert response.status_code == 302
    versions = list(TargetActual.objects.filter(target=target).order_by("version"))
    assert [(v.version, v.value, v.is_current) for v in versions] == [
        (1, Decimal(41), False),
        (2, Decimal(52), True),
    ]
    record = AuditRecord.objects.get(action="target.actual", object_id=str(versions[1].pk))
    assert (record.old["value"], record.new["value"], record.reason) == (
        "41",
        "52",
        "Số liệu kiểm kê cuối năm",
    )
    progress = target_progress(target, datetime.date(2025, 1, 31))
    assert (progress.actual, progress.percent, progress.status) == (52, 104, "achieved")
    history = client.get(url).text
    assert "Số liệu kiểm kê cuối năm" in history and "Báo cáo 12/BC-UBND" in history


def test_computed_targets_refuse_entries(plan):
    target = plan.targets.filter(kind=Target.Kind.CRITERION_COVERAGE).first()
    with pytest.raises(ValueError, match="tính từ số liệu đánh giá"):
        services.record_actual(
            actor="tests", target=target, value=1, as_of=datetime.date(2024, 12, 31), evidence="x"
        )


def test_activity_recorded_and_summarised(login, tam_duong):
    client = login("huyen.tamduong")
    response = client.post(
        f"/plans/activities/new/?unit={tam_duong.pk}",
        {
            "kind": "communication",
            "audience": "people",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "sessions": "26",
            "participants": "1750",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(unit=tam_duong)
    assert AuditRecord.objects.filter(action="activity.create", object_id=str(activity.pk)).exists()
    page = client.get(f"/plans/activities/?unit={tam_duong.pk}").text
    assert "1.750" in page
    assert login("xa.banbo").get(f"/plans/activities/new/?unit={tam_duong.pk}").status_code == 403


def test_seed_001_trainings_on_the_province_page(login):
    from ntm.units.models import AdminUnit, Level

    province = AdminUnit.objects.get(code="12", level=Level.PROVINCE, valid_from__isnull=True)
    page = login("xem.laichau").get(f"/plans/activities/?unit={province.pk}").text
    summary = page[page.index('data-testid="activity-summary"') :]
    assert "140" in summary and "7.200" in summary
