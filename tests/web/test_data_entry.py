"""The data-entry page: statuses, live preview, saving with a reason, conflicts, history, scope."""

import re

import pytest

from ntm.indicators.models import Assessment, IndicatorValue
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def ban_bo():
    return AdminUnit.objects.get(code="03424", level=Level.COMMUNE, valid_from__isnull=True)


@pytest.fixture
def officer(login):
    return login("xa.banbo")


def _seen(unit, code):
    """What the form shows for an indicator: (input text, version), as a user opening the page sees it."""
    from ntm.indicators.selectors import input_text

    current = IndicatorValue.objects.filter(
        unit=unit, set_code="xa-ntm-2021", period="2024", indicator_code=code, is_current=True
    ).first()
    return (input_text(current.value), str(current.version)) if current else ("", "0")


def _count(text: str) -> str:
    return re.search(r'data-testid="count">([^<]*)<', text).group(1)


def test_page_lists_criteria_with_thresholds_marked_unverified(officer, ban_bo):
    text = officer.get(f"/units/{ban_bo.pk}/data/2024/", {"set": "xa-ntm-2021"}).text
    assert "Thủy lợi và phòng, chống thiên tai" in text
    assert "chưa xác minh" in text
    assert re.match(r"\d+/19", _count(text))


def test_preview_changes_status_without_saving(officer, ban_bo):
    before = IndicatorValue.objects.count()
    response = officer.post(
        f"/units/{ban_bo.pk}/data/2024/preview/",
        {"set": "xa-ntm-2021", "v_3.1": "85", "v_3.2": "true"},
        HTTP_HX_REQUEST="true",
    )
    assert 'id="crit-3" hx-swap-oob="true"><span class="badge st-met' in response.text
    response = officer.post(
        f"/units/{ban_bo.pk}/data/2024/preview/",
        {"set": "xa-ntm-2021", "v_3.1": "70,5", "v_3.2": "true"},
        HTTP_HX_REQUEST="true",
    )
    assert "thiếu 9,5 điểm %" in response.text
    assert IndicatorValue.objects.count() == before


def test_save_then_correct_needs_a_reason_and_keeps_history(officer, ban_bo):
    url = f"/units/{ban_bo.pk}/data/2024/"
    values = IndicatorValue.objects.filter(
        unit=ban_bo, indicator_code="3.1", set_code="xa-ntm-2021", period="2024"
    )
    before = values.count()
    orig, version = _seen(ban_bo, "3.1")
    form = {"set": "xa-ntm-2021", "orig_3.1": orig, "ver_3.1": version, "v_3.1": "85,5"}
    if orig:
        assert "cần ghi lý do khi sửa giá trị đã có" in officer.post(url, form).text
    officer.post(url, {**form, "reason": "Số liệu thống kê mới"})
    first = values.get(is_current=True)
    assert first.value == 85.5 and first.version == int(version) + 1
    form = {"set": "xa-ntm-2021", "orig_3.1": "85,5", "ver_3.1": first.version, "v_3.1": "78"}
    assert "cần ghi lý do khi sửa giá trị đã có" in officer.post(url, form).text
    officer.post(url, {**form, "reason": "Đo lại diện tích"})
    history = officer.get(f"{url}history/3.1/", {"set": "xa-ntm-2021"}).text
    assert "Đo lại diện tích" in history and "Cán bộ xã Bản Bo (mẫu)" in history
    assert values.count() == before + 2
    assessment = Assessment.objects.get(unit=ban_bo, set_code="xa-ntm-2021", year=2024)
    assert "3" not in assessment.met_criteria


def test_second_save_on_a_stale_form_is_refused_with_the_newer_value(officer, ban_bo, client, demo_password):
    url = f"/units/{ban_bo.pk}/data/2024/"
    orig, version = _seen(ban_bo, "3.1")
    form = {"set": "xa-ntm-2021", "orig_3.1": orig, "ver_3.1": version, "reason": "cập nhật"}
    officer.post(url, {**form, "v_3.1": "81"})
    stale = officer.post(url, {**form, "v_3.1": "90"})
    assert 'data-testid="conflict"' in stale.text
    assert "“81”" in stale.text
    assert (
        IndicatorValue.objects.get(
            unit=ban_bo, set_code="xa-ntm-2021", period="2024", indicator_code="3.1", is_current=True
        ).value
        == 81
    )


def test_other_commune_is_refused(officer):
    other = AdminUnit.objects.get(code="03394", level=Level.COMMUNE, valid_from__isnull=True)  # Thèn Sin
    assert officer.get(f"/units/{other.pk}/data/2024/").status_code == 403
    assert (
        officer.post(f"/units/{other.pk}/data/2024/", {"set": "xa-ntm-2021", "v_3.1": "90"}).status_code
        == 403
    )


def test_viewer_sees_but_cannot_save(login, ban_bo):
    viewer = login("xem.laichau")
    page = viewer.get(f"/units/{ban_bo.pk}/data/2024/")
    assert page.status_code == 200 and "Bạn chỉ có quyền xem" in page.text
    assert (
        viewer.post(f"/units/{ban_bo.pk}/data/2024/", {"set": "xa-ntm-2021", "v_3.1": "90"}).status_code
        == 403
    )


def test_past_state_is_reconstructed_read_only(officer, ban_bo):
    import datetime

    from django.utils import timezone

    from ntm.accounts.models import User
    from ntm.indicators.services import ValueChange, save_values

    values = IndicatorValue.objects.filter(
        unit=ban_bo, set_code="xa-ntm-2021", period="2024", indicator_code="3.1"
    )
    old = values.get(is_current=True)
    IndicatorValue.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    save_values(
        actor=User.objects.get(username="xa.banbo"),
        unit=ban_bo,
        set_code="xa-ntm-2021",
        year=2024,
        changes=[ValueChange("3.1", 12, old.version)],
        reason="Số liệu mới",
    )
    IndicatorValue.objects.filter(pk=old.pk).update(superseded_at=timezone.now() - datetime.timedelta(days=1))
    day = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    text = officer.get(f"/units/{ban_bo.pk}/data/2024/", {"set": "xa-ntm-2021", "as_of": day}).text
    assert 'data-testid="as-of"' in text
    field = text[text.index('name="v_3.1"') - 200 : text.index('name="v_3.1"') + 200]
    assert 'value="12"' not in field and "disabled" in field
    now = officer.get(f"/units/{ban_bo.pk}/data/2024/", {"set": "xa-ntm-2021"}).text
    assert 'value="12"' in now[now.index('name="v_3.1"') - 10 : now.index('name="v_3.1"') + 100]


def test_criterion_5_threshold_follows_the_number_of_schools(officer, ban_bo):
    """Legal review 2026-12 §3.1: in Lai Châu (TDMNPB) 60% of schools at level 1 is enough with 3
    schools or fewer, not with more; the number of schools is entered but never compared."""
    page = officer.get(f"/units/{ban_bo.pk}/data/2024/", {"set": "xa-ntm-2021"}).text
    assert "Căn cứ chọn ngưỡng, không so sánh" in page

    def preview(schools):
        values = {"set": "xa-ntm-2021", "v_5.1": schools, "v_5.2": "100", "v_5.3": "60"}
        return officer.post(f"/units/{ban_bo.pk}/data/2024/preview/", values, HTTP_HX_REQUEST="true").text

    assert 'id="crit-5" hx-swap-oob="true"><span class="badge st-met' in preview("3")
    assert 'id="crit-5" hx-swap-oob="true"><span class="badge st-not_met' in preview("5")
    assert 'id="crit-5" hx-swap-oob="true"><span class="badge st-missing">' in preview("")
