"""Writing and reading indicator values through the API: same permission, versions, audit and
re-evaluation as every other write. The demo holds Bản Bo's 2024 values (19/19 criteria met), so
the tests read the current versions first."""

import pytest

from ntm.accounts.models import User
from ntm.audit.models import AuditRecord
from ntm.indicators.models import Assessment, IndicatorValue, Rollup

pytestmark = pytest.mark.django_db

SET = "xa-ntm-2021"
YEAR = 2024


def _url(unit, *rest) -> str:
    return "/".join([f"/api/values/{unit.pk}/{SET}/{YEAR}", *rest])


def _save(client, unit, changes, reason=""):
    return client.post(_url(unit), {"changes": changes, "reason": reason}, content_type="application/json")


def _versions(client, unit) -> dict[str, int]:
    return {v["indicator_code"]: v["version"] for v in client.get(_url(unit)).json()["items"]}


def test_officer_corrects_a_ban_bo_value_audited_and_reevaluated(session_as, ban_bo):
    client = session_as("xa.banbo")
    before = client.get(f"/api/assessments/{ban_bo.pk}/{SET}/{YEAR}").json()
    assert "2" in before["met_criteria"]
    district_rollup = Rollup.objects.get(parent=ban_bo.parent, set_code=SET, year=YEAR)
    version = _versions(client, ban_bo)["2.1"]

    response = _save(
        client,
        ban_bo,
        [{"code": "2.1", "value": "40", "expected_version": version, "source": "Biên bản kiểm tra 2024"}],
        reason="Đo lại chiều dài đường",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    written = body["written"][0]
    assert (written["indicator_code"], written["value"], written["version"]) == ("2.1", 40.0, version + 1)
    assert (written["actor"], written["reason"], written["source"]) == (
        "xa.banbo",
        "Đo lại chiều dài đường",
        "Biên bản kiểm tra 2024",
    )
    after = body["assessment"]
    assert "2" not in after["met_criteria"]
    assert after["criteria_met"] == before["criteria_met"] - 1
    assert Assessment.objects.get(unit=ban_bo, set_code=SET, year=YEAR).criteria_met == after["criteria_met"]
    assert before["standard_met"] and not after["standard_met"]  # Bản Bo met the standard in the demo
    rollup = Rollup.objects.get(pk=district_rollup.pk)  # the roll-up above moved in the same transaction
    assert rollup.standard_met == district_rollup.standard_met - 1
    assert rollup.per_criterion["2"] == district_rollup.per_criterion["2"] - 1

    record = AuditRecord.objects.get(action="value.save", actor="xa.banbo", object_id=str(written_pk(ban_bo)))
    assert "Bản Bo" in record.object_label and record.reason == "Đo lại chiều dài đường"
    assert record.new == {"value": 40.0, "version": version + 1}
    assert record.old["version"] == version

    restore = _save(
        client,
        ban_bo,
        [{"code": "2.1", "value": 100, "expected_version": version + 1}],
        reason="Nhập nhầm, trả lại",
    )
    assert restore.status_code == 200
    assert "2" in restore.json()["assessment"]["met_criteria"]


def written_pk(unit) -> int:
    return IndicatorValue.objects.get(
        unit=unit, set_code=SET, indicator_code="2.1", year=YEAR, is_current=True
    ).pk


def test_officer_cannot_write_another_communes_value(session_as, neighbour):
    before = IndicatorValue.objects.filter(unit=neighbour).count()
    response = _save(session_as("xa.banbo"), neighbour, [{"code": "2.1", "value": 100}])
    assert response.status_code == 403
    assert response.json()["detail"] == "Bạn không có quyền xem dữ liệu của đơn vị này."
    assert IndicatorValue.objects.filter(unit=neighbour).count() == before


def test_viewer_in_scope_cannot_write(session_as, ban_bo):
    response = _save(session_as("xem.laichau"), ban_bo, [{"code": "2.1", "value": 1}], reason="thử")
    assert response.status_code == 403
    assert response.json()["detail"] == "Bạn không có quyền nhập tiêu chí 2 cho Xã Bản Bo."


def test_stale_version_is_409_with_the_newer_value(session_as, ban_bo):
    district = session_as("huyen.tamduong")
    version = _versions(district, ban_bo)["2.1"]
    saved = _save(
        district, ban_bo, [{"code": "2.1", "value": 85.5, "expected_version": version}], reason="Kiểm tra"
    )
    assert saved.status_code == 200
    stale = _save(
        session_as("xa.banbo"),
        ban_bo,
        [{"code": "2.1", "value": 90, "expected_version": version}],
        reason="Cập nhật",
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["detail"].startswith("Có người đã lưu giá trị mới hơn")
    assert body["conflicts"] == [
        {
            "code": "2.1",
            "expected_version": version,
            "current_version": version + 1,
            "current_value": 85.5,
            "author": str(User.objects.get(username="huyen.tamduong")),
        }
    ]
    assert (
        IndicatorValue.objects.get(
            unit=ban_bo, indicator_code="2.1", set_code=SET, year=YEAR, is_current=True
        ).value
        == 85.5
    )


def test_invalid_values_are_422_per_indicator_and_nothing_is_written(session_as, ban_bo):
    client = session_as("xa.banbo")
    versions = _versions(client, ban_bo)
    before = IndicatorValue.objects.filter(unit=ban_bo).count()
    changes = [
        {"code": "2.1", "value": "nhiều", "expected_version": versions["2.1"]},
        {"code": "99.9", "value": 1},
        {"code": "2.2", "value": 71, "expected_version": versions["2.2"]},
    ]
    response = _save(client, ban_bo, changes, reason="Cập nhật")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Không lưu được: có giá trị không hợp lệ, chưa có gì được ghi."
    assert set(body["errors"]) == {"2.1", "99.9"}
    assert body["errors"]["99.9"] == f"không phải chỉ tiêu của bộ {SET}"
    assert IndicatorValue.objects.filter(unit=ban_bo).count() == before


def test_a_correction_needs_a_reason(session_as, ban_bo):
    client = session_as("xa.banbo")
    version = _versions(client, ban_bo)["2.1"]
    response = _save(client, ban_bo, [{"code": "2.1", "value": 85, "expected_version": version}])
    assert response.status_code == 422
    assert response.json()["errors"] == {"2.1": "cần ghi lý do khi sửa giá trị đã có"}


@pytest.mark.parametrize(
    "body",
    [
        {"changes": []},
        {"changes": [{"code": "2.1", "value": 1}, {"code": "2.1", "value": 2}]},
        {"changes": [{"code": "2.1", "value": 1, "expected_version": -1}]},
        {"nothing": True},
    ],
)
def test_malformed_bodies_are_422(session_as, ban_bo, body):
    response = session_as("xa.banbo").post(_url(ban_bo), body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_set_that_does_not_apply_is_refused(session_as, ban_bo):
    client = session_as("quantri")
    body = {"changes": [{"code": "1", "value": True}]}
    wrong_level = client.post(
        f"/api/values/{ban_bo.pk}/huyen-ntm-2021/{YEAR}", body, content_type="application/json"
    )
    assert wrong_level.status_code == 422
    assert (
        wrong_level.json()["detail"]
        == "Bộ tiêu chí “huyen-ntm-2021” không áp dụng cho Xã Bản Bo trong năm 2024."
    )
    unknown = client.post(f"/api/values/{ban_bo.pk}/khong-co/{YEAR}", body, content_type="application/json")
    assert unknown.status_code == 404 and unknown.json()["detail"] == "Không có bộ tiêu chí mã “khong-co”."


def test_current_values_history_and_past_state(session_as, ban_bo):
    client = session_as("xa.banbo")
    version = _versions(client, ban_bo)["2.3"]
    _save(client, ban_bo, [{"code": "2.3", "value": 90, "expected_version": version}], reason="Đo lần 1")
    first = IndicatorValue.objects.get(
        unit=ban_bo, set_code=SET, indicator_code="2.3", year=YEAR, is_current=True
    )
    _save(client, ban_bo, [{"code": "2.3", "value": 95, "expected_version": version + 1}], reason="Đo lần 2")

    current = {v["indicator_code"]: v for v in client.get(_url(ban_bo)).json()["items"]}
    assert (current["2.3"]["value"], current["2.3"]["version"]) == (95.0, version + 2)

    past = {
        v["indicator_code"]: v
        for v in client.get(_url(ban_bo), {"at": first.created_at.isoformat()}).json()["items"]
    }
    assert (past["2.3"]["value"], past["2.3"]["version"]) == (90.0, version + 1)

    history = client.get(_url(ban_bo, "2.3", "history"), {"limit": 2}).json()
    assert history["total"] == version + 2 and history["limit"] == 2
    newest, older = history["items"]
    assert (newest["version"], newest["is_current"], newest["reason"]) == (version + 2, True, "Đo lần 2")
    assert (older["version"], older["is_current"], older["superseded_at"] is not None) == (
        version + 1,
        False,
        True,
    )
    rest = client.get(_url(ban_bo, "2.3", "history"), {"limit": 2, "offset": 2}).json()
    assert [v["version"] for v in rest["items"]] == list(range(version, 0, -1))[:2]


def test_reading_another_communes_data_is_403(session_as, neighbour):
    client = session_as("xa.banbo")
    for url in (
        _url(neighbour),
        _url(neighbour, "2.1", "history"),
        f"/api/assessments/{neighbour.pk}/{SET}/{YEAR}",
        f"/api/statuses/{neighbour.pk}/{SET}/{YEAR}",
    ):
        assert client.get(url).status_code == 403, url
