"""ATK as QĐ 318/QĐ-TTg Điều 1 defines it: a safe-zone commune of a district that was poor or had
just left poverty in 2018–2020 (only those use the TDMNPB thresholds)."""

import pytest

from ntm.audit.models import AuditRecord
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db


def test_classification_page_explains_what_atk_means(login):
    khun_ha = AdminUnit.objects.get(code="03430", level=Level.COMMUNE, valid_from__isnull=True)
    page = login("tinh.laichau").get(f"/units/{khun_ha.pk}/classification/").text
    assert "thuộc huyện nghèo và huyện vừa thoát nghèo giai đoạn 2018 - 2020" in page
    assert "QĐ 318/QĐ-TTg Điều 1" in page


def test_atk_is_set_only_when_the_district_is_confirmed_poor_in_2018_2020(login):
    khun_ha = AdminUnit.objects.get(code="03430", level=Level.COMMUNE, valid_from__isnull=True)
    client = login("tinh.laichau")
    url = f"/units/{khun_ha.pk}/classification/"
    refused = client.post(url, {"atk": "on", "reason": "QĐ ATK"})
    assert refused.status_code == 200
    assert "hãy xác nhận" in refused.text
    khun_ha.refresh_from_db()
    assert not khun_ha.atk
    saved = client.post(url, {"atk": "on", "atk_poor_district": "on", "reason": "QĐ ATK"})
    assert saved.status_code == 302
    khun_ha.refresh_from_db()
    assert khun_ha.atk
    record = AuditRecord.objects.get(action="unit.classify", object_id=str(khun_ha.pk))
    assert record.new == {"atk": True}
    assert "huyện nghèo hoặc vừa thoát nghèo giai đoạn 2018–2020" in record.reason
    # already ATK: saving other changes does not ask again
    again = client.post(url, {"atk": "on", "dbkk": "on", "reason": "QĐ ĐBKK"})
    assert again.status_code == 302
