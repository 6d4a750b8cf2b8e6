"""Audit page (administrators only, filterable) and catalog pages with threshold corrections."""

import pytest

from ntm.indicators.engine import evaluate_unit_year
from ntm.indicators.models import Assessment, ThresholdCorrection
from ntm.indicators.services import ValueChange, save_values
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db


def test_audit_page_is_for_administrators_and_filters(login):
    assert login("tinh.laichau").get("/audit/").status_code == 403
    admin = login("quantri")
    text = admin.get("/audit/", {"action": "village.create", "q": "Hua Sẳng"}).text
    assert "Hua Sẳng" in text
    assert "units.load" not in text.split('data-testid="audit"')[1]


def test_catalog_pages_show_unverified_thresholds(login):
    client = login("xa.banbo")
    assert "xa-ntm-2026" in client.get("/catalogs/").text
    text = client.get("/catalogs/xa-ntm-2021/").text
    assert "Thủy lợi và phòng, chống thiên tai" in text
    assert "chưa xác minh" in text and "đã xác minh" in text
    assert "Ghi điều chỉnh mới" not in text


def test_admin_correction_is_audited_and_re_evaluates(login):
    from ntm.accounts.models import User

    ban_bo = AdminUnit.objects.get(code="03424", level=Level.COMMUNE, valid_from__isnull=True)
    save_values(
        actor=User.objects.get(username="xa.banbo"),
        unit=ban_bo,
        set_code="xa-ntm-2021",
        year=2022,
        changes=[ValueChange("3.1", 75), ValueChange("3.2", True)],
        reason="kiểm thử",
        check_versions=False,
    )
    assert "3" not in Assessment.objects.get(unit=ban_bo, set_code="xa-ntm-2021", year=2022).met_criteria
    response = login("quantri").post(
        "/catalogs/xa-ntm-2021/",
        {
            "indicator_code": "3.1",
            "value": "70",
            "column": "TDMNPB",
            "source": "Văn bản thử nghiệm",
            "reason": "Kiểm thử điều chỉnh",
        },
    )
    assert response.status_code == 302
    correction = ThresholdCorrection.objects.get(set_code="xa-ntm-2021", indicator_code="3.1", active=True)
    assert correction.verified is False
    assessment = Assessment.objects.get(unit=ban_bo, set_code="xa-ntm-2021", year=2022)
    assert "3" in assessment.met_criteria
    explained = evaluate_unit_year(ban_bo, "xa-ntm-2021", 2022).to_dict()
    threshold = next(i for c in explained["criteria"] for i in c["indicators"] if i["code"] == "3.1")
    assert threshold["threshold"]["layer"].startswith("runtime:")
    assert threshold["threshold"]["verified"] is False


def test_non_admin_cannot_correct(login):
    response = login("tinh.laichau").post("/catalogs/xa-ntm-2021/", {"indicator_code": "3.1", "value": "1"})
    assert response.status_code == 403


def test_province_office_flags_a_commune_dbkk_and_it_is_audited(login):
    from ntm.audit.models import AuditRecord

    khun_ha = AdminUnit.objects.get(code="03430", level=Level.COMMUNE, valid_from__isnull=True)
    client = login("tinh.laichau")
    response = client.post(f"/units/{khun_ha.pk}/classification/", {"dbkk": "on", "reason": "QĐ 861/QĐ-TTg"})
    assert response.status_code == 302
    khun_ha.refresh_from_db()
    assert khun_ha.dbkk
    record = AuditRecord.objects.get(action="unit.classify", object_id=str(khun_ha.pk))
    assert record.old == {"dbkk": False} and record.new == {"dbkk": True}


def test_commune_officer_cannot_classify(login):
    ban_bo = AdminUnit.objects.get(code="03424", level=Level.COMMUNE, valid_from__isnull=True)
    assert (
        login("xa.banbo")
        .post(f"/units/{ban_bo.pk}/classification/", {"dbkk": "on", "reason": "x"})
        .status_code
        == 403
    )
