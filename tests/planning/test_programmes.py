"""Multi-year programmes: Sơn La's Resolution 22-NQ/TU (seed 004) from the demo data, through the
selectors the programme page and its export use."""

import datetime
from decimal import Decimal

import pytest

from ntm.accounts.models import User
from ntm.finance.selectors import contribution_summary
from ntm.planning.models import Programme
from ntm.planning.progress import programme_progress

pytestmark = pytest.mark.django_db
REPORTED = datetime.date(2024, 9, 30)


@pytest.fixture
def resolution():
    return Programme.objects.select_related("unit").get(is_demo=True, number="22-NQ/TU")


def _row(rows, label_start):
    return next(r for r in rows if r.progress.target.label.startswith(label_start))


def test_son_la_targets_and_reported_progress(resolution):
    rows = programme_progress(resolution, REPORTED)
    communes = _row(rows, "83 xã")
    assert communes.progress.actual == 65
    assert communes.progress.percent == Decimal("78.3")  # "nearly 80 % of the 2025 target"
    assert _row(rows, "Tăng thêm 12 xã").progress.actual == 8
    villages = _row(rows, "Tăng thêm ít nhất 100 bản")
    assert (villages.progress.actual, villages.planned_to_date, villages.percent_to_date) == (
        57,
        41,
        Decimal("139.0"),
    )
    assert villages.summary == "57 thôn, 139 % chỉ tiêu, trong đó 17 thôn kiểu mẫu (100 %)"
    model = _row(rows, "trong đó ít nhất 40 bản")
    assert model.depth == 1
    assert (model.progress.actual, model.planned_to_date, model.percent_to_date) == (17, 17, Decimal("100.0"))
    city = _row(rows, "Duy trì thành phố Sơn La")
    assert city.progress.actual == 1 and city.progress.status == "achieved"
    ocop = _row(rows, "204 sản phẩm OCOP")
    assert ocop.progress.target.target_value == 204 and ocop.progress.status == "no_data"
    poverty = _row(rows, "Tỷ lệ hộ nghèo")
    assert poverty.progress.actual == Decimal("18.66") and poverty.progress.status == "reported"


def test_year_by_year_and_any_date(resolution):
    villages = _row(programme_progress(resolution, REPORTED), "Tăng thêm ít nhất 100 bản")
    assert [(y.year, y.planned, y.actual) for y in villages.years] == [
        (2021, None, None),  # no village decision yet: no data
        (2022, None, 12),
        (2023, 20, 32),
        (2024, 41, 57),
    ]
    early = _row(programme_progress(resolution, datetime.date(2023, 12, 31)), "83 xã")
    assert early.progress.actual == 62


def test_contributions_of_the_period(resolution):
    admin = User.objects.get(username="quantri")
    total = contribution_summary(admin, resolution.unit, datetime.date(2022, 6, 6), REPORTED).total
    assert total.land_m2 == 669883 and total.labour_days == 36000 and total.cash == 69000


def test_programme_page_and_workbook(resolution, session_as):
    import io

    from openpyxl import load_workbook

    client = session_as("quantri")
    listing = client.get("/programmes/").content.decode()
    assert "22-NQ/TU" in listing
    page = client.get(f"/programmes/{resolution.pk}/?as_of=30/09/2024").content.decode()
    assert "139%" in page and "100%" in page and "78,3%" in page
    assert "669.883 m²" in page
    book = load_workbook(
        io.BytesIO(client.get(f"/programmes/{resolution.pk}/xlsx/?as_of=30/09/2024").content)
    )
    rows = [r for r in book[book.sheetnames[0]].iter_rows(values_only=True) if r and r[0]]
    villages = next(r for r in rows if str(r[0]).startswith("Tăng thêm ít nhất 100 bản"))
    assert (villages[1], villages[3], villages[5], villages[6]) == (100, 57, 41, 139)


def test_out_of_scope_reader_is_refused(resolution, session_as):
    assert session_as("huyen.tamduong").get(f"/programmes/{resolution.pk}/").status_code == 403
