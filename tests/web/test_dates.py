"""Dates are typed and shown dd/mm/yyyy in every form — never a browser `type=date` field, which
follows the browser's locale (mm/dd/yyyy in an en-US browser) — with a Vietnamese message."""

import datetime
from pathlib import Path

import pytest
from django import forms
from django.utils import translation

from ntm import dates
from ntm.dataio.forms import ExportForm
from ntm.finance import forms as finance_forms
from ntm.planning import forms as planning_forms
from ntm.web.ocop_views import RatingForm
from ntm.web.recognition_views import DecisionForm

ROOT = Path(__file__).resolve().parents[2] / "ntm"


class _DecisionDate(forms.Form):
    date = dates.DateField()


def _form(date: str) -> _DecisionDate:
    return _DecisionDate({"date": date})


def _forms():
    yield from (DecisionForm, RatingForm, ExportForm)
    for module in (finance_forms, planning_forms):
        yield from (f for f in vars(module).values() if isinstance(f, type) and issubclass(f, forms.Form))


def test_every_date_field_of_every_form_is_the_day_first_field():
    fields = [(form.__name__, name, field) for form in _forms() for name, field in form.base_fields.items()]
    dated = [(form, name) for form, name, field in fields if isinstance(field, forms.DateField)]
    assert len(dated) >= 10  # decisions, ratings, export, works, money, plans, activities…
    others = [(form, name) for form, name, field in fields if type(field) is forms.DateField]
    assert not others


@pytest.mark.parametrize("typed", ["31/12/2024", "31-12-2024", "31.12.2024", " 31/12/2024 ", "2024-12-31"])
def test_a_decision_date_is_read_day_first(typed):
    form = _form(typed)
    form.is_valid()
    assert "date" not in form.errors
    assert form.cleaned_data["date"] == datetime.date(2024, 12, 31)


def test_a_month_first_date_is_refused_in_vietnamese():
    with translation.override("vi"):
        form = _form("12/31/2024")
        assert not form.is_valid()
        assert form.errors["date"] == [
            "“12/31/2024” không phải ngày hợp lệ: hãy ghi ngày/tháng/năm, ví dụ 31/12/2024."
        ]


def test_the_date_input_shows_day_month_year_as_text():
    html = str(_form("31/12/2024")["date"])
    assert 'type="text"' in html and 'value="31/12/2024"' in html and 'placeholder="dd/mm/yyyy"' in html


def test_no_page_has_a_browser_date_field():
    found = [p.relative_to(ROOT) for p in ROOT.rglob("*.html") if 'type="date"' in p.read_text()]
    found += [p.relative_to(ROOT) for p in ROOT.rglob("*.py") if '"type": "date"' in p.read_text()]
    assert not found


@pytest.mark.django_db
def test_the_audit_filter_takes_and_shows_a_day_first_date(login):
    client = login("quantri")
    text = client.get("/audit/", {"since": "01/01/2024"}).text
    assert 'name="since" value="01/01/2024" placeholder="dd/mm/yyyy"' in text
