"""The pages, the REST API and the command line over the same rounds services."""

import datetime
import re

import pytest

from ntm.audit.models import AuditRecord
from ntm.cli import main
from ntm.demo import rounds as demo
from ntm.rounds import selectors, services
from ntm.rounds.models import Round

PERIOD = "2026Q2"


def test_province_page_shows_the_demo_counts(session_as, new_ban_bo, quarterly):
    page = session_as("tinh.laichau").get(f"/rounds/?unit={new_ban_bo.parent.pk}&kind=quy&period=2026Q3").text
    expected = selectors.completeness(new_ban_bo.parent, quarterly, demo.PERIOD)
    assert expected.on_time and expected.late and expected.missing  # the demo has a mix
    assert f'data-testid="on-time">{expected.on_time}<' in page
    assert f'data-testid="late">{expected.late}<' in page
    assert f'data-testid="missing">{expected.missing}<' in page
    assert "hạn nộp 15/10/2026" in page
    placed = [line for line in expected.lines if line.unit.lat is not None and line.unit.lon is not None]
    assert ('data-testid="rounds-map"' in page) is bool(placed)


def test_commune_submits_on_its_page_and_the_province_approves_many(session_as, new_ban_bo, quarterly):
    round_ = services.round_for(new_ban_bo, quarterly, PERIOD)
    officer = session_as("xa.banbo")
    page = officer.get(f"/rounds/{round_.pk}/").text
    assert "Gửi báo cáo" in page and "Duyệt báo cáo" not in page
    officer.post(f"/rounds/{round_.pk}/submit/")
    assert officer.post(f"/rounds/{round_.pk}/approve/").status_code == 403
    round_.refresh_from_db()
    assert round_.state == Round.State.SUBMITTED
    assert officer.get(f"/rounds/{round_.pk}/document/").getvalue()[:2] == b"PK"

    province = session_as("tinh.laichau")
    listing = province.get(f"/rounds/?unit={new_ban_bo.parent.pk}&kind=quy&period={PERIOD}").text
    assert f'name="round" value="{round_.pk}"' in listing
    response = province.post("/rounds/approve/", {"round": [round_.pk]})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.state == Round.State.APPROVED
    page = officer.get(f"/rounds/{round_.pk}/").text
    assert 'data-testid="locked"' in page and "duyệt" in page


def test_api_submit_return_approve(session_as, new_ban_bo, quarterly):
    round_ = services.round_for(new_ban_bo, quarterly, PERIOD)
    officer, province = session_as("xa.banbo", enforce_csrf_checks=False), session_as("tinh.laichau")
    assert (
        officer.post(f"/api/rounds/{round_.pk}/approve", {}, content_type="application/json").status_code
        == 403
    )
    sent = officer.post(f"/api/rounds/{round_.pk}/submit")
    assert (
        sent.status_code == 200 and sent.json()["state"] == "submitted" and len(sent.json()["sha256"]) == 64
    )
    returned = province.post(
        f"/api/rounds/{round_.pk}/return", {"comment": "Bổ sung"}, content_type="application/json"
    )
    assert returned.json()["state"] == "returned"
    assert officer.post(f"/api/rounds/{round_.pk}/submit").json()["state"] == "submitted"
    approved = province.post(f"/api/rounds/{round_.pk}/approve", {}, content_type="application/json")
    assert approved.json()[0]["state"] == "approved"
    again = province.post(f"/api/rounds/{round_.pk}/approve", {}, content_type="application/json")
    assert again.status_code == 409
    listed = officer.get("/api/rounds", {"period": PERIOD}).json()["items"]
    assert [r["id"] for r in listed] == [round_.pk]


@pytest.mark.django_db(transaction=False)
def test_cli_submit_and_approve_with_permissions(new_ban_bo, quarterly, capsys):
    assert main(["rounds", "submit", "--unit", "03424", "--period", PERIOD, "--user", "xa.banbo"]) == 0
    assert main(["rounds", "approve", "--unit", "03424", "--period", PERIOD, "--user", "xa.banbo"]) == 2
    assert "không có quyền" in capsys.readouterr().err
    assert main(["rounds", "approve", "--unit", "03424", "--period", PERIOD, "--user", "tinh.laichau"]) == 0
    assert re.search(r"Bản Bo 2026Q2: Đã duyệt", capsys.readouterr().out)
    assert main(["rounds", "list", "--unit", "12", "--period", PERIOD]) == 0
    assert "Đã duyệt" in capsys.readouterr().out


def test_the_province_announces_an_ad_hoc_round_for_the_units_it_chooses(session_as, new_ban_bo):
    from ntm.notices.models import Notice

    province = new_ban_bo.parent
    assert session_as("xa.banbo").get(f"/rounds/announce/?unit={new_ban_bo.pk}").status_code == 403
    office = session_as("tinh.laichau")
    assert 'data-testid="announce-link"' in office.get(f"/rounds/?unit={province.pk}").content.decode()
    page = office.get(f"/rounds/announce/?unit={province.pk}").content.decode()
    assert "Xã Bản Bo" in page and "Báo cáo đột xuất" in page
    other = (
        Round._meta.get_field("unit")
        .related_model.objects.filter(parent=province, level=new_ban_bo.level, valid_from__isnull=False)
        .exclude(pk=new_ban_bo.pk)
        .first()
    )
    form = {"unit": province.pk, "kind": "dot-xuat", "period": "2026-11", "deadline": "20/11/2026"}
    refused = office.post("/rounds/announce/", form | {"deadline": "20/10/2026", "units": [new_ban_bo.pk]})
    assert "Hạn nộp phải sau ngày bắt đầu kỳ báo cáo" in refused.content.decode()
    done = office.post("/rounds/announce/", form | {"units": [new_ban_bo.pk, other.pk]})
    assert done.status_code == 302
    rounds = Round.objects.filter(kind__code="dot-xuat", period="2026-11")
    assert {r.unit_id for r in rounds} == {province.pk, new_ban_bo.pk, other.pk}
    assert {r.deadline for r in rounds} == {datetime.date(2026, 11, 20)}
    record = AuditRecord.objects.filter(action="round.announce").latest("pk")
    assert record.user.username == "tinh.laichau" and sorted(record.new["chosen"]) == sorted(
        [new_ban_bo.code, other.code]
    )
    mine = rounds.get(unit=new_ban_bo)
    [notice] = Notice.objects.filter(recipient__username="xa.banbo", link=f"/rounds/{mine.pk}/")
    assert notice.kind == Notice.Kind.ROUND_ANNOUNCED
    assert "trước hạn 20/11/2026" in notice.text
