"""The transparency page without login: posted dossiers and decisions of the demo, a published
dossier's opinion form whose entries reach the dossier to be answered, its limits (per address,
length, a field only robots fill), and nothing unpublished."""

import pytest
from django.test import Client

from ntm.recognition import public
from ntm.recognition.models import Dossier, Opinion
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db

SET = "xa-ntm-2026"


@pytest.fixture
def posted():
    return Dossier.objects.get(is_demo=True, set_code=SET, step__code="cong-khai")


def test_the_public_page_lists_posted_dossiers_and_decisions_without_login(posted):
    decided = Dossier.objects.get(is_demo=True, set_code=SET, status="decided")
    page = Client().get("/cong-khai/").content.decode()
    assert posted.unit.name in page and decided.unit.name in page
    assert decided.decision.number in page and "tiêu chí đạt" in page
    registered = Dossier.objects.get(is_demo=True, set_code=SET, step__code="tu-danh-gia")
    assert f"/cong-khai/{registered.pk}/" not in page
    assert Client().get(f"/cong-khai/{registered.pk}/").status_code == 404
    assert Client().get("/cong-khai/", {"province": "x'; --"}).status_code == 200
    ha_noi = AdminUnit.objects.get(level=Level.PROVINCE, code="01", valid_from__isnull=False)
    other = Client().get("/cong-khai/", {"province": ha_noi.pk}).content.decode()
    assert posted.unit.name not in other


def test_an_opinion_from_the_public_page_reaches_the_dossier(posted, session_as):
    anonymous = Client()
    page = anonymous.get(f"/cong-khai/{posted.pk}/").content.decode()
    assert "Gửi ý kiến" in page and "Kết quả tự đánh giá" in page
    sent = anonymous.post(
        f"/cong-khai/{posted.pk}/",
        {"sender": "", "content": "Đề nghị làm rõ tiêu chí môi trường."},
        follow=True,
    )
    assert "Đã nhận ý kiến của bạn" in sent.content.decode()
    opinion = posted.opinions.get(public=True)
    assert opinion.content == "Đề nghị làm rõ tiêu chí môi trường." and opinion.answer == ""
    assert posted.events.filter(kind="public_opinion").exists()

    officer = session_as("quantri")
    page = officer.get(f"/dossiers/{posted.pk}/").content.decode()
    assert "Đề nghị làm rõ tiêu chí môi trường." in page and "qua trang công khai" in page
    assert "1 ý kiến chưa trả lời" in page  # the posting step waits for the answer


def test_the_opinion_form_has_limits_and_never_fails(posted):
    anonymous = Client()
    url = f"/cong-khai/{posted.pk}/"
    too_long = anonymous.post(url, {"content": "x" * 3000})
    assert too_long.status_code == 200 and not posted.opinions.filter(public=True).exists()
    robot = anonymous.post(url, {"content": "mua ngay", "website": "http://spam.example"}, follow=True)
    assert robot.status_code == 200 and not posted.opinions.filter(public=True).exists()
    assert anonymous.post(url, {"content": "nul \x00"}).status_code == 200
    for n in range(public.PER_HOUR):
        anonymous.post(url, {"content": f"Ý kiến {n}"})
    refused = anonymous.post(url, {"content": "Thêm một ý kiến"}, follow=True).content.decode()
    assert "hãy gửi lại sau" in refused
    assert Opinion.objects.filter(dossier=posted, public=True).count() == public.PER_HOUR


def test_every_other_page_still_needs_login(posted):
    response = Client().get(f"/dossiers/{posted.pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert 'href="/cong-khai/"' in Client().get("/login/").content.decode()  # the way in for the public
