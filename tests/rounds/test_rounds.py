"""Rounds (issue 18): steps and who may take them, the frozen document, the lock on approved data,
consolidation and completeness against the demo."""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied

from ntm.audit.models import AuditRecord
from ntm.demo import rounds as demo
from ntm.indicators.models import CriterionStatus
from ntm.indicators.services import record_statuses
from ntm.rounds import calendar, selectors, services
from ntm.rounds.locks import RoundLocked
from ntm.rounds.models import ReportKind, Round

SET, YEAR, PERIOD = "xa-ntm-2026", 2026, "2026Q2"


def _status(unit, code):
    return CriterionStatus.objects.filter(
        unit=unit, set_code=SET, year=YEAR, criterion_code=code, is_current=True
    ).first()


def _record(unit, actor, code, met):
    """Record criterion `code` of the 2026 set (recorded criterion by criterion) as `met`."""
    current = _status(unit, code)
    return record_statuses(
        actor=actor,
        unit=unit,
        set_code=SET,
        year=YEAR,
        statuses={code: met},
        reason="Biên bản kiểm tra lại",
        expected_versions={code: current.version if current else 0},
    )


@pytest.mark.parametrize(
    "kind, period, due",
    [
        ("quy", "2026Q3", datetime.date(2026, 10, 15)),
        ("6-thang", "2026H2", datetime.date(2027, 1, 15)),
        ("thang", "2026-12", datetime.date(2027, 1, 5)),
        ("nam", "2025", datetime.date(2026, 1, 15)),
    ],
)
def test_deadlines_follow_the_calendar(db, kind, period, due):
    kind = ReportKind.objects.get(code=kind)
    assert kind.is_project_default
    assert calendar.deadline(kind, calendar.period_for(kind, period)) == due


def test_chain_is_two_tier_after_the_reform_and_three_tier_before(new_ban_bo, ban_bo):
    assert calendar.reports_to(new_ban_bo).level == 1  # commune → province
    assert calendar.reports_to(ban_bo).level == 2  # commune → district
    assert calendar.reports_to(calendar.reports_to(ban_bo)).level == 1


def test_submit_return_resubmit_approve_then_the_year_is_locked_until_reopened(new_ban_bo, quarterly, users):
    officer, province = users["xa.banbo"], users["tinh.laichau"]
    round_ = services.round_for(new_ban_bo, quarterly, PERIOD)
    assert round_.state == Round.State.NOT_STARTED and round_.deadline == datetime.date(2026, 7, 15)

    with pytest.raises(PermissionDenied):  # the province reviews, it does not report for the commune
        services.submit(actor=province, round_=round_)
    round_ = services.submit(actor=officer, round_=round_)
    assert round_.state == Round.State.SUBMITTED and round_.submitted_by == officer
    with pytest.raises(PermissionDenied):  # the commune does not approve its own report
        services.approve(actor=officer, rounds=[round_])
    with pytest.raises(services.RoundError):
        services.return_round(actor=province, round_=round_, comment="  ")
    round_ = services.return_round(actor=province, round_=round_, comment="Bổ sung tiêu chí 7")
    assert round_.state == Round.State.RETURNED and round_.comment == "Bổ sung tiêu chí 7"
    first = round_.first_submitted_at
    round_ = services.submit(actor=officer, round_=round_)
    assert round_.first_submitted_at == first  # timeliness counts the first submission
    [round_] = services.approve(actor=province, rounds=[round_])
    assert round_.state == Round.State.APPROVED and round_.reviewer == str(province)

    met = _status(new_ban_bo, "7").met
    with pytest.raises(RoundLocked) as refused:
        _record(new_ban_bo, officer, "7", not met)
    message = refused.value.errors["7"]
    assert "Báo cáo quý" in message and PERIOD in message and str(province) in message

    with pytest.raises(PermissionDenied):
        services.reopen(actor=officer, round_=round_, reason="Sửa số liệu")
    with pytest.raises(services.RoundError):
        services.reopen(actor=province, round_=round_, reason="")
    services.reopen(actor=province, round_=round_, reason="Xã đo đạc lại diện tích tưới")
    assert _record(new_ban_bo, officer, "7", not met)[0].met is (not met)

    steps = AuditRecord.objects.filter(object_type="rounds.round", object_id=str(round_.pk)).order_by("pk")
    assert [r.action for r in steps] == [
        "round.submit",
        "round.return",
        "round.submit",
        "round.approve",
        "round.reopen",
    ]
    assert steps.last().reason == "Xã đo đạc lại diện tích tưới"


def test_the_submitted_document_stays_byte_identical_after_later_edits(new_ban_bo, quarterly, users):
    officer = users["xa.banbo"]
    round_ = services.submit(actor=officer, round_=services.round_for(new_ban_bo, quarterly, PERIOD))
    with services.open_document(round_) as stored:
        before = stored.read()
    assert hashlib.sha256(before).hexdigest() == round_.sha256 and before[:2] == b"PK"
    met = round_.figures["statuses"][SET]["7"]["met"]

    _record(new_ban_bo, officer, "7", not met)  # submitted, not approved: the data may still change
    round_.refresh_from_db()
    with services.open_document(round_) as stored:
        assert stored.read() == before
    assert round_.figures["statuses"][SET]["7"]["met"] is met


def test_many_rounds_are_approved_at_once_by_the_level_above_only(new_ban_bo, quarterly, users):
    province = new_ban_bo.parent
    communes = list(selectors.children(province, datetime.date(2026, 6, 30))[:3])
    rounds = [
        services.submit(actor="tests", round_=services.round_for(c, quarterly, PERIOD)) for c in communes
    ]
    with pytest.raises(PermissionDenied):
        services.approve(actor=users["xa.banbo"], rounds=rounds)
    assert not Round.objects.filter(state=Round.State.APPROVED, period=PERIOD).exists()  # all or nothing
    services.approve(actor=users["tinh.laichau"], rounds=rounds)
    assert Round.objects.filter(state=Round.State.APPROVED, period=PERIOD).count() == 3


def test_consolidation_lists_the_children_summed_and_missing(new_ban_bo, quarterly):
    province = new_ban_bo.parent
    communes = list(selectors.children(province, datetime.date(2026, 6, 30)))
    approved, submitted = communes[0], communes[1]
    services.approve(
        actor="tests",
        rounds=[services.submit(actor="tests", round_=services.round_for(approved, quarterly, PERIOD))],
    )
    services.submit(actor="tests", round_=services.round_for(submitted, quarterly, PERIOD))

    own = services.submit(actor="tests", round_=services.round_for(province, quarterly, PERIOD))
    children = own.figures["children"]
    assert [c["name"] for c in children["summed"]] == [approved.name]
    assert len(children["missing"]) == len(communes) - 1
    assert submitted.name in {c["name"] for c in children["missing"]}
    assert any(t["title"].startswith("Tình hình tổng hợp báo cáo") for t in own.figures["tables"])


def test_completeness_counts_match_the_demo(new_ban_bo, quarterly):
    result = selectors.completeness(new_ban_bo.parent, quarterly, demo.PERIOD)
    codes = [line.unit.code for line in result.lines]
    planned = demo.plan(codes)
    states = list(planned.values())
    assert result.on_time == states.count("on_time") + demo.APPROVED + demo.RETURNED
    assert result.late == demo.LATE
    assert result.missing == len(codes) - result.on_time - result.late
    assert result.deadline == datetime.date(2026, 10, 15)
    ban_bo = next(line for line in result.lines if line.unit.code == demo.BAN_BO)
    assert ban_bo.round.state == Round.State.NOT_STARTED and ban_bo.timeliness == "missing"
    assert 0 < ban_bo.with_values <= ban_bo.expected


def test_a_return_comments_section_by_section(new_ban_bo, quarterly, users, session_as):
    officer, province = users["xa.banbo"], users["tinh.laichau"]
    round_ = services.submit(actor=officer, round_=services.round_for(new_ban_bo, quarterly, "2026Q1"))
    reviewer = session_as("tinh.laichau")
    refused = reviewer.post(f"/rounds/{round_.pk}/return/", {"comment": " ", "section-von": " "}, follow=True)
    assert "Hãy ghi nhận xét" in refused.content.decode()
    reviewer.post(
        f"/rounds/{round_.pk}/return/",
        {"section-von": "Thiếu số giải ngân quý I", "section-chi-tieu": "Chỉ tiêu 3 chưa khớp"},
    )
    round_.refresh_from_db()
    assert round_.state == Round.State.RETURNED and round_.comment == ""
    assert round_.section_notes() == [
        ("I. Kết quả thực hiện các chỉ tiêu kế hoạch", "Chỉ tiêu 3 chưa khớp"),
        ("III. Nguồn vốn và công trình, dự án", "Thiếu số giải ngân quý I"),
    ]
    page = session_as("xa.banbo").get(f"/rounds/{round_.pk}/").content.decode()
    assert "Thiếu số giải ngân quý I" in page and "Chỉ tiêu 3 chưa khớp" in page
    record = AuditRecord.objects.filter(action="round.return", object_id=str(round_.pk)).latest("pk")
    assert record.new["section_comments"] == {
        "von": "Thiếu số giải ngân quý I",
        "chi-tieu": "Chỉ tiêu 3 chưa khớp",
    }
    services.submit(actor=officer, round_=round_)
    [round_] = services.approve(actor=province, rounds=[round_])
    assert round_.section_comments == {}


def test_the_province_tables_list_the_annual_reports_of_the_children_they_sum(new_ban_bo, users):
    from ntm.reports.province import build_province_tables

    annual = ReportKind.objects.get(code="nam")
    round_ = services.submit(actor=users["xa.banbo"], round_=services.round_for(new_ban_bo, annual, "2026"))
    [round_] = services.approve(actor=users["tinh.laichau"], rounds=[round_])
    report = build_province_tables(new_ban_bo.parent, 2026)
    [sheet] = [t for t in report.appendices if t.title.startswith("Báo cáo năm 2026 của các đơn vị cấp dưới")]
    rows = {row.cells[1]: row.cells for row in sheet.rows}
    assert rows["Xã Bản Bo"][3] == "Đã tổng hợp" and rows["Xã Bản Bo"][4] == round_.sha256[:16]
    others = [cells for name, cells in rows.items() if name != "Xã Bản Bo"]
    assert others and all(cells[3] == "Còn thiếu" for cells in others)
