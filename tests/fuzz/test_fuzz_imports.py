"""CSV and XLSX imports through the real paths — `ntm import` in-process and the web upload, check
and confirmation — with generated files: the command exits 0 or 1 (never a traceback), a refused
file writes nothing, a job always ends checked or done, and every value stored passes the rules."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from fuzzing import NASTY, SET, YEAR, fuzz_settings, raw_values, row_counts, running_jobs, texts
from hypothesis import event, given
from hypothesis import strategies as st

from ntm.cli import main
from ntm.core.values import value_problem
from ntm.dataio.models import ImportJob
from ntm.indicators.engine import catalog
from ntm.indicators.models import IndicatorValue

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

INDICATORS = {i.code: i for i in catalog().get(SET).indicators()}
COLUMNS = ["Mã đơn vị", "Bộ tiêu chí", "Chỉ tiêu", "Năm", "Giá trị", "Nguồn"]

units = st.sampled_from(["03424", "03424", "03394", "03409", "99999", "", "3424", "03424\x00", "#1", "#abc"])
sets = st.sampled_from([SET, SET, SET, "xa-ntm-2016", "khong-co", "", "XA-NTM-2021"])
codes = st.one_of(st.sampled_from(sorted(INDICATORS)), st.sampled_from(["99.9", "", "2.1.1", "17.10", "2,1"]))
years = st.sampled_from([YEAR, YEAR, str(YEAR), 2021, 1899, "", "2024.0", "abc", 10**20])
cells = st.one_of(raw_values, st.sampled_from(NASTY))


@st.composite
def good_rows(draw):
    """A row the import accepts: so that files also get written, not only refused."""
    indicator = INDICATORS[draw(st.sampled_from(sorted(INDICATORS)))]
    if indicator.kind == "boolean":
        value = draw(st.sampled_from(["có", "không", "x", True, False]))
    elif indicator.kind == "percent":
        value = draw(st.one_of(st.integers(0, 100), st.sampled_from(["50,5", "99.9", "0", "100"])))
    else:
        value = draw(st.integers(0, 10**6))
    return ("03424", SET, indicator.code, YEAR, value, draw(st.sampled_from(["", "báo cáo xã", "n" * 300])))


rows = st.lists(
    st.one_of(good_rows(), good_rows(), st.tuples(units, sets, codes, years, cells, texts)),
    min_size=0,
    max_size=8,
)
headers = st.one_of(
    st.just(COLUMNS),
    st.lists(st.sampled_from([*COLUMNS, "Ghi chú", "", "Giá trị", "\x00"]), min_size=0, max_size=7),
)


def _csv(header: list, body: list, delimiter: str) -> str:
    def cell(value) -> str:
        text = "" if value is None else str(value)
        return '"' + text.replace('"', '""') + '"' if any(c in text for c in f'"\n\r{delimiter}') else text

    return "".join(delimiter.join(cell(v) for v in line) + "\n" for line in [header, *body])


def _xlsx(header: list, body: list) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for line in [header, *body]:
        sheet.append([_excel(v) for v in line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _excel(value):
    """A cell as Excel holds it: numbers it can store as numbers, everything else as text."""
    if (
        value is None
        or isinstance(value, bool)
        or (isinstance(value, float) and value == value and abs(value) < 1e300)
    ):
        return value
    if isinstance(value, int) and abs(value) < 10**15:
        return value
    text = str(value)
    return "".join(ch for ch in text if ch >= " " or ch in "\t\n")[:32000]  # openpyxl refuses the rest


def _stored_values_pass_the_rules() -> None:
    for row in IndicatorValue.objects.annual(SET, YEAR).filter(
        is_current=True, indicator_code__in=INDICATORS
    ):
        assert value_problem(INDICATORS[row.indicator_code], row.value) is None, (
            row.indicator_code,
            row.value,
        )


def _run_cli(tmp_path, name: str, data: bytes, *extra: str) -> int:
    path = tmp_path / name
    path.write_bytes(data)
    return main(["import", str(path), "--user", "huyen.tamduong", "--reason", "kiểm thử", *extra])


@fuzz_settings(250)
@given(
    header=headers,
    body=rows,
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]),
)
def test_csv_imports_through_the_command(tmp_path, capsys, header, body, delimiter, encoding):
    text = _csv(header, body, delimiter)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    before = row_counts()
    code = _run_cli(tmp_path, "fuzz.csv", data)
    capsys.readouterr()
    event(f"exit {code}")
    assert code in (0, 1)
    if code != 0:
        assert row_counts() == before
    _stored_values_pass_the_rules()


@fuzz_settings(100)
@given(header=headers, body=rows)
def test_xlsx_imports_through_the_command(tmp_path, capsys, header, body):
    before = row_counts()
    code = _run_cli(tmp_path, "fuzz.xlsx", _xlsx(header, body))
    capsys.readouterr()
    event(f"exit {code}")
    assert code in (0, 1)
    if code != 0:
        assert row_counts() == before
    _stored_values_pass_the_rules()


@fuzz_settings(100)
@given(header=headers, body=rows, xlsx=st.booleans(), confirm=st.booleans())
def test_web_imports_end_checked_or_done(session_as, header, body, xlsx, confirm):
    client = session_as("huyen.tamduong")
    name, data = (
        ("fuzz.xlsx", _xlsx(header, body)) if xlsx else ("fuzz.csv", _csv(header, body, ",").encode())
    )
    before = row_counts()
    response = client.post("/data/import/", {"file": SimpleUploadedFile(name, data), "reason": "kiểm thử"})
    assert response.status_code in (200, 302)
    assert running_jobs() == 0
    job = ImportJob.objects.order_by("-pk").first()
    event(f"job {job.status}")
    if response.status_code == 302 and confirm and job.status == ImportJob.Status.READY:
        assert client.post(f"/data/import/{job.token}/confirm/").status_code < 500
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE, job.message
    else:
        assert row_counts() == before
    assert client.get(f"/data/import/{job.token}/").status_code == 200
    assert running_jobs() == 0
    _stored_values_pass_the_rules()
