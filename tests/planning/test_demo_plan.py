"""The demo plan holds every target of seed 002 sections I–II; the plan page shows each with its
actual, % achieved and assessment."""

import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.db.models import Count
from openpyxl import load_workbook

from ntm.demo import plan_tam_duong_2024 as seed
from ntm.planning.models import Target
from ntm.planning.progress import ACHIEVED, NO_DATA, OFF_TRACK, flatten, plan_progress

pytestmark = pytest.mark.django_db


def _seed_labels() -> list[str]:
    def walk(specs):
        for spec in specs:
            yield spec["label"]
            yield from walk(spec.get("_children", ()))

    return list(walk(seed.targets()))


def _rows(html: str) -> dict[str, dict[str, str]]:
    """Target id → text of each column of the plan page's targets table."""
    table = html[html.index('data-testid="plan-targets"') :]
    table = table[: table.index("</table>")]
    rows = {}
    for target_id, body in re.findall(r'<tr data-target-id="(\d+)"[^>]*>(.*?)</tr>', table, re.S):
        cells = dict(re.findall(r'<td[^>]*data-col="(\w+)"[^>]*>(.*?)</td>', body, re.S))
        text = {k: " ".join(unescape(re.sub(r"<[^>]+>", " ", v)).split()) for k, v in cells.items()}
        text["label"] = " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())
        rows[target_id] = text
    return rows


def test_the_plan_holds_every_target_of_sections_one_and_two(plan):
    labels = _seed_labels()
    assert len(labels) == 98
    assert list(plan.targets.order_by("order", "id").values_list("label", flat=True)) == labels
    kinds = dict(plan.targets.values_list("kind").annotate(n=Count("id")))
    assert kinds == {
        "unit_criteria": 19,
        "units_at_standard": 3,
        "average_criteria": 1,
        "villages_by_commune": 1,
        "criterion_coverage": 46,
        "measure": 27,
        "milestone": 1,
    }


def test_plan_page_lists_every_target_with_actual_percent_and_status(login, plan):
    response = login("huyen.tamduong").get(f"/plans/{plan.pk}/", {"as_of": "2025-01-31"})
    assert response.status_code == 200
    rows = _rows(response.text)
    targets = {str(t.pk): t for t in plan.targets.all()}
    assert set(rows) == set(targets)
    for pk, target in targets.items():
        row = rows[pk]
        assert " ".join(target.label.split()) in row["label"]
        assert row["target"] and row["actual"] and row["percent"] and row["status"]
        assert row["percent"] == "—" or row["percent"].endswith("%")
    by_label = {targets[pk].label: row for pk, row in rows.items()}

    def row(prefix):
        return next(r for label, r in by_label.items() if label.startswith(prefix))

    assert row("Phấn đấu bình quân tiêu chí")["actual"] == "18,5"
    assert row("Phấn đấu bình quân tiêu chí")["percent"] == "100%"
    assert row("Xã nông thôn mới nâng cao (xã Bản Bo)")["actual"] == "16/19"
    assert row("Cấp huyện: phấn đấu đạt 6/9")["actual"] == "6/9"
    assert row("Đề nghị công nhận mới 01 xã")["actual"] == "1"
    assert row("Tiếp tục duy trì")["actual"] == "8"
    assert row("Trường học: có 11/12 xã")["actual"] == "11/12"
    assert row("Cấp xã: 9/12 xã đạt chuẩn tiêu chí nghèo đa chiều")["actual"] == "9/12"
    assert row("Trồng mới chè")["actual"] == "78 ha"
    assert row("Trồng mới chè")["percent"] == "104%"
    assert row("Thu hút doanh nghiệp, hợp tác xã liên kết trồng mới cây chanh leo")["percent"] == "64%"
    assert row("Thu hút doanh nghiệp")["status"] == "Không đạt"
    assert row("Hoàn thành quy hoạch vùng huyện")["actual"] == "Hoàn thành"


EXPECTED = {
    # label prefix: (actual, percent, status)
    "Cấp huyện: phấn đấu đạt 6/9": (6, 100, ACHIEVED),
    "Tiếp tục duy trì": (8, 100, ACHIEVED),
    "Công nhận thị trấn Tam Đường": (0, 0, OFF_TRACK),
    "Đề nghị công nhận mới 01 xã": (1, 100, ACHIEVED),
    "Phấn đấu bình quân": (Decimal("18.5"), 100, ACHIEVED),
    "Xã nông thôn mới nâng cao (xã Bản Bo)": (16, 100, ACHIEVED),
    "Cấp bản: phấn đấu công nhận 20 bản": (18, 90, OFF_TRACK),
    "Cấp thôn, bản: có 20/20 thôn bản đạt tiêu chí số 1 về": (20, 100, ACHIEVED),
    "Cấp thôn, bản: có 20/20 thôn bản đạt tiêu chí số 8": (19, 95, OFF_TRACK),
    "Cấp xã: có 12/12 xã đạt tiêu chí số 2": (12, 100, ACHIEVED),
    "Trường học: có 11/12": (11, 100, ACHIEVED),
    "Cấp xã: 01/12 xã đạt tiêu chí nông thôn mới nâng cao về y tế": (1, 100, ACHIEVED),
    "Cấp huyện: huyện đạt chuẩn tiêu chí thành phần 2.2": (1, 50, OFF_TRACK),
    "Sản lượng dong riềng": (11350, Decimal("94.6"), OFF_TRACK),
    "Giải quyết việc làm mới": (1412, 107, ACHIEVED),
    "xuất khẩu lao động": (9, 60, OFF_TRACK),
    "OCOP: sản phẩm đăng ký đánh giá mới": (4, 80, OFF_TRACK),
    "OCOP: sản phẩm đăng ký đánh giá, phân hạng lại": (6, 100, ACHIEVED),
    "Thị trấn Tam Đường – tiêu chí số 1": (1, 100, ACHIEVED),
}


def test_progress_selector_values(plan):
    rows = [row for _depth, row in flatten(plan_progress(plan))]
    assert len(rows) == 98
    for prefix, (actual, percent, status) in EXPECTED.items():
        row = next(r for r in rows if r.target.label.startswith(prefix))
        assert (row.actual, row.percent, row.status) == (
            None if actual is None else Decimal(actual),
            None if percent is None else Decimal(percent),
            status,
        ), prefix
    son_binh = next(r for r in rows if r.target.label.startswith("Đề nghị công nhận mới"))
    assert [(u.unit.name, u.meets, u.recognised) for u in son_binh.units] == [("Xã Sơn Bình", True, True)]
    villages = next(r for r in rows if r.target.kind == Target.Kind.VILLAGES_BY_COMMUNE)
    assert [(u.unit.name, u.target, u.actual) for u in villages.units] == [
        ("Xã Sơn Bình", 5, 5),
        ("Xã Giang Ma", 6, 5),
        ("Xã Nà Tăm", 4, 4),
        ("Xã Tả Lèng", 5, 4),
    ]
    ban_bo = next(r for r in rows if r.target.label.startswith("Xã nông thôn mới nâng cao (xã Bản Bo)"))
    assert [(i.code, i.status) for i in ban_bo.items] == [
        (code, "met") for code in ("1", "5", "6", "10", "14", "17")
    ]


def test_fewer_than_five_targets_lack_data_and_each_says_why(plan):
    """The demo holds the villages, the township's results and OCOP ratings the plan's targets read:
    what is left are the district indicators the catalog does not hold (5.1, 5.4, 8.1, 8.3)."""
    rows = [row for _depth, row in flatten(plan_progress(plan))]
    no_data = [r for r in rows if r.status == NO_DATA]
    assert len(no_data) < 5
    assert [(r.target.set_code, r.target.criteria) for r in no_data] == [
        (seed.H, ["5.1", "5.4"]),
        (seed.H, ["8.1", "8.3"]),
    ]
    assert all("chưa có trong danh mục" in r.reason for r in no_data)
    with_data = [r for r in rows if r.status != NO_DATA]
    assert all(r.actual is not None and r.percent is not None and not r.reason for r in with_data)


def test_the_plan_page_and_its_workbook_say_why_a_target_has_no_data(login, plan):
    client = login("huyen.tamduong")
    rows = _rows(client.get(f"/plans/{plan.pk}/").text)
    missing = {pk: row for pk, row in rows.items() if row["status"] == "Chưa có số liệu"}
    assert len(missing) == 2
    assert sorted(row["label"].split("Vì sao chưa có số liệu: ")[1][:15] for row in missing.values()) == [
        "Chỉ tiêu 5.1, 5",
        "Chỉ tiêu 8.1, 8",
    ]
    xlsx = client.get(f"/reports/plans/{plan.pk}/xlsx/?actuals=1")
    sheet = load_workbook(io.BytesIO(xlsx.content))["Chỉ tiêu"]
    reasons = [
        row[-1] for row in sheet.iter_rows(values_only=True) if row[-2] == "Chưa có số liệu" and row[-1]
    ]
    assert len(reasons) == 2
    assert all("chưa có trong danh mục" in reason for reason in reasons)


def test_the_plan_is_issued_with_its_legal_bases(plan):
    assert plan.status == "issued"
    assert len(plan.legal_bases) == 6
    assert plan.legal_bases[0].startswith("Quyết định số 263/QĐ-TTg")
