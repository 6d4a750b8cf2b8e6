"""Recognition dossiers: a commune's dossier run through the pages from registration to decision,
the posting rule refusing an early advance, sign-offs by the level above, the change-after-sign-off
flag, return for correction, the demo's dossiers and the province's list of decisions below it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ntm.accounts.actors import SystemActor
from ntm.indicators.models import CriterionStatus
from ntm.indicators.services import record_statuses
from ntm.recognition import dossiers as flow
from ntm.recognition import survey
from ntm.recognition.models import Decision, Dossier, ProcedureStep
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

SET, YEAR = "xa-ntm-2026", 2026
PDF = b"%PDF-1.4\n% kiem thu\n"


@pytest.fixture
def new_ban_bo():
    """Bản Bo since 1/7/2025: the demo leaves it without a dossier."""
    return AdminUnit.objects.get(level=Level.COMMUNE, code="03424", valid_from__isnull=False)


@pytest.fixture
def lai_chau():
    return AdminUnit.objects.get(level=Level.PROVINCE, code="12", valid_from__isnull=False)


def _pdf(name="tai-lieu.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _dossier(unit) -> Dossier:
    return Dossier.objects.get(unit=unit, set_code=SET, year=YEAR)


def _advance(client, dossier, **data):
    return client.post(f"/dossiers/{dossier.pk}/advance/", {"note": "kiểm thử", **data}, follow=True)


def _survey(client, dossier, unit, *, households, surveyed, satisfied_share=0.9):
    contents = survey.contents(dossier, unit)
    answers = {f"satisfied_{code}": int(surveyed * satisfied_share) for code, _name in contents}
    body = {"unit": unit.pk, "households": households, "surveyed": surveyed, **answers}
    return client.post(f"/dossiers/{dossier.pk}/survey/", body, follow=True)


def _vote(client, dossier, members):
    body = {"met_on": timezone.localdate().isoformat(), "members": "\n".join(members)}
    return client.post(f"/dossiers/{dossier.pk}/vote/", body, follow=True)


def test_a_commune_dossier_runs_from_registration_to_decision(session_as, new_ban_bo, lai_chau):
    commune, province = session_as("xa.banbo"), session_as("tinh.laichau")
    page = commune.post(f"/units/{new_ban_bo.pk}/dossiers/", {"set_code": SET, "year": YEAR}, follow=True)
    assert "Đã đăng ký năm đạt chuẩn" in page.content.decode()
    dossier = _dossier(new_ban_bo)
    assert dossier.step.code == "tu-danh-gia"

    # the self-assessment: the engine's criteria table, kept when the step is completed
    page = commune.get(f"/dossiers/{dossier.pk}/").content.decode()
    assert "Báo cáo tự đánh giá" in page and "Khoa học công nghệ và chuyển đổi số" in page
    _advance(commune, dossier)
    dossier.refresh_from_db()
    assert dossier.step.code == "cong-khai" and dossier.self_assessment["set"]["code"] == SET

    # posting: refused, with what is missing, until posted 15 days and broadcast 5 times
    commune.post(f"/dossiers/{dossier.pk}/documents/", {"code": "y-kien-mttq", "file": _pdf()})
    today = timezone.localdate()
    start = today - datetime.timedelta(days=16)
    commune.post(
        f"/dossiers/{dossier.pk}/posting/",
        {"kind": "posted", "date": start.isoformat(), "place": "Trụ sở UBND xã"},
    )
    refused = _advance(commune, dossier).content.decode()
    assert "Chưa thể hoàn thành bước" in refused and "0/5 lần" in refused
    for n in range(5):
        day = start + datetime.timedelta(days=n + 1)
        commune.post(
            f"/dossiers/{dossier.pk}/posting/",
            {"kind": "broadcast", "date": day.isoformat(), "place": "Đài xã"},
        )
    commune.post(
        f"/dossiers/{dossier.pk}/opinions/",
        {"received_on": today.isoformat(), "sender": "Ông A, thôn Bản Bo", "content": "Đường thôn còn lầy."},
    )
    assert "1 ý kiến chưa trả lời" in _advance(commune, dossier).content.decode()
    opinion = dossier.opinions.get()
    commune.post(
        f"/dossiers/{dossier.pk}/opinions/", {"opinion": opinion.pk, "answer": "Đã đưa vào kế hoạch."}
    )
    _advance(commune, dossier)
    dossier.refresh_from_db()
    assert dossier.step.code == "khao-sat"

    # the household survey, per content, its coverage (≥ 70% of households), then the dossier itself
    commune.post(f"/dossiers/{dossier.pk}/documents/", {"code": "ket-qua-hai-long", "file": _pdf()})
    assert (
        f"chưa nhập kết quả lấy ý kiến của: {new_ban_bo.name}" in _advance(commune, dossier).content.decode()
    )
    _survey(commune, dossier, new_ban_bo, households=1000, surveyed=600)
    assert "cần ít nhất 70%" in _advance(commune, dossier).content.decode()
    page = _survey(commune, dossier, new_ban_bo, households=1000, surveyed=800).content.decode()
    assert "Đã lấy ý kiến 800/1.000 hộ (80%)" in page
    _advance(commune, dossier)
    for code in ("to-trinh", "bien-ban-xa"):
        commune.post(f"/dossiers/{dossier.pk}/documents/", {"code": code, "file": _pdf(f"{code}.pdf")})
    _advance(commune, dossier)
    dossier.refresh_from_db()
    assert dossier.step.code == "tham-dinh"

    # appraisal belongs to the level above: the commune can neither sign nor advance
    assert (
        commune.post(f"/dossiers/{dossier.pk}/signoff/", {"criterion": "1", "agree": "yes"}).status_code
        == 403
    )
    assert commune.post(f"/dossiers/{dossier.pk}/advance/", {}).status_code == 403
    for criterion in flow.criterion_sectors(SET):
        province.post(f"/dossiers/{dossier.pk}/signoff/", {"criterion": criterion, "agree": "yes"})
    _advance(province, dossier)
    province.post(f"/dossiers/{dossier.pk}/documents/", {"code": "bien-ban-hoi-dong", "file": _pdf()})
    # the council's vote: a dossier the council did not pass cannot reach the decision
    assert "chưa ghi biểu quyết" in _advance(province, dossier).content.decode()
    _vote(province, dossier, ["Ông A: tán thành", "Bà B: không tán thành", "Ông C: không tán thành"])
    assert "Hội đồng chưa thông qua (1/3" in _advance(province, dossier).content.decode()
    _vote(province, dossier, ["Ông A: tán thành", "Bà B: tán thành", "Ông C: không biểu quyết"])
    _advance(province, dossier)
    dossier.refresh_from_db()
    assert dossier.step.code == "quyet-dinh"

    # the decision closes the dossier through record_decision: the province's list shows it
    _advance(
        province, dossier, number="KT-01/QĐ-UBND", date=today.isoformat(), authority="UBND tỉnh Lai Châu"
    )
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.DECIDED
    assert Decision.objects.filter(unit=new_ban_bo, set_code=SET, number="KT-01/QĐ-UBND").exists()
    listing = province.get(f"/units/{lai_chau.pk}/decisions/", {"year": YEAR, "level": 3, "standard": "ntm"})
    assert "KT-01/QĐ-UBND" in listing.content.decode() and "Bản Bo" in listing.content.decode()
    kinds = list(dossier.events.values_list("kind", flat=True))
    assert (
        kinds[0] == "register" and kinds.count("advance") == 7 and {"signoff", "survey", "vote"} <= set(kinds)
    )


def test_a_change_after_sign_off_flags_the_dossier_and_lists_it(session_as, new_ban_bo):
    actor = SystemActor("tests")
    dossier = flow.register(actor=actor, unit=new_ban_bo, set_code=SET, year=YEAR)
    dossier.step = dossier.procedure.steps.get(code="tham-dinh")
    dossier.save()
    flow.sign_off(actor=actor, dossier=dossier, criterion_code="7", agree=True)
    page = session_as("tinh.laichau").get(f"/dossiers/{dossier.pk}/").content.decode()
    assert "Số liệu đã thay đổi sau thẩm định" not in page

    current = CriterionStatus.objects.filter(
        unit=new_ban_bo, set_code=SET, year=YEAR, criterion_code="7", is_current=True
    ).first()
    was = current.met if current else None
    record_statuses(
        actor=actor,
        unit=new_ban_bo,
        set_code=SET,
        year=YEAR,
        statuses={"7": not was},
        reason="kiểm thử: sửa sau thẩm định",
        expected_versions={"7": current.version if current else 0},
    )
    [change] = flow.changes_after_signoff(dossier)
    assert (change.code, change.old, change.new) == ("7", was, not was)
    page = session_as("tinh.laichau").get(f"/dossiers/{dossier.pk}/").content.decode()
    assert "Số liệu đã thay đổi sau thẩm định" in page


def test_the_level_above_returns_a_dossier_with_comments(session_as, new_ban_bo):
    actor = SystemActor("tests")
    dossier = flow.register(actor=actor, unit=new_ban_bo, set_code=SET, year=YEAR)
    commune = session_as("xa.banbo")
    assert commune.post(f"/dossiers/{dossier.pk}/return/", {"comment": "x"}).status_code == 403
    dossier.step = dossier.procedure.steps.get(code="hoi-dong")
    dossier.save()
    province = session_as("tinh.laichau")
    assert (
        "Hãy ghi rõ"
        in province.post(f"/dossiers/{dossier.pk}/return/", {"comment": " "}, follow=True).content.decode()
    )
    province.post(f"/dossiers/{dossier.pk}/return/", {"comment": "Bổ sung tờ trình có chữ ký."})
    dossier.refresh_from_db()
    assert (dossier.status, dossier.step.code) == (Dossier.Status.RETURNED, "ho-so")
    assert "Bổ sung tờ trình có chữ ký." in commune.get(f"/dossiers/{dossier.pk}/").content.decode()


def test_the_demo_has_a_dossier_in_each_state(lai_chau):
    demo = Dossier.objects.filter(is_demo=True, unit__path__startswith=lai_chau.path, set_code=SET)
    states = {(d.status, d.step.code) for d in demo.select_related("step")}
    assert states == {
        ("open", "tu-danh-gia"),
        ("open", "cong-khai"),
        ("open", "khao-sat"),
        ("open", "tham-dinh"),
        ("open", "hoi-dong"),
        ("returned", "ho-so"),
        ("decided", "quyet-dinh"),
    }
    assert demo.get(status="decided").decision.is_demo
    at_council = demo.get(step__code="hoi-dong")
    assert at_council.survey_results.exists() and at_council.council_votes.get().passed


def test_the_province_decision_page_lists_the_decisions_below_it(session_as, lai_chau):
    page = session_as("tinh.laichau").get(f"/units/{lai_chau.pk}/decisions/").content.decode()
    assert "Chưa có quyết định nào." not in page and "MẪU-2026-001/QĐ-UBND" in page
    filtered = (
        session_as("tinh.laichau").get(f"/units/{lai_chau.pk}/decisions/", {"year": 1999}).content.decode()
    )
    assert "Chưa có quyết định nào." in filtered


def test_only_unconfirmed_procedures_are_edited_by_administrators(session_as):
    step_2026 = ProcedureStep.objects.get(procedure__code="xa-2026", code="cong-khai")
    step_2022 = ProcedureStep.objects.get(procedure__code="xa-2021", code="cong-khai")
    listing = session_as("tinh.laichau").get("/procedures/").content.decode()
    assert "chưa xác nhận" in listing
    assert session_as("tinh.laichau").get(f"/procedures/steps/{step_2026.pk}/").status_code == 403
    admin = session_as("quantri")
    admin.post(
        f"/procedures/steps/{step_2026.pk}/",
        {
            "name": step_2026.name,
            "actor": "commune",
            "documents": "y-kien-mttq: Ý kiến của Mặt trận Tổ quốc",
            "min_broadcasts": 3,
            "within_days": 10,
            "source": "kiểm thử",
            "reason": "kiểm thử",
        },
    )
    step_2026.refresh_from_db()
    assert step_2026.rule["min_broadcasts"] == 3 and not step_2026.verified
    assert "không sửa tại đây" in admin.get(f"/procedures/steps/{step_2022.pk}/").content.decode()


def test_no_decision_for_a_unit_the_current_data_says_does_not_meet_the_standard(lai_chau):
    from ntm.indicators.models import Assessment

    failing = (
        Assessment.objects.filter(
            unit__path__startswith=lai_chau.path, set_code=SET, year=YEAR, standard_met=False
        )
        .exclude(unit__dossiers__set_code=SET)
        .order_by("unit__code")
        .first()
        .unit
    )
    actor = SystemActor("tests")
    dossier = flow.register(actor=actor, unit=failing, set_code=SET, year=YEAR)
    dossier.step = dossier.procedure.steps.get(code="quyet-dinh")
    dossier.save()
    with pytest.raises(flow.DossierRefused, match="chưa đạt chuẩn"):
        flow.advance(actor=actor, dossier=dossier, data={"number": "KT-02", "date": timezone.localdate()})
    assert not Decision.objects.filter(unit=failing, number="KT-02").exists()
