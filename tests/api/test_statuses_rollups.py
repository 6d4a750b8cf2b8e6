"""Recorded statuses, stored assessments and roll-ups through the API."""

import pytest

from ntm.indicators.models import Assessment, CriterionStatus, Rollup

pytestmark = pytest.mark.django_db

SET = "xa-ntm-2021"
YEAR = 2024
UNASSESSED_SET = "xa-ntm-kieu-mau-2021"  # the demo assesses no commune against the model set
RECORDED_SET = "xa-ntm-nang-cao-2021"  # the demo records most of its statuses


def test_district_records_a_status_and_reads_it_back(session_as, ban_bo):
    """Flip a criterion whose result rests on a recorded status (the demo records the advanced set's
    statuses): the assessment is recomputed with the new status."""
    client = session_as("huyen.tamduong")
    before = client.get(f"/api/assessments/{ban_bo.pk}/{RECORDED_SET}/{YEAR}").json()
    recorded = next(c for c in before["result"]["criteria"] if c["basis"] == "recorded")
    code, was_met = recorded["code"], recorded["status"] == "met"
    url = f"/api/statuses/{ban_bo.pk}/{RECORDED_SET}/{YEAR}"
    version = {s["criterion_code"]: s["version"] for s in client.get(url).json()["items"]}[code]

    payload = {"statuses": {code: not was_met}, "source": "Biên bản kiểm tra", "reason": "Kiểm tra thực địa"}
    stale = client.post(url, {**payload, "versions": {code: version - 1}}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["conflicts"][0]["current_version"] == version
    unexplained = client.post(
        url, {**payload, "reason": " ", "versions": {code: version}}, content_type="application/json"
    )
    assert unexplained.status_code == 422 and set(unexplained.json()["errors"]) == {code}
    response = client.post(url, {**payload, "versions": {code: version}}, content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [(s["criterion_code"], s["met"], s["version"]) for s in body["written"]] == [
        (code, not was_met, version + 1)
    ]
    assert (code in body["assessment"]["met_criteria"]) is not was_met
    items = {s["criterion_code"]: s for s in client.get(url).json()["items"]}
    assert (items[code]["met"], items[code]["actor"], items[code]["source"]) == (
        not was_met,
        "huyen.tamduong",
        "Biên bản kiểm tra",
    )


def test_unknown_criterion_is_422_and_viewer_is_403(session_as, ban_bo):
    url = f"/api/statuses/{ban_bo.pk}/{SET}/{YEAR}"
    before = CriterionStatus.objects.filter(unit=ban_bo).count()
    unknown = session_as("xa.banbo").post(url, {"statuses": {"42": True}}, content_type="application/json")
    assert unknown.status_code == 422 and set(unknown.json()["errors"]) == {"42"}
    viewer = session_as("xem.laichau").post(url, {"statuses": {"19": True}}, content_type="application/json")
    assert viewer.status_code == 403
    assert viewer.json()["detail"] == "Bạn không có quyền ghi nhận tiêu chí 19 cho Xã Bản Bo."
    assert CriterionStatus.objects.filter(unit=ban_bo).count() == before


def test_assessment_is_404_until_something_is_entered(session_as, ban_bo):
    assert not Assessment.objects.filter(unit=ban_bo, set_code=UNASSESSED_SET, year=YEAR).exists()
    response = session_as("xa.banbo").get(f"/api/assessments/{ban_bo.pk}/{UNASSESSED_SET}/{YEAR}")
    assert response.status_code == 404
    assert response.json()["detail"] == (
        f"Xã Bản Bo chưa có kết quả đánh giá theo bộ “{UNASSESSED_SET}” năm {YEAR}."
    )


def test_rollups_follow_scope(session_as, ban_bo):
    district = ban_bo.parent
    url = f"/api/rollups/{SET}/{YEAR}"
    body = session_as("huyen.tamduong").get(url, {"parent": district.pk}).json()
    stored = Rollup.objects.get(parent=district, set_code=SET, year=YEAR)
    assert body["parent"]["name"] == "Huyện Tam Đường"
    assert (body["units_total"], body["units_assessed"], body["standard_met"]) == (
        stored.units_total,
        stored.units_assessed,
        stored.standard_met,
    )
    assert body["per_criterion"] == stored.per_criterion and body["bands"] == stored.bands
    assert body["average_criteria"] == pytest.approx(stored.criteria_met_sum / stored.units_total)

    assert session_as("huyen.tamduong").get(url, {"parent": district.parent_id}).status_code == 403
    assert session_as("xa.banbo").get(url, {"parent": district.pk}).status_code == 403
    national = session_as("huyen.tamduong").get(url)
    assert national.status_code == 403
    assert national.json()["detail"].startswith("Chỉ quản trị viên và người dùng phạm vi toàn quốc")
    country = session_as("quantri").get(url).json()
    assert country["parent"] is None and country["units_assessed"] >= body["units_assessed"]


def test_rollup_without_assessments_counts_units_only(session_as, neighbour):
    assert not Rollup.objects.filter(parent=neighbour, set_code=UNASSESSED_SET, year=YEAR).exists()
    body = session_as("quantri").get(f"/api/rollups/{UNASSESSED_SET}/{YEAR}", {"parent": neighbour.pk}).json()
    assert (body["units_total"], body["units_assessed"], body["computed_at"]) == (1, 0, None)
