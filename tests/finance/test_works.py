"""Works: the 13 carried-over works of seed 002 with the five special-mechanism works of its footnote;
filters by status, commune, criterion and special mechanism; a centroid for each location."""

from decimal import Decimal

import pytest

from ntm.audit.models import AuditRecord
from ntm.finance import services, works
from ntm.finance.models import Work
from ntm.finance.selectors import map_points, works_in, works_summary

pytestmark = pytest.mark.django_db

FOOTNOTE = [
    "Đường nội đồng bản Sì Thâu Chải, xã Hồ Thầu",
    "Nhà văn hóa cụm khu dân cư bản Nà Khan, Nà Phát, xã Bình Lư",
    "Đường nội đồng vùng chè bản Hua Sẳng, xã Bản Bo",
    "Đường giao thông nội đồng bản Suối Thầu, xã Bản Giang",
    "Đường nội đồng nối lên bản Ma Sao Phìn, xã Khun Há",
]


def test_thirteen_carried_over_works_five_under_the_special_mechanism(plan):
    rows = works_in("tests", plan.unit, plan=plan)
    summary = works_summary(rows)
    assert summary.count == 13
    assert summary.by_status == {"carried_over": 13, "new_start": 0, "completed": 0}
    assert summary.total_cost == summary.funded == Decimal(23198)
    assert summary.by_source == {"central_investment": Decimal(23198)}
    special = [row.work.name for row in works_in("tests", plan.unit, plan=plan, special=True)]
    assert special == FOOTNOTE
    assert all(row.lat is not None and row.lon is not None for row in rows)
    assert len(map_points(rows)) == 13


def test_village_works_use_their_commune_centroid(plan, unit):
    rows = works_in("tests", plan.unit, plan=plan)
    row = next(r for r in rows if r.work.name.startswith("Đường nội đồng vùng chè"))
    ban_bo = unit("03424")
    assert row.work.location.name == "Hua Sẳng"
    assert (row.commune, row.lat, row.lon) == (ban_bo, ban_bo.lat, ban_bo.lon)


def test_filters_on_the_works_page(login, plan, unit):
    client = login("huyen.tamduong")
    ban_bo = unit("03424")
    page = client.get("/finance/works/", {"unit": plan.unit.pk, "commune": ban_bo.pk}).text
    table = page[page.index('data-testid="work-list"') :]
    assert table.count("data-work-id=") == 1 and "Hua Sẳng" in table
    page = client.get("/finance/works/", {"unit": plan.unit.pk, "criterion": "6", "special": "1"}).text
    table = page[page.index('data-testid="work-list"') :]
    assert table.count("data-work-id=") == 1 and "Nhà văn hóa cụm khu dân cư" in table
    page = client.get("/finance/works/", {"unit": plan.unit.pk, "status": "completed"}).text
    assert page[page.index('data-testid="work-list"') :].count("data-work-id=") == 0
    client = login("xa.banbo")
    own = client.get("/finance/works/", {"unit": ban_bo.pk}).text  # the commune officer's own commune
    assert own[own.index('data-testid="work-list"') :].count("data-work-id=") == 1


def test_a_commune_officer_asking_for_the_district_sees_only_its_own_works(login, plan):
    """F2: `?unit=<district>` lists the district's works to the district office, but to a commune
    officer only those located in its own commune (or the district as a whole), never a neighbour's."""
    district = login("huyen.tamduong").get("/finance/works/", {"unit": plan.unit.pk}).text
    assert "Nhà văn hóa cụm khu dân cư" in district
    page = login("xa.banbo").get("/finance/works/", {"unit": plan.unit.pk}).text
    table = page[page.index('data-testid="work-list"') :]
    assert "Hua Sẳng" in table and "Nhà văn hóa cụm khu dân cư" not in table


def test_work_is_created_through_the_page_and_audited(login, tam_duong, unit):
    son_binh = unit("03413")
    response = login("huyen.tamduong").post(
        f"/finance/works/new/?unit={tam_duong.pk}",
        {
            "name": "Nhà văn hóa bản Thẳm Phẳng",
            "location": son_binh.pk,
            "set_code": "xa-ntm-2021",
            "criterion_code": "6",
            "status": "new_start",
            "total_cost": "1500",
            "progress": "20",
            "started_on": "2024-04-01",
            "funding_local": "1000",
            "funding_community": "200",
        },
    )
    assert response.status_code == 302
    work = Work.objects.get(name="Nhà văn hóa bản Thẳm Phẳng")
    assert {f.source: f.amount for f in work.funding.all()} == {"local": 1000, "community": 200}
    record = AuditRecord.objects.get(action="work.create", object_id=str(work.pk))
    assert record.new["funding"] == {"community": "200.000", "local": "1000.000"}
    changed = works.update_work(
        actor="tests",
        work=work,
        changes={"status": "completed", "progress": Decimal(100)},
        reason="Nghiệm thu",
    )
    assert changed
    record = AuditRecord.objects.get(action="work.update", object_id=str(work.pk))
    assert record.old == {"status": "new_start", "progress": "20"}
    assert record.new == {"status": "completed", "progress": "100"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "completed", "progress": Decimal(60)}, "khối lượng phải là 100%"),
        ({"total_cost": Decimal(1000)}, "vượt tổng mức đầu tư"),
        ({"criterion_code": "25", "set_code": "xa-ntm-2021"}, "không có tiêu chí 25"),
    ],
)
def test_invalid_works_are_refused(plan, changes, message):
    work = Work.objects.filter(plan=plan, special_mechanism=True).first()
    with pytest.raises(services.FundingInvalid, match=message):
        works.update_work(actor="tests", work=work, changes=changes)


def test_location_outside_the_managing_unit_is_refused(tam_duong, unit):
    with pytest.raises(services.FundingInvalid, match="không thuộc Huyện Tam Đường"):
        works.create_work(
            actor="tests",
            unit=tam_duong,
            name="Đường ngoài huyện",
            location=unit("00001"),
            status="new_start",
        )


def test_commune_officer_and_viewer_cannot_write_works(login, tam_duong, plan):
    work = Work.objects.filter(plan=plan).first()
    for username in ("xa.banbo", "xem.laichau"):
        client = login(username)
        assert client.get(f"/finance/works/new/?unit={tam_duong.pk}").status_code == 403
        assert client.post(f"/finance/works/{work.pk}/", {"name": "x"}).status_code == 403
