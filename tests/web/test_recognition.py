"""Recognition decisions: recorded by the province office, audited, shown beside the computed status,
with the revocation-risk flag on recognised units that no longer meet the standard."""

import pytest

from ntm.audit.models import AuditRecord
from ntm.recognition.models import Decision
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def khun_ha():
    return AdminUnit.objects.get(code="03430", level=Level.COMMUNE, valid_from__isnull=True)


def _post(client, unit, **extra):
    data = {
        "set_code": "xa-ntm-2021",
        "year": 2023,
        "kind": "recognise",
        "number": "123/QĐ-UBND",
        "date": "2023-12-20",
        "authority": "UBND tỉnh Lai Châu",
        **extra,
    }
    return client.post(f"/units/{unit.pk}/decisions/", data)


def test_province_office_records_a_decision_and_it_is_audited(login, khun_ha):
    response = _post(login("tinh.laichau"), khun_ha)
    assert response.status_code == 302
    decision = Decision.objects.get(unit=khun_ha, number="123/QĐ-UBND")
    assert AuditRecord.objects.filter(action="decision.recognise", object_id=str(decision.pk)).exists()


def test_revocation_needs_an_explicit_confirmation(login, khun_ha):
    response = _post(login("tinh.laichau"), khun_ha, kind="revoke", number="9/QĐ-UBND")
    assert "hãy đánh dấu xác nhận" in response.text
    assert not Decision.objects.filter(number="9/QĐ-UBND").exists()


@pytest.mark.parametrize("username", ["huyen.tamduong", "xa.banbo", "xem.laichau"])
def test_other_roles_cannot_record_decisions(login, khun_ha, username):
    assert _post(login(username), khun_ha).status_code == 403


def test_recognised_unit_failing_now_is_flagged_in_the_matrix(login, khun_ha):
    from ntm.accounts.models import User
    from ntm.indicators.services import ValueChange, save_values

    save_values(
        actor=User.objects.get(username="huyen.tamduong"),
        unit=khun_ha,
        set_code="xa-ntm-2021",
        year=2024,
        changes=[ValueChange("3.1", 20)],
        reason="kiểm thử",
        check_versions=False,
    )
    _post(login("tinh.laichau"), khun_ha, year=2024, date="2024-01-15", number="77/QĐ-UBND")
    tam_duong = khun_ha.parent
    text = login("huyen.tamduong").get(f"/units/{tam_duong.pk}/matrix/2024/", {"set": "xa-ntm-2021"}).text
    assert 'data-testid="risk-03430"' in text
