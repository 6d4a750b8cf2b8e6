"""F1: a number no float holds (10^400), or a percentage of 250, is refused wherever it comes in;
and one already stored (written before the rules, put straight into the database) no longer breaks
the commune's pages, the district's template and export, or an import touching it."""

import json

import pytest

from ntm.cli import main
from ntm.indicators.models import IndicatorValue

SET, YEAR = "xa-ntm-2021", 2024
HUGE = 10**400


def _counts():
    return IndicatorValue.objects.count()


@pytest.mark.parametrize(
    ("code", "value"),
    [("10", HUGE), ("2.1", 250), ("2.1", -50), ("10", 1e308), ("10", "1e400")],
    ids=["10^400", "250%", "-50%", "1e308", "'1e400'"],
)
def test_the_api_refuses_numbers_out_of_range_and_writes_nothing(session_as, ban_bo, code, value):
    client = session_as("huyen.tamduong")
    before = _counts()
    body = json.dumps({"changes": [{"code": code, "value": value, "expected_version": 0}], "reason": "x"})
    response = client.post(f"/api/values/{ban_bo.pk}/{SET}/{YEAR}", body, content_type="application/json")
    assert response.status_code == 422
    assert (
        "nằm ngoài khoảng" in response.json()["errors"][code] or "hữu hạn" in response.json()["errors"][code]
    )
    assert _counts() == before


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_the_api_refuses_json_non_finite_numbers_with_422(session_as, ban_bo, raw):
    client = session_as("huyen.tamduong")
    before = _counts()
    body = '{"changes": [{"code": "2.1", "value": RAW, "expected_version": 0}], "reason": "x"}'
    body = body.replace("RAW", raw)  # not JSON: Python's reader takes these words
    response = client.post(f"/api/values/{ban_bo.pk}/{SET}/{YEAR}", body, content_type="application/json")
    assert response.status_code == 422
    assert "không phải là một số hữu hạn" in response.json()["errors"]["2.1"]
    assert _counts() == before


def test_the_form_refuses_a_negative_and_a_too_large_percentage(session_as, ban_bo):
    client = session_as("huyen.tamduong")
    before = _counts()
    response = client.post(
        f"/units/{ban_bo.pk}/data/{YEAR}/", {"set": SET, "v_2.1": "-5", "v_2.2": "250", "reason": "sửa"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "tỷ lệ “-5” nằm ngoài khoảng 0–100 (chỉ tiêu 2.1)" in page
    assert "tỷ lệ “250” nằm ngoài khoảng 0–100 (chỉ tiêu 2.2)" in page
    assert _counts() == before


def test_the_form_shows_the_refusal_in_english_for_an_english_reader(session_as, ban_bo):
    client = session_as("huyen.tamduong")
    client.cookies["django_language"] = "en"
    response = client.post(f"/units/{ban_bo.pk}/data/{YEAR}/", {"set": SET, "v_2.1": "1e400", "reason": "x"})
    assert "“1e400” is not a finite number (indicator 2.1)" in response.content.decode()


@pytest.fixture
def stored_huge(ban_bo):
    """A value of 10^400 for indicator 10 (income) of Bản Bo, written straight into the table."""
    current = IndicatorValue.objects.filter(
        unit=ban_bo, set_code=SET, period=str(YEAR), indicator_code="10", is_current=True
    )
    if current.exists():
        current.update(value=HUGE)
    else:
        IndicatorValue.objects.create(
            unit=ban_bo, set_code=SET, indicator_code="10", period=str(YEAR), year=YEAR, version=1,
            value=HUGE, actor="kiểm thử",
        )  # fmt: skip
    return ban_bo


def test_a_stored_huge_value_is_shown_as_an_error_on_the_entry_page(session_as, stored_huge):
    client = session_as("huyen.tamduong")
    response = client.get(f"/units/{stored_huge.pk}/data/{YEAR}/", {"set": SET})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="stored-errors"' in page
    assert "“số có 401 chữ số” nằm ngoài khoảng cho phép 0–1e15 (chỉ tiêu 10)" in page
    history = client.get(f"/units/{stored_huge.pk}/data/{YEAR}/history/10/", {"set": SET})
    assert history.status_code == 200


def test_a_stored_huge_value_does_not_break_the_district_template_and_export(
    session_as, stored_huge, tam_duong
):
    client = session_as("huyen.tamduong")
    template = client.get("/data/template/", {"set_code": SET, "year": YEAR, "parent": tam_duong.pk})
    assert template.status_code == 200
    for fmt in ("xlsx", "csv"):
        export = client.get(
            "/data/export/",
            {"set_code": SET, "year": YEAR, "parent": tam_duong.pk, "what": "values", "fmt": fmt},
        )
        assert export.status_code == 200, fmt


def test_an_import_touching_a_stored_huge_value_corrects_it(stored_huge, tmp_path, capsys):
    path = tmp_path / "sua.csv"
    path.write_text(
        f"Mã đơn vị,Bộ tiêu chí,Chỉ tiêu,Năm,Giá trị\n03424,{SET},10,{YEAR},41\n", encoding="utf-8"
    )
    assert main(["import", str(path), "--user", "huyen.tamduong", "--reason", "sửa số quá lớn"]) == 0
    current = IndicatorValue.objects.get(
        unit=stored_huge, set_code=SET, period=str(YEAR), indicator_code="10", is_current=True
    )
    assert current.value == 41


def test_check_data_lists_the_stored_value_and_nothing_once_corrected(stored_huge, capsys):
    assert main(["check-data"]) == 1
    out = capsys.readouterr().out
    assert f"03424 {stored_huge.name} · {SET} · {YEAR} · chỉ tiêu 10" in out
    assert "nằm ngoài khoảng cho phép" in out
    IndicatorValue.objects.filter(
        unit=stored_huge, set_code=SET, period=str(YEAR), indicator_code="10", is_current=True
    ).update(value=41)
    assert main(["check-data"]) == 0
