"""One table of typed numbers, run through the three doors a value comes in by — the data-entry
form, the import and the API — which must read (or refuse) each the same way: the Vietnamese
convention (`1.234,5`, `12.000`, `85,5`), the import's ranges, Vietnamese messages."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django import forms

from ntm.cli import main
from ntm.core.numbers import read_number
from ntm.indicators.models import IndicatorValue
from ntm.numberfield import DecimalField

pytestmark = pytest.mark.django_db

SET, YEAR = "xa-ntm-2021", 2024
INCOME, SANITATION = "10", "3.1"  # money (triệu đồng/người/năm) and a percentage

# (typed, indicator, the value stored, or None and the message's words when refused)
CASES = [
    ("1.234,5", INCOME, 1234.5, None),
    ("12.000", INCOME, 12000, None),
    ("1.234", INCOME, 1234, None),
    ("1 234,5", INCOME, 1234.5, None),
    ("1\u00a0234", INCOME, 1234, None),
    ("1,234.5", INCOME, 1234.5, None),
    ("85,5", SANITATION, 85.5, None),
    ("85,5 %", SANITATION, 85.5, None),
    ("150", SANITATION, None, "tỷ lệ “150” nằm ngoài khoảng 0–100"),
    ("-5", SANITATION, None, "tỷ lệ “-5” nằm ngoài khoảng 0–100"),
    ("abc", SANITATION, None, "“abc” không phải là số"),
    ("1.23.4", INCOME, None, "“1.23.4” không phải là số"),
]
IDS = [case[0] for case in CASES]


def _current(unit, code):
    return IndicatorValue.objects.filter(
        unit=unit, set_code=SET, period=str(YEAR), indicator_code=code, is_current=True
    ).first()


def _seen(unit, code) -> tuple[str, int]:
    from ntm.indicators.selectors import input_text

    current = _current(unit, code)
    return (input_text(current.value), current.version) if current else ("", 0)


def _check(unit, code, before, expected, refused, answer: str):
    after = _current(unit, code)
    if refused is None:
        assert after.value == expected
        assert after.version == (before.version + 1 if before else 1)
    else:
        assert refused in answer
        assert (after.pk if after else None) == (before.pk if before else None)  # nothing written


@pytest.mark.parametrize(("typed", "code", "expected", "refused"), CASES, ids=IDS)
def test_the_entry_form_reads_each_number(login, ban_bo, typed, code, expected, refused):
    client = login("xa.banbo")
    before = _current(ban_bo, code)
    orig, version = _seen(ban_bo, code)
    form = {"set": SET, f"orig_{code}": orig, f"ver_{code}": version, f"v_{code}": typed, "reason": "đo lại"}
    response = client.post(f"/units/{ban_bo.pk}/data/{YEAR}/", form, follow=True)
    _check(ban_bo, code, before, expected, refused, response.text)
    if refused is not None:  # nothing typed is lost: the value and the reason are shown again
        assert f'value="{typed}"' in response.text
        assert ">đo lại</textarea>" in response.text


@pytest.mark.parametrize(("typed", "code", "expected", "refused"), CASES, ids=IDS)
def test_the_import_reads_each_number(tmp_path, capsys, ban_bo, typed, code, expected, refused):
    before = _current(ban_bo, code)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Mã đơn vị", "Bộ tiêu chí", "Chỉ tiêu", "Năm", "Giá trị", "Nguồn"])
    writer.writerow([ban_bo.code, SET, code, YEAR, typed, ""])
    path = tmp_path / "so-lieu.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    status = main(["import", str(path), "--user", "huyen.tamduong", "--reason", "đo lại"])
    assert status == (0 if refused is None else 1)
    _check(ban_bo, code, before, expected, refused, capsys.readouterr().err)


@pytest.mark.parametrize(("typed", "code", "expected", "refused"), CASES, ids=IDS)
def test_the_api_reads_each_number(session_as, ban_bo, typed, code, expected, refused):
    client = session_as("xa.banbo")
    before = _current(ban_bo, code)
    change = {"code": code, "value": typed, "expected_version": _seen(ban_bo, code)[1]}
    response = client.post(
        f"/api/values/{ban_bo.pk}/{SET}/{YEAR}",
        {"changes": [change], "reason": "đo lại"},
        content_type="application/json",
    )
    assert response.status_code == (200 if refused is None else 422), response.content
    _check(ban_bo, code, before, expected, refused, json.dumps(response.json(), ensure_ascii=False))


@pytest.mark.parametrize(
    ("typed", "note"),
    [("1.234", "thousands_dot"), ("1,234", "decimal_comma"), ("6.5", "decimal_dot"), ("1,234.5", "english")],
)
def test_an_entry_another_convention_reads_otherwise_says_how_it_was_read(typed, note):
    assert read_number(typed).note == note
    assert read_number("1.234,5").note is None


def test_the_form_shows_an_ambiguous_entry_as_read_before_saving(login, ban_bo):
    client = login("xa.banbo")
    response = client.post(
        f"/units/{ban_bo.pk}/data/{YEAR}/preview/",
        {"set": SET, f"v_{INCOME}": "1.234", f"orig_{INCOME}": ""},
        HTTP_HX_REQUEST="true",
    )
    shown = 'data-testid="reading-10" aria-live="polite" hx-swap-oob="true">đọc là 1.234 (dấu chấm'
    assert shown in response.text
    response = client.post(
        f"/units/{ban_bo.pk}/data/{YEAR}/preview/",
        {"set": SET, f"v_{INCOME}": "1,234", f"orig_{INCOME}": ""},
        HTTP_HX_REQUEST="true",
    )
    assert "đọc là 1,234 (dấu phẩy là dấu thập phân" in response.text


class _Funding(forms.Form):
    amount = DecimalField(max_digits=18, decimal_places=3, min_value=0)


@pytest.mark.parametrize(
    ("typed", "code", "expected", "refused"), [c for c in CASES if c[1] == INCOME], ids=str
)
def test_the_money_fields_read_each_number(typed, code, expected, refused):
    form = _Funding({"amount": typed})
    if refused is None:
        assert form.is_valid(), form.errors
        assert form.cleaned_data["amount"] == Decimal(str(expected))
    else:
        assert not form.is_valid()
        assert f"“{typed}” không phải là số" in form.errors["amount"][0]


def test_a_whole_amount_stays_whole():
    form = _Funding({"amount": "20"})
    assert form.is_valid() and str(form.cleaned_data["amount"]) == "20"  # not "20.0" in messages


def test_a_stored_amount_is_shown_so_that_saving_again_keeps_it():
    shown = str(_Funding(initial={"amount": Decimal("12.000")})["amount"])
    assert 'value="12"' in shown and 'inputmode="decimal"' in shown
    assert 'value="1.234,5"' in str(_Funding(initial={"amount": Decimal("1234.500")})["amount"])


def test_the_english_page_shows_stored_numbers_as_the_parser_reads_them(login, ban_bo):
    client = login("xa.banbo")
    orig, version = _seen(ban_bo, INCOME)
    form = {"set": SET, f"orig_{INCOME}": orig, f"ver_{INCOME}": version, f"v_{INCOME}": "12.000"}
    client.post(f"/units/{ban_bo.pk}/data/{YEAR}/", {**form, "reason": "đo lại"})
    assert _current(ban_bo, INCOME).value == 12000
    client.cookies["django_language"] = "en"
    text = client.get(f"/units/{ban_bo.pk}/data/{YEAR}/", {"set": SET}).text
    shown = re.search(rf'name="v_{INCOME}"[^>]*value="([^"]*)"', text).group(1)
    assert read_number(shown).value == _current(ban_bo, INCOME).value
