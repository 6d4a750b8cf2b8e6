"""The inbox page (`/thong-bao/`): the unread count in the top bar, one's own notices only, marking
one or all read, the e-mail choice, and the notice worded in English for an English reader."""

import pytest

from ntm.accounts.actors import SystemActor
from ntm.accounts.models import User
from ntm.notices.models import Notice, Preference
from ntm.notices.services import notify
from ntm.rounds.notices import RETURNED

pytestmark = pytest.mark.django_db

PARAMS = {
    "report": "Báo cáo quý",
    "period": "Quý II/2026",
    "unit": "Xã Bản Bo",
    "comment": "Bổ sung tiêu chí 7",
}


@pytest.fixture(autouse=True)
def _empty_inboxes():
    Notice.objects.all().delete()


def _send(username: str, link: str = "/rounds/") -> Notice:
    user = User.objects.get(username=username)
    [notice] = notify(
        [user], Notice.Kind.ROUND_RETURNED, RETURNED, PARAMS, actor=SystemActor("tests"), link=link
    )
    return notice


def test_the_inbox_shows_only_my_notices_and_marks_them_read(session_as):
    mine, theirs = _send("xa.banbo"), _send("tinh.laichau")
    _send("xa.banbo")
    commune = session_as("xa.banbo")
    page = commune.get("/thong-bao/").content.decode()
    assert (
        'data-testid="notices-link"' in page and '<span class="badge unread"' in page and ">2</span>" in page
    )
    assert page.count('data-testid="notice"') == 2 and "bị trả lại: Bổ sung tiêu chí 7" in page

    assert commune.post(f"/thong-bao/{theirs.pk}/doc/").status_code == 404  # another's: not even seen
    theirs.refresh_from_db()
    assert theirs.read_at is None

    opened = commune.post(f"/thong-bao/{mine.pk}/doc/", {"open": "1"})
    assert opened.status_code == 302 and opened["Location"] == "/rounds/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert ">1</span>" in commune.get("/thong-bao/?unread=1").content.decode()

    commune.post("/thong-bao/doc-het/")
    assert not Notice.objects.filter(recipient__username="xa.banbo", read_at__isnull=True).exists()
    assert '<span class="badge unread"' not in commune.get("/thong-bao/").content.decode()
    assert Notice.objects.get(pk=theirs.pk).read_at is None


def test_an_outside_link_is_never_followed(session_as):
    notice = _send("xa.banbo", link="https://example.com/")
    response = session_as("xa.banbo").post(f"/thong-bao/{notice.pk}/doc/", {"open": "1"})
    assert response["Location"] == "/thong-bao/"


def test_the_reader_chooses_mail_or_not(session_as):
    user = User.objects.get(username="xa.banbo")
    user.email = "xa.banbo@ntm-demo.example"
    user.save()
    client = session_as("xa.banbo")
    assert "xa.banbo@ntm-demo.example" in client.get("/thong-bao/").content.decode()
    client.post("/thong-bao/thu-dien-tu/", {})
    assert Preference.objects.get(user=user).email is False
    client.post("/thong-bao/thu-dien-tu/", {"email": "1"})
    assert Preference.objects.get(user=user).email is True


def test_an_english_reader_reads_the_notice_in_english(session_as):
    _send("xa.banbo")
    client = session_as("xa.banbo")
    client.cookies["django_language"] = "en"
    page = client.get("/thong-bao/").content.decode()
    assert "was returned: Bổ sung tiêu chí 7" in page
