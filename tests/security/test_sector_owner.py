"""A sector owner (Giao thông vận tải, scope Lai Châu) enters the criterion its sector owns —
criterion 2, Giao thông — and nothing else, through the API."""

import pytest

from ntm.indicators.models import CriterionStatus, IndicatorValue

pytestmark = pytest.mark.django_db

SET, YEAR = "xa-ntm-2021", 2024


def _current(unit, code):
    return IndicatorValue.objects.filter(
        unit=unit, set_code=SET, indicator_code=code, year=YEAR, is_current=True
    ).first()


def _save(client, unit, code, value):
    current = _current(unit, code)
    change = {"code": code, "value": value, "expected_version": current.version if current else 0}
    return client.post(
        f"/api/values/{unit.pk}/{SET}/{YEAR}",
        {"changes": [change], "reason": "Sở GTVT rà soát"},
        content_type="application/json",
    )


def test_sector_owner_writes_transport_values(client_for, scope_units):
    ban_bo = scope_units["unit"]["sector_owner"]["in"]
    response = _save(client_for("sector_owner"), ban_bo, "2.4", 88)
    assert response.status_code == 200, response.content
    assert response.json()["written"][0]["actor"] == "so.gtvt.laichau"
    assert _current(ban_bo, "2.4").value == 88


def test_sector_owner_cannot_write_planning_values(client_for, scope_units):
    ban_bo = scope_units["unit"]["sector_owner"]["in"]
    before = _current(ban_bo, "1.1")
    response = _save(client_for("sector_owner"), ban_bo, "1.1", "không")
    assert response.status_code == 403
    assert response.json()["detail"] == "Bạn không có quyền nhập tiêu chí 1 cho Xã Bản Bo."
    assert _current(ban_bo, "1.1") == before


def test_a_save_mixing_both_criteria_writes_nothing(client_for, scope_units):
    ban_bo = scope_units["unit"]["sector_owner"]["in"]
    versions = {
        code: (_current(ban_bo, code).version if _current(ban_bo, code) else 0) for code in ("2.4", "1.1")
    }
    response = client_for("sector_owner").post(
        f"/api/values/{ban_bo.pk}/{SET}/{YEAR}",
        {
            "changes": [
                {"code": "2.4", "value": 89, "expected_version": versions["2.4"]},
                {"code": "1.1", "value": False, "expected_version": versions["1.1"]},
            ],
            "reason": "Sở GTVT rà soát",
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    assert _current(ban_bo, "2.4").version == versions["2.4"]


def test_sector_owner_records_transport_status_only(client_for, scope_units):
    ban_bo = scope_units["unit"]["sector_owner"]["in"]
    url = f"/api/statuses/{ban_bo.pk}/{SET}/{YEAR}"
    client = client_for("sector_owner")
    assert client.post(url, {"statuses": {"2": True}}, content_type="application/json").status_code == 200
    refused = client.post(url, {"statuses": {"1": True}}, content_type="application/json")
    assert refused.status_code == 403
    assert not CriterionStatus.objects.filter(
        unit=ban_bo, set_code=SET, year=YEAR, criterion_code="1"
    ).exists()


def test_sector_owner_outside_lai_chau_is_refused(client_for, scope_units):
    elsewhere = scope_units["unit"]["sector_owner"]["out"]
    assert _save(client_for("sector_owner"), elsewhere, "2.1", 90).status_code == 403
