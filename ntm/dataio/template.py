"""The downloadable template: one XLSX per set, parent unit and year, current values prefilled."""

from ntm.indicators.engine import catalog, year_era_date
from ntm.units.models import AdminUnit

from .scope import units_under
from .selectors import statuses_map, values_map
from .workbook import Book

GUIDE = (
    "Hướng dẫn nhập số liệu",
    "1. Mỗi dòng là một đơn vị, mỗi cột là một chỉ tiêu. Chỉ điền vào các ô trống hoặc sửa giá trị "
    "đã có; không thêm, xóa hay đổi thứ tự cột.",
    "2. Chỉ tiêu có/không: chọn “có” hoặc “không” trong danh sách. Tỷ lệ (%) ghi số từ 0 đến 100, "
    "không ghi dấu %. Số thập phân ghi theo máy (6,5 hoặc 6.5 đều được).",
    "3. Ô để trống không xóa giá trị đã có. Giá trị không đổi sẽ không được ghi lại.",
    "4. Ngưỡng ghi “chưa xác minh” là ngưỡng chưa đối chiếu với văn bản gốc; “giá trị tạm” chưa phải "
    "số liệu chính thức.",
    "5. Trang “Kết quả tiêu chí” (nếu có) dùng khi chỉ có kết quả từng tiêu chí (Đạt / Chưa đạt), "
    "ví dụ số liệu các năm trước.",
    "6. Dòng 1 và cột A đang ẩn chứa mã nhận diện (bộ tiêu chí, năm, mã chỉ tiêu, mã đơn vị): "
    "không sửa hay xóa chúng.",
    "7. Tải tệp lên tại mục “Nhập, xuất dữ liệu”: hệ thống kiểm tra toàn bộ tệp, chỉ ra từng lỗi "
    "(trang, dòng, cột), cho xem trước thay đổi và chỉ ghi khi bạn xác nhận — ghi tất cả hoặc không ghi gì.",
)


def template_name(set_code: str, parent: AdminUnit, year: int, prefix: str = "mau-nhap") -> str:
    return f"{prefix}-{set_code}-{parent.code or parent.pk}-{year}.xlsx"


def titles(set_code: str, parent: AdminUnit, year: int, heading: str) -> tuple[str, str]:
    cset = catalog().get(set_code)
    day = year_era_date(year)
    title = f"{heading} — {parent.name} — năm {year}"
    subtitle = f"{cset.name_vi} ({set_code}) · đơn vị hành chính ngày {day:%d/%m/%Y}"
    return title, subtitle


def build_template(parent: AdminUnit, set_code: str, year: int, *, with_statuses: bool = False) -> bytes:
    """Units under `parent` (those the set measures, in force in the year) × indicators, with the
    current values; `with_statuses` adds the recorded criterion statuses sheet (always added when the
    set has no indicators, as village sets today)."""
    cset = catalog().get(set_code)
    units = units_under(parent, set_code, year)
    book = Book()
    title, subtitle = titles(set_code, parent, year, "Nhập số liệu chỉ tiêu")
    if cset.indicators():
        book.values_sheet(
            cset, year, units, values_map(units, set_code, year), title=title, subtitle=subtitle
        )
    if with_statuses or not cset.indicators():
        title, subtitle = titles(set_code, parent, year, "Kết quả tiêu chí ghi nhận")
        book.statuses_sheet(
            cset, year, units, statuses_map(units, set_code, year), title=title, subtitle=subtitle
        )
    book.guide_sheet(GUIDE)
    return book.close()
