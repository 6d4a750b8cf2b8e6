"""Commune groups 2026–2030 with the decision that set them: demo groups, editing by the province
office (audited, re-evaluated at once), refused to a commune officer."""

import pytest

from ntm.audit.models import AuditRecord
from ntm.indicators.models import Assessment
from ntm.units.models import AdminUnit, Kind, Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_ban_bo():
    return AdminUnit.objects.get(level=Level.COMMUNE, code="03424", valid_from__isnull=False)


def test_demo_gives_every_post_reform_lai_chau_commune_a_group_from_a_sample_decision(session_as, new_ban_bo):
    province = new_ban_bo.parent
    communes = AdminUnit.objects.filter(path__startswith=province.path, kind=Kind.COMMUNE)
    assert communes.exists() and not communes.filter(commune_group__isnull=True).exists()
    assert set(communes.values_list("group_decision_demo", flat=True)) == {True}
    assert new_ban_bo.group_decision.startswith("QĐ mẫu")
    page = session_as("tinh.laichau").get(f"/units/{new_ban_bo.pk}/").text
    assert "QĐ mẫu 01/QĐ-UBND (demo)" in page and "quyết định mẫu" in page
    assessment = Assessment.objects.get(unit=new_ban_bo, set_code="xa-ntm-2026", year=2026)
    assert assessment.result["column"] == str(new_ban_bo.commune_group)


def test_province_office_changes_the_group_audited_and_the_threshold_column_follows(session_as, new_ban_bo):
    group = 1 if new_ban_bo.commune_group != 1 else 2
    form = {
        "commune_group": group,
        "group_decision": "215/QĐ-UBND",
        "group_decision_date": "2026-11-20",
        "group_issuer": "UBND tỉnh Lai Châu",
        "reason": "Rà soát nhóm xã theo QĐ 51/2025",
    }
    office = session_as("tinh.laichau")
    url = f"/units/{new_ban_bo.pk}/classification/"
    refused = office.post(url, {**form, "group_decision": ""})
    assert "Hãy ghi số, ngày và cơ quan ban hành quyết định xếp nhóm xã." in refused.text
    assert office.post(url, form).status_code == 302

    new_ban_bo.refresh_from_db()
    assert new_ban_bo.commune_group == group and new_ban_bo.group_decision == "215/QĐ-UBND"
    assert not new_ban_bo.group_decision_demo
    record = AuditRecord.objects.filter(action="unit.classify", object_id=str(new_ban_bo.pk)).latest("pk")
    assert record.user.username == "tinh.laichau" and record.reason == form["reason"]
    assert record.new["commune_group"] == group and record.new["group_decision_date"] == "2026-11-20"
    assert record.old["group_decision"].startswith("QĐ mẫu")
    assessment = Assessment.objects.get(unit=new_ban_bo, set_code="xa-ntm-2026", year=2026)
    assert assessment.result["column"] == str(group)
    page = office.get(f"/units/{new_ban_bo.pk}/").text
    assert "(quyết định xếp nhóm: 215/QĐ-UBND, ngày 20/11/2026, UBND tỉnh Lai Châu)" in page


def test_commune_officer_cannot_edit_the_group(session_as, new_ban_bo):
    officer = session_as("xa.banbo")
    url = f"/units/{new_ban_bo.pk}/classification/"
    assert officer.get(url).status_code == 403
    form = {"commune_group": 1, "group_decision": "1/QĐ", "group_decision_date": "2026-01-01"}
    assert officer.post(url, {**form, "group_issuer": "UBND xã", "reason": "x"}).status_code == 403
    assert AdminUnit.objects.get(pk=new_ban_bo.pk).commune_group == new_ban_bo.commune_group
