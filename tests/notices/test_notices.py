"""Notifications (issue 12 item 8, issue 18 item 4): the steps of rounds and dossiers reach the
inbox of whom they concern and their e-mail (Django's locmem outbox here; the console backend is
what the settings configure), the inbox shows only the reader's own notices, overdue rounds are
reminded once."""

import datetime

import pytest
from django.core import mail

from ntm.accounts.actors import SystemActor
from ntm.accounts.models import User
from ntm.notices import services
from ntm.notices.models import Notice
from ntm.recognition import dossiers as flow
from ntm.recognition.models import Dossier
from ntm.rounds import notices as round_notices
from ntm.rounds import services as rounds
from ntm.rounds.models import ReportKind, Round
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

PERIOD = "2026Q2"


@pytest.fixture
def new_ban_bo():
    return AdminUnit.objects.select_related("parent").get(
        level=Level.COMMUNE, code="03424", valid_from__isnull=False
    )


@pytest.fixture
def people():
    """The demo's offices with an e-mail address and an empty inbox (the demo's rounds filled it)."""
    Notice.objects.all().delete()
    users = {
        u.username: u for u in User.objects.filter(username__in=["xa.banbo", "tinh.laichau", "xem.laichau"])
    }
    for user in users.values():
        user.email = f"{user.username}@ntm-demo.example"
        user.save()
    return users


def _inbox(user):
    return list(Notice.objects.filter(recipient=user).order_by("pk"))


def _mail_to(user):
    return [m for m in mail.outbox if user.email in m.to]


def test_the_default_mail_backend_is_the_console():
    import ntm.settings

    assert ntm.settings.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"


def test_each_step_of_a_round_reaches_the_inbox_and_mail_of_whom_it_concerns(new_ban_bo, people):
    officer, province, viewer = people["xa.banbo"], people["tinh.laichau"], people["xem.laichau"]
    round_ = rounds.round_for(new_ban_bo, ReportKind.objects.get(code="quy"), PERIOD)

    rounds.submit(actor=officer, round_=round_)
    [sent] = _inbox(province)
    assert sent.kind == Notice.Kind.ROUND_SUBMITTED and sent.link == f"/rounds/{round_.pk}/"
    assert "Bản Bo đã gửi báo cáo" in sent.text and "chờ anh/chị xem xét" in sent.text
    [message] = _mail_to(province)
    assert "Bản Bo đã gửi báo cáo" in message.subject and f"/rounds/{round_.pk}/" in message.body
    assert _inbox(officer) == [] and _inbox(viewer) == []  # the sender and mere readers hear nothing

    rounds.return_round(actor=province, round_=round_, comment="Bổ sung tiêu chí 7")
    [returned] = _inbox(officer)
    assert returned.kind == Notice.Kind.ROUND_RETURNED and "bị trả lại: Bổ sung tiêu chí 7" in returned.text
    assert "Bổ sung tiêu chí 7" in _mail_to(officer)[0].body

    rounds.submit(actor=officer, round_=round_)
    [round_] = rounds.approve(actor=province, rounds=[round_])
    rounds.reopen(actor=province, round_=round_, reason="Sửa số liệu tiêu chí 7")
    kinds = [n.kind for n in _inbox(officer)]
    assert kinds == [Notice.Kind.ROUND_RETURNED, Notice.Kind.ROUND_APPROVED, Notice.Kind.ROUND_REOPENED]
    assert "mở lại để sửa: Sửa số liệu tiêu chí 7" in _inbox(officer)[-1].text
    assert len(_mail_to(officer)) == 3 and len(_mail_to(province)) == 2


def test_a_user_who_declines_mail_still_gets_the_inbox(new_ban_bo, people):
    officer, province = people["xa.banbo"], people["tinh.laichau"]
    services.set_email(actor=province, user=province, email=False)
    round_ = rounds.round_for(new_ban_bo, ReportKind.objects.get(code="quy"), PERIOD)
    rounds.submit(actor=officer, round_=round_)
    assert len(_inbox(province)) == 1 and _mail_to(province) == []


def test_mail_leaves_from_the_queue_after_commit_never_in_the_step(new_ban_bo, people, database_queue):
    officer, province = people["xa.banbo"], people["tinh.laichau"]
    round_ = rounds.round_for(new_ban_bo, ReportKind.objects.get(code="quy"), PERIOD)
    with database_queue.enqueuing():
        rounds.submit(actor=officer, round_=round_)
        assert len(_inbox(province)) == 1
    assert mail.outbox == []  # queued, waiting for a worker
    database_queue.run()
    assert len(_mail_to(province)) == 1
    database_queue.run()  # run again: nothing sent twice
    assert len(_mail_to(province)) == 1


def test_rounds_due_in_three_days_then_overdue_are_reminded_once_each(new_ban_bo, people):
    officer = people["xa.banbo"]
    kind = ReportKind.objects.get(code="quy")
    round_ = rounds.round_for(new_ban_bo, kind, "2025Q4")  # due 15/01/2026, never sent
    assert round_.state == Round.State.NOT_STARTED
    round_notices.remind(SystemActor("ntm rounds"), today=datetime.date(2026, 1, 11))
    assert not _inbox(officer)  # four days ahead: not yet
    round_notices.remind(SystemActor("ntm rounds"), today=datetime.date(2026, 1, 12))
    round_notices.remind(SystemActor("ntm rounds"), today=datetime.date(2026, 1, 15))
    [soon] = _inbox(officer)
    assert soon.kind == Notice.Kind.ROUND_DUE_SOON and "đến hạn nộp ngày 15/01/2026" in soon.text
    assert round_notices.remind(SystemActor("ntm rounds"), today=datetime.date(2026, 1, 16)) >= 1
    [reminder] = [n for n in _inbox(officer) if n.kind == Notice.Kind.ROUND_OVERDUE]
    assert (
        reminder.link == f"/rounds/{round_.pk}/"
        and reminder.kind == Notice.Kind.ROUND_OVERDUE
        and "quá hạn nộp 15/01/2026" in reminder.text
    )
    round_notices.remind(SystemActor("ntm rounds"), today=datetime.date(2026, 1, 17))
    assert len(_inbox(officer)) == 2


def test_rounds_remind_command(new_ban_bo, people, capsys):
    from ntm.cli import main

    rounds.round_for(new_ban_bo, ReportKind.objects.get(code="quy"), "2025Q4")
    assert main(["rounds", "remind"]) == 0
    assert "thông báo sắp đến hạn, quá hạn" in capsys.readouterr().out
    assert any(n.kind == Notice.Kind.ROUND_OVERDUE for n in _inbox(people["xa.banbo"]))


def test_dossier_moves_notify_the_office_whose_step_comes_and_the_unit(new_ban_bo, people):
    officer, province = people["xa.banbo"], people["tinh.laichau"]
    dossier = flow.register(actor=officer, unit=new_ban_bo, set_code="xa-ntm-2026", year=2026)
    dossier.step = dossier.procedure.steps.get(code="hoi-dong")
    dossier.save()
    flow.send_back(actor=province, dossier=dossier, comment="Bổ sung tờ trình có chữ ký.")
    [returned] = _inbox(officer)
    assert returned.kind == Notice.Kind.DOSSIER_RETURNED and returned.link == f"/dossiers/{dossier.pk}/"
    assert "bị trả lại để hoàn thiện: Bổ sung tờ trình có chữ ký." in returned.text
    assert "xa-ntm-2026" not in returned.text  # the standard by its name, never its code


def test_a_dossier_waiting_for_the_province_and_its_decision_are_told(new_ban_bo, people):
    from ntm.recognition import notices as dossier_notices
    from ntm.recognition.models import Decision

    officer, province = people["xa.banbo"], people["tinh.laichau"]
    dossier = flow.register(actor=officer, unit=new_ban_bo, set_code="xa-ntm-2026", year=2026)
    first = dossier.step
    dossier.step = dossier.procedure.steps.get(code="hoi-dong")
    dossier_notices.moved(officer, dossier, first)  # the commune's step done, the council's next
    [waiting] = _inbox(province)
    assert waiting.kind == Notice.Kind.DOSSIER_WAITING and f"“{dossier.step.name}”" in waiting.text
    dossier_notices.moved(province, dossier, dossier.step)  # same hands: nobody is told again
    assert len(_inbox(province)) == 1

    dossier.status = Dossier.Status.DECIDED
    dossier.decision = Decision(number="123/QĐ-UBND", date=datetime.date(2026, 11, 20))
    dossier_notices.moved(province, dossier)
    [decided] = _inbox(officer)
    assert (
        decided.kind == Notice.Kind.DOSSIER_DECIDED
        and "quyết định số 123/QĐ-UBND ngày 20/11/2026" in decided.text
    )
