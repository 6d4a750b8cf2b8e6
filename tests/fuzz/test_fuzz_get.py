"""GET parameters of every route (the route list of the route × role walk, `tests/security`), as
every role: junk ids, numbers past any column, dates that do not exist, NUL, SQL — the answer is a
page, a redirect or a refusal, never a server error. Path ids stay real (the walk tries malformed
ones); the query string is what is generated here."""

import sys
import uuid
from pathlib import Path

import pytest
from django.test import Client
from fuzzing import NASTY, SET, fuzz_settings
from hypothesis import event, given
from hypothesis import strategies as st

from ntm.accounts.models import User
from ntm.units.models import AdminUnit, Level

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "security"))
from route_walker import all_routes, url_of  # tests/security is not a package

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

ROUTES = sorted(key for key, route in all_routes().items() if route.name and not route.is_admin)
USERS = [None, "quantri", "tinh.laichau", "huyen.tamduong", "xa.banbo", "xem.laichau"]
PARAMS = [
    "unit", "year", "set", "set_code", "as_of", "at", "plan", "start", "end", "special", "q", "commune",
    "status", "province", "period", "page", "on", "not_met", "kind", "criterion", "band", "actuals",
    "parent", "what", "fmt", "statuses", "offset", "limit", "level", "next", "indicator",
]  # fmt: skip
JUNK = [
    *NASTY, "abc", "-1", "0", "1", "2024", "2025", "0000", "2024-02-30", "0001-01-01", "9999-12-31",
    "2024-13-01", "1236-08-09T19:56:31.8-18:53", str(2**70), str(2**63), str(2**31), "6e23", "1.5",
    "xa-ntm-2021", "huyen-ntm-2021", "xlsx", "csv", "pdf", "values", "assessments", "2024Q1", "2024-03",
    "https://example.com/", "//example.com", "%00", "[]", "{}",
]  # fmt: skip


def _units() -> dict[str, int]:
    province = AdminUnit.objects.get(code="12", level=Level.PROVINCE, valid_from__isnull=True)
    district = AdminUnit.objects.get(code="106", level=Level.DISTRICT)
    commune = AdminUnit.objects.get(level=Level.COMMUNE, code="03424", valid_from__isnull=True)
    return {"province": province.pk, "district": district.pk, "commune": commune.pk}


COMMON = [
    "unit",
    "year",
    "set",
    "set_code",
    "plan",
    "commune",
    "period",
    "as_of",
    "at",
    "parent",
    "offset",
    "q",
]
HARD = ["abc", "", "\x00", str(2**70), "-1", "0000", "1e400", "2024-02-30", "1 OR 1=1"]
values = st.one_of(
    st.sampled_from(HARD),
    st.sampled_from(JUNK),
    st.text(max_size=30),
    st.integers(-(10**25), 10**25).map(str),
)
unit_refs = st.sampled_from(["province", "district", "commune"])
any_value = st.one_of(values, unit_refs.map(lambda ref: f"@{ref}"))
# one parameter in focus, junk most of the time, beside a few others: a page reads a handful of
# parameters, so a uniform draw over all of them would rarely give the one a page reads a junk value
queries = st.builds(
    lambda focus, value, others: {**others, focus: value},
    st.one_of(st.sampled_from(COMMON), st.sampled_from(PARAMS)),
    st.one_of(st.sampled_from(HARD), any_value),
    st.dictionaries(st.sampled_from(PARAMS), any_value, max_size=3),
)


def _kwargs(route, units: dict, unit: str) -> dict | None:
    samples = {
        "pk": units[unit],
        "unit_id": units[unit],
        "year": 2024,
        "set_code": SET,
        "code": "2.1",
        "indicator_code": "2.1",
        "token": uuid.uuid4(),
        "evidence_id": 1,
        "target_id": 1,
        "fmt": "xlsx",
    }
    if any(name not in samples for name in route.params):
        return None
    return {name: samples[name] for name in route.params}


@pytest.mark.parametrize("key", ROUTES)
@fuzz_settings(8, shrink=False)  # × about 80 routes
@given(who=st.sampled_from(USERS), unit=unit_refs, query=queries)
def test_get_parameters_of_every_route(key, who, unit, query):
    route = all_routes()[key]
    units = _units()
    kwargs = _kwargs(route, units, unit)
    if kwargs is None:
        event("route with an unknown URL kwarg")
        return
    client = Client()
    if who:
        client.force_login(User.objects.get(username=who))
    params = {
        name: str(units[value[1:]]) if value.startswith("@") and value[1:] in units else value
        for name, value in query.items()
    }
    response = client.get(url_of(route, kwargs), params)
    event(f"status {response.status_code // 100}xx")
    assert response.status_code < 500, (key, who, params)
