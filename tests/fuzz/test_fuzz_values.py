"""Values through the API and the data-entry form: whatever is sent, the answer is a page or a
refusal (never a server error), a refusal writes nothing, and every value stored passes the rules."""

import json

import pytest
from fuzzing import SET, YEAR, fuzz_settings, raw_values, row_counts, texts
from hypothesis import given
from hypothesis import strategies as st

from ntm.core.values import value_problem
from ntm.indicators.engine import catalog
from ntm.indicators.models import IndicatorValue

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

INDICATORS = {i.code: i for i in catalog().get(SET).indicators()}
codes = st.one_of(st.sampled_from(sorted(INDICATORS)), st.sampled_from(["99.9", "", "2.1\x00", "１", "2.1 "]))
versions = st.one_of(st.sampled_from(["current", "current", "zero"]), st.integers(-3, 10**20))


def _current(unit) -> dict[str, int]:
    rows = IndicatorValue.objects.annual(SET, YEAR).filter(unit=unit, is_current=True)
    return dict(rows.values_list("indicator_code", "version"))


def _stored_values_pass_the_rules(unit) -> None:
    for row in IndicatorValue.objects.annual(SET, YEAR).filter(unit=unit, is_current=True):
        indicator = INDICATORS.get(row.indicator_code)
        assert indicator is None or value_problem(indicator, row.value) is None, (
            row.indicator_code,
            row.value,
        )


changes = st.lists(
    st.fixed_dictionaries({"code": codes, "value": raw_values, "version": versions, "source": texts}),
    min_size=1,
    max_size=4,
)


@fuzz_settings(700)
@given(changes=changes, reason=texts, who=st.sampled_from(["huyen.tamduong", "xa.banbo"]))
def test_api_value_writes(session_as, ban_bo, changes, reason, who):
    current = _current(ban_bo)
    payload = {
        "changes": [
            {
                "code": c["code"],
                "value": c["value"],
                "expected_version": (
                    current.get(c["code"], 0)
                    if c["version"] == "current"
                    else 0
                    if c["version"] == "zero"
                    else c["version"]
                ),
                "source": c["source"],
            }
            for c in changes
        ],
        "reason": reason,
    }
    before = row_counts()
    response = session_as(who).post(
        f"/api/values/{ban_bo.pk}/{SET}/{YEAR}", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code < 500, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    if response.status_code != 200:
        assert row_counts() == before
    _stored_values_pass_the_rules(ban_bo)


form_fields = st.dictionaries(
    st.sampled_from(sorted(INDICATORS)),
    st.tuples(st.one_of(st.sampled_from(["current", "zero"]), texts), texts),
    min_size=1,
    max_size=4,
)


@fuzz_settings(250)
@given(fields=form_fields, reason=texts, set_code=st.sampled_from([SET, SET, "khong-co", ""]))
def test_data_entry_form_posts(session_as, ban_bo, fields, reason, set_code):
    current = _current(ban_bo)
    data = {"set": set_code, "reason": reason}
    for code, (version, value) in fields.items():
        data[f"v_{code}"] = value
        data[f"ver_{code}"] = {"current": str(current.get(code, 0)), "zero": "0"}.get(version, version)
    before = row_counts()
    response = session_as("huyen.tamduong").post(f"/units/{ban_bo.pk}/data/{YEAR}/", data)
    assert response.status_code < 500
    if response.status_code != 302:
        assert row_counts() == before
    _stored_values_pass_the_rules(ban_bo)
