"""The preview (old → new, per unit), the confirmation's concurrency check, and who may import what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ntm.dataio.models import ImportJob
from ntm.dataio.plan import build_plan
from ntm.indicators.models import IndicatorValue
from ntm.units.models import AdminUnit
from tests.dataio.helpers import SET, YEAR, current, set_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def ban_bo(db):
    return AdminUnit.objects.get(code="03424", valid_from__isnull=True)


def _upload(client, text: str, name: str = "ban-bo.csv") -> ImportJob:
    file = SimpleUploadedFile(name, ("\ufeff" + text).encode())
    response = client.post("/data/import/", {"file": file})
    assert response.status_code == 302, response.content[:300]
    return ImportJob.objects.latest("created_at")


def test_preview_lists_old_and_new_values_per_unit(login, user, ban_bo):
    set_value(user("xa.banbo"), ban_bo, "2.1", 80)
    set_value(user("xa.banbo"), ban_bo, "3.1", 85)
    client = login("xa.banbo")
    job = _upload(
        client,
        "Mã đơn vị,Bộ tiêu chí,Chỉ tiêu,Năm,Giá trị\n"
        '03424,xa-ntm-2021,2.1,2024,"92,5"\n'
        "03424,xa-ntm-2021,3.1,2024,85\n",
    )
    assert job.status == ImportJob.Status.READY
    assert job.summary["totals"] == {"value_changed": 1, "value_unchanged": 1}
    assert job.summary["units"] == [
        {"id": ban_bo.pk, "code": "03424", "name": "Xã Bản Bo", "value_changed": 1, "value_unchanged": 1}
    ]
    assert job.changes == [
        {
            "unit": "Xã Bản Bo",
            "set": SET,
            "year": YEAR,
            "code": "2.1",
            "old": "80%",
            "new": "92,5%",
            "where": "CSV, dòng 2, cột Giá trị",
        }
    ]
    page = client.get(f"/data/import/{job.token}/").content.decode()
    assert '<td class="old">80%</td><td>→</td><td class="new">92,5%</td>' in page
    assert "Xác nhận ghi" in page
    assert current(ban_bo, "2.1").value == 80  # nothing written before the confirmation

    client.post(f"/data/import/{job.token}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert current(ban_bo, "2.1").value == 92.5


def test_a_value_changed_between_preview_and_confirmation_refuses_the_whole_import(login, user, ban_bo):
    set_value(user("xa.banbo"), ban_bo, "2.1", 80)
    client = login("xa.banbo")
    job = _upload(
        client,
        "Mã đơn vị,Bộ tiêu chí,Chỉ tiêu,Năm,Giá trị\n"
        "03424,xa-ntm-2021,2.1,2024,95\n"
        "03424,xa-ntm-2021,2.2,2024,75\n",
    )
    assert job.status == ImportJob.Status.READY
    meanwhile = set_value(user("huyen.tamduong"), ban_bo, "2.1", 88)  # the district corrects it meanwhile
    before = IndicatorValue.objects.count()

    client.post(f"/data/import/{job.token}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CONFLICT
    assert "đã được người khác sửa sau khi bạn xem trước" in job.message
    conflict = job.result["conflicts"][0]
    assert (conflict["code"], conflict["now"], conflict["seen"]) == (
        "2.1",
        meanwhile.version,
        meanwhile.version - 1,
    )
    assert IndicatorValue.objects.count() == before and current(ban_bo, "2.1").pk == meanwhile.pk
    assert "Kiểm tra lại với số liệu mới nhất" in client.get(f"/data/import/{job.token}/").content.decode()

    client.post(f"/data/import/{job.token}/recheck/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY
    assert job.changes[0]["old"] == "88%"
    client.post(f"/data/import/{job.token}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert current(ban_bo, "2.1").value == 95


def test_a_commune_officer_cannot_import_another_communes_row(login, user, ban_bo):
    binh_lu = AdminUnit.objects.get(code="03412", valid_from__isnull=True)
    text = (
        "Mã đơn vị,Bộ tiêu chí,Chỉ tiêu,Năm,Giá trị\n"
        "03424,xa-ntm-2021,2.1,2024,90\n"
        "03412,xa-ntm-2021,2.1,2024,90\n"  # Bình Lư: not the officer's commune
    )
    before = IndicatorValue.objects.count()
    job = _upload(login("xa.banbo"), text)
    assert job.status == ImportJob.Status.INVALID
    assert job.errors == [["CSV", 3, "Mã đơn vị", f"bạn không có quyền nhập số liệu cho {binh_lu.name}"]]
    assert IndicatorValue.objects.count() == before
    assert build_plan("x.csv", text.encode(), actor=user("huyen.tamduong")).ok  # the district may


def test_viewers_cannot_import_and_jobs_are_private(login, client):
    viewer = login("xem.laichau")
    page = viewer.get("/data/").content.decode()
    assert 'data-testid="upload-card"' not in page and 'data-testid="export-card"' in page
    file = SimpleUploadedFile("x.csv", b"Ma don vi,Bo tieu chi,Chi tieu,Nam,Gia tri\n")
    assert viewer.post("/data/import/", {"file": file}).status_code == 403
    client.logout()

    job = _upload(
        login("xa.banbo"), "Mã đơn vị,Bộ tiêu chí,Chỉ tiêu,Năm,Giá trị\n03424,xa-ntm-2021,2.1,2024,90\n"
    )
    client.logout()
    other = login("huyen.tamduong")
    assert other.get(f"/data/import/{job.token}/").status_code == 404
    assert other.post(f"/data/import/{job.token}/confirm/").status_code == 404


def test_posts_need_the_csrf_token(user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user("xa.banbo"))
    file = SimpleUploadedFile("x.csv", b"a\n")
    assert browser.post("/data/import/", {"file": file}).status_code == 403
    assert not ImportJob.objects.exists()


def test_the_polled_fragment_shows_progress_while_running_and_stops_polling_when_done(login, user):
    client = login("xa.banbo")
    job = ImportJob.objects.create(
        user=user("xa.banbo"),
        actor="xa.banbo",
        filename="lon.xlsx",
        size=1,
        sha256="0",
        reason="r",
        status=ImportJob.Status.APPLYING,
        phase="Ghi giá trị",
        done=250_000,
        total=1_000_000,
    )
    fragment = client.get(f"/data/import/{job.token}/status/").content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    assert '<progress max="100" value="25">' in fragment and "Ghi giá trị" in fragment
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE, result={"values_new": 3})
    fragment = client.get(f"/data/import/{job.token}/status/").content.decode()
    assert "hx-trigger" not in fragment and 'data-testid="done"' in fragment
