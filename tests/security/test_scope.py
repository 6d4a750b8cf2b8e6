"""The one scope module (ntm/accounts/scope.py): the national-viewer rule, a sector owner without a
sector (F3), units above and beside the user on list pages (F2), and the admin's audited changes
of users, roles and units (F9)."""

import pytest
from django.core.exceptions import PermissionDenied

from ntm.accounts.models import Role, RoleAssignment, User
from ntm.accounts.scope import may_read, may_write, visible_units
from ntm.audit.models import AuditRecord
from ntm.indicators.classification import update_classification
from ntm.indicators.engine import catalog
from ntm.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db


def _user(username: str, role: str, unit=None, sector: str = "") -> User:
    user = User.objects.create(username=username)
    RoleAssignment.objects.create(user=user, role=role, unit=unit, sector=sector)
    return user


def _ban_bo() -> AdminUnit:
    return AdminUnit.objects.get(level=Level.COMMUNE, code="03424", valid_from__isnull=True)


def test_a_national_viewer_reads_national_figures_on_the_web_and_the_api(client):
    viewer = _user("xem.toanquoc", Role.VIEWER)
    client.force_login(viewer)
    assert client.get("/").status_code == 200
    assert client.get("/national/trend/").status_code == 200
    assert client.get("/api/rollups/xa-ntm-2021/2024").status_code == 200
    ban_bo = _ban_bo()
    assert may_read(viewer, ban_bo) and not may_write(viewer, ban_bo)


def test_a_province_viewer_does_not_read_national_figures(login):
    client = login("xem.laichau")
    assert client.get("/national/trend/").status_code == 403
    assert client.get("/api/rollups/xa-ntm-2021/2024").status_code == 403


def test_a_sector_owner_with_a_blank_sector_may_write_nothing():
    lai_chau = AdminUnit.objects.get(level=Level.PROVINCE, code="12", valid_from__isnull=True)
    blank = _user("nganh.rong", Role.SECTOR_OWNER, lai_chau, sector="  ")
    criteria = catalog().get("xa-ntm-2021").criteria
    assert not any(may_write(blank, _ban_bo(), criterion) for criterion in criteria)


def test_the_role_form_refuses_a_sector_owner_without_a_sector(login):
    client = login("quantri")
    user = User.objects.get(username="xem.laichau")
    data = _user_form(user) | {
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-0-role": Role.SECTOR_OWNER,
        "roles-0-unit": str(_ban_bo().pk),
        "roles-0-sector": "",
    }
    for key in [
        k for k in data if k.startswith("roles-") and k[6:7].isdigit() and not k.startswith("roles-0")
    ]:
        data.pop(key)
    response = client.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 200
    assert "cần ghi ngành" in response.text
    assert not user.roles.filter(role=Role.SECTOR_OWNER).exists()


def _user_form(user: User) -> dict:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "first_name": "",
        "last_name": "",
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }


def test_granting_changing_and_revoking_a_role_in_the_admin_is_audited(login):
    client = login("quantri")
    user = User.objects.create(username="nganh.yte", full_name="Sở Y tế")
    ban_bo = _ban_bo()
    grant = _user_form(user) | {
        "roles-TOTAL_FORMS": "1",
        "roles-0-role": Role.SECTOR_OWNER,
        "roles-0-unit": str(ban_bo.pk),
        "roles-0-sector": "Y tế",
    }
    assert client.post(f"/admin/accounts/user/{user.pk}/change/", grant).status_code == 302
    assignment = user.roles.get()
    granted = AuditRecord.objects.get(action="role.grant")
    assert granted.user.username == "quantri" and granted.new["sector"] == "Y tế"
    assert granted.new["unit_id"] == ban_bo.pk

    change = _user_form(user) | {
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "1",
        "roles-0-id": str(assignment.pk),
        "roles-0-user": str(user.pk),
        "roles-0-role": Role.SECTOR_OWNER,
        "roles-0-unit": str(ban_bo.pk),
        "roles-0-sector": "Giáo dục",
    }
    assert client.post(f"/admin/accounts/user/{user.pk}/change/", change).status_code == 302
    changed = AuditRecord.objects.get(action="role.change")
    assert (changed.old, changed.new) == ({"sector": "Y tế"}, {"sector": "Giáo dục"})

    revoke = change | {"roles-0-DELETE": "on"}
    assert client.post(f"/admin/accounts/user/{user.pk}/change/", revoke).status_code == 302
    revoked = AuditRecord.objects.get(action="role.revoke")
    assert revoked.old["sector"] == "Giáo dục" and revoked.object_id == str(assignment.pk)
    assert not user.roles.exists()


def test_creating_changing_and_deleting_a_user_in_the_admin_is_audited(login):
    client = login("quantri")
    created = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "xem.toanquoc",
            "usable_password": "true",
            "password1": "Mat-khau-dai-2026!",
            "password2": "Mat-khau-dai-2026!",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )
    assert created.status_code == 302
    user = User.objects.get(username="xem.toanquoc")
    record = AuditRecord.objects.get(action="user.create", object_id=str(user.pk))
    assert record.new["username"] == "xem.toanquoc" and "password" not in record.new

    form = _user_form(user) | {"full_name": "Xem toàn quốc", "is_staff": "on"}
    assert client.post(f"/admin/accounts/user/{user.pk}/change/", form).status_code == 302
    record = AuditRecord.objects.get(action="user.change", object_id=str(user.pk))
    assert record.old == {"full_name": "", "is_staff": False}
    assert record.new == {"full_name": "Xem toàn quốc", "is_staff": True}

    assert client.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"}).status_code == 302
    record = AuditRecord.objects.get(action="user.delete", object_id=str(user.pk))
    assert record.old["full_name"] == "Xem toàn quốc" and record.user.username == "quantri"


def test_the_unit_admin_keeps_the_tree_and_classification_read_only_and_audits_names(login):
    client = login("quantri")
    ban_bo = _ban_bo()
    page = client.get(f"/admin/units/adminunit/{ban_bo.pk}/change/").text
    assert 'name="parent"' not in page and 'name="dbkk"' not in page and 'name="code"' not in page
    data = {
        "name": "Xã Bản Bo (đã sửa)",
        "short_name": ban_bo.short_name,
        "lat": "",
        "lon": "",
        "area_km2": "",
    }
    data |= {"parent": "1", "dbkk": "on", "code": "99999"}  # ignored: read-only
    assert client.post(f"/admin/units/adminunit/{ban_bo.pk}/change/", data).status_code == 302
    ban_bo.refresh_from_db()
    assert ban_bo.name == "Xã Bản Bo (đã sửa)" and ban_bo.code == "03424" and not ban_bo.dbkk
    record = AuditRecord.objects.get(action="unit.change", object_id=str(ban_bo.pk))
    assert record.old["name"] == "Xã Bản Bo" and record.new["name"] == "Xã Bản Bo (đã sửa)"


def test_import_jobs_cannot_be_deleted_in_the_admin(login):
    assert login("quantri").get("/admin/dataio/importjob/1/delete/").status_code in (302, 403, 404)


def test_only_who_may_classify_changes_a_classification():
    ban_bo = _ban_bo()
    commune_officer = User.objects.get(username="xa.banbo")
    with pytest.raises(PermissionDenied):
        update_classification(actor=commune_officer, unit=ban_bo, changes={"dbkk": True}, reason="thử")
    ban_bo.refresh_from_db()
    assert not ban_bo.dbkk


def test_a_commune_officer_lists_only_its_own_units():
    """Its Bản Bo in both eras, and Nà Tăm, merged into the new Bản Bo: read for its history."""
    officer = User.objects.get(username="xa.banbo")
    units = visible_units(officer).filter(level=Level.COMMUNE)
    assert set(units.values_list("code", flat=True)) == {"03424", "03427"}
    assert not may_write(officer, units.get(code="03427"))


@pytest.mark.parametrize("version", ["abc", str(2**70), "-1"])
def test_a_malformed_version_on_the_entry_form_writes_nothing_and_is_no_error(login, version):
    """F10: `ver_2.1=abc` used to be a 500; now the save is refused as a conflict, nothing written."""
    from ntm.indicators.models import IndicatorValue

    ban_bo = _ban_bo()
    before = IndicatorValue.objects.filter(unit=ban_bo).count()
    form = {"set": "xa-ntm-2021", "orig_2.1": "", "ver_2.1": version, "v_2.1": "55", "reason": "thử"}
    response = login("xa.banbo").post(f"/units/{ban_bo.pk}/data/2024/", form)
    assert response.status_code < 500
    assert IndicatorValue.objects.filter(unit=ban_bo).count() == before


@pytest.mark.parametrize(
    "url",
    [
        "/api/units?offset=1180591620717411303424",
        "/api/units?parent=1180591620717411303424",
        "/api/units/1180591620717411303424",
        "/reports/units/{unit}/progress/xlsx/?period=0000",
        "/finance/works/?commune=abc&plan=abc",
        "/units/{district}/dashboard/?year=abc",
        "/audit/?q=a%00b",
    ],
)
def test_malformed_parameters_named_in_the_review_answer_without_a_server_error(login, url):
    ban_bo = _ban_bo()
    response = login("quantri").get(url.format(unit=ban_bo.pk, district=ban_bo.parent_id))
    assert response.status_code in (200, 400, 404, 422)


def _new_ban_bo() -> AdminUnit:
    return AdminUnit.objects.get(level=Level.COMMUNE, code="03424", valid_from__isnull=False)


def test_a_role_on_a_pre_reform_unit_reads_but_never_writes_its_successors(tam_duong):
    district = User.objects.get(username="huyen.tamduong")
    new_ban_bo = _new_ban_bo()
    assert may_read(district, new_ban_bo) and not may_write(district, new_ban_bo)
    new_lai_chau = AdminUnit.objects.get(level=Level.PROVINCE, code="12", valid_from__isnull=False)
    assert not may_read(district, new_lai_chau)  # the province above its successors: refused
    from_sin_ho = AdminUnit.objects.filter(
        predecessor_links__predecessor__parent__code="108", valid_from__isnull=False
    ).exclude(predecessor_links__predecessor__parent=tam_duong)
    assert from_sin_ho.exists() and not any(may_read(district, u) for u in from_sin_ho)
    listed = visible_units(district, AdminUnit.objects.filter(level=Level.COMMUNE, valid_from__isnull=False))
    assert new_ban_bo in listed and not listed.filter(pk__in=from_sin_ho).exists()


def test_a_role_on_a_post_reform_unit_reads_its_predecessors_history_only(ban_bo, tam_duong):
    officer = _user("xa.banbo.moi", Role.COMMUNE_OFFICER, _new_ban_bo())
    na_tam = AdminUnit.objects.get(level=Level.COMMUNE, code="03427", valid_from__isnull=True)
    for predecessor in (ban_bo, na_tam):
        assert may_read(officer, predecessor) and not may_write(officer, predecessor)
    village = ban_bo.children.first()
    assert village is not None and may_read(officer, village)
    neighbour = AdminUnit.objects.get(level=Level.COMMUNE, code="03394", valid_from__isnull=True)
    assert not may_read(officer, tam_duong) and not may_read(officer, neighbour)  # ancestor, sibling
    listed = visible_units(officer, AdminUnit.objects.filter(parent=tam_duong))
    assert set(listed) == {ban_bo, na_tam}


def test_reading_across_the_reform_opens_the_page_read_only(client, ban_bo):
    officer = _user("xa.banbo.moi", Role.COMMUNE_OFFICER, _new_ban_bo())
    client.force_login(officer)
    page = client.get(f"/units/{ban_bo.pk}/data/2024/")
    assert page.status_code == 200 and "Bạn chỉ có quyền xem" in page.text
    assert client.get(f"/units/{ban_bo.pk}/trend/").status_code == 200
    assert client.get(f"/units/{ban_bo.parent_id}/dashboard/").status_code == 403
