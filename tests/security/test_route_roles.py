"""Route × role: every URL pattern of the project, for every role, in and out of scope.

Routes are discovered by walking Django's URL resolver (route_walker.py), so a page or endpoint
added anywhere — web, API, admin, an app's own urls — shows up here by itself, and
`test_every_route_is_classified` fails until it has an entry in EXPECTATIONS (route_expectations.py,
by route name) or matches one of its FAMILIES (by name or pattern). An entry is a tuple of Checks:
the HTTP method, the access policy, and whether the request is made once with a unit inside the
role's scope and once with a unit outside it (`scoped`). Policies (route_policies.py) map
(role, "in"/"out") to the expected outcome:

  public           anyone, signed in or not (login, language switch, API docs)
  signed_in        any signed-in user; anonymous → login page (web) or 401 (API)
  staff_only       the Django admin: staff only; others → admin login
  staff_but_disabled  an admin page turned off on purpose (403 even for administrators); found
                   by itself for add/delete pages whose ModelAdmin refuses them to a superuser
  admin_only       administrators only (audit log, threshold corrections)
  national         country-wide figures: administrators (no other tested role has national scope)
  view_unit        in scope, or an administrator → allowed; out of scope → 403
  view_unit_above_commune  as view_unit, for pages of districts and provinces only
  edit(c)          enter data of criterion c: administrators, offices and the commune officer in
                   scope, the transport sector owner for criterion 2 only; viewers → 403
  edit_any         a form saving whichever criteria the user may enter (at least one)
  unit_data_editor any data of the unit (OCOP ratings): as edit(c), but never a sector owner
  province_office  recognition decisions, classification: administrators or the province office in scope
  importer         may import at all: administrators, offices, commune officers, sector owners
  job_owner, job_confirm  an import job: its owner (administrators may look at every job)

Units: `sample="unit"` uses a commune (Bản Bo in scope; out of scope: a neighbouring commune for
the Bản Bo officer, a Sìn Hồ commune for the Tam Đường office, a Hà Nội commune for Lai Châu
roles); `sample="parent"` uses the unit a role reports on (Tam Đường, or Bản Bo for its officer).
Across the reform, the Tam Đường office (its role is on the pre-reform district only) is also
tried on the new Bản Bo its Bản Bo merged into: `view_unit` pages open, every write is refused.
A URL kwarg whose name `sample_kwarg` (route_samples.py) does not know makes the test say so.
"""

import pytest
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.urls import reverse
from route_expectations import EXPECTATIONS, VALUE_CRIT2, Check, checks_for
from route_policies import ROLES, SET, YEAR, public
from route_samples import Sample, run
from route_secrets import leaks
from route_walker import OK, all_routes, outcome

ROUTES = all_routes()
CLASSIFIED = sorted(key for key, route in ROUTES.items() if checks_for(route) is not None)


def test_every_route_is_classified():
    missing = sorted(key for key, route in ROUTES.items() if checks_for(route) is None)
    assert not missing, f"Routes without an access expectation (add them to EXPECTATIONS): {missing}"


def test_no_expectation_is_stale():
    stale = sorted(set(EXPECTATIONS) - {route.name for route in ROUTES.values()})
    assert not stale, f"EXPECTATIONS names routes that no longer exist: {stale}"


def test_the_walk_sees_every_part_of_the_site():
    assert {"login", "set_language", "admin:index", "api:value_save", "api:openapi-json"} <= set(ROUTES)
    assert any(key.startswith("admin:") and key.endswith("_changelist") for key in ROUTES)
    assert any(not route.name and route.is_admin for route in ROUTES.values())  # unnamed routes too


def _samples(check: Check, role: str, scope_units: dict):
    """(scope, unit) pairs a check is tried with: in and out of scope, and (when the role has them)
    the unit above the role's own, the one beside it and one across the reform from it
    (administrators and anonymous: none)."""
    if not check.scoped:
        return [("in", scope_units[check.sample][role]["in"])]
    pairs = [(scope, scope_units[check.sample][role][scope]) for scope in ("in", "out")]
    # the district checks name the sample's parent: above or beside the role they mean other units
    if any(getattr(v, "__name__", "") in {"_district_plan", "_district"} for v in check.kwargs.values()):
        return pairs
    pairs += [(beyond, scope_units[beyond][role]) for beyond in ("ancestor", "sibling")]
    if check.sample == "unit":  # a commune across the reform (never a dashboard's parent)
        pairs.append(("across", scope_units["across"][role]))
    return [(scope, unit) for scope, unit in pairs if unit is not None]


@pytest.mark.django_db
@pytest.mark.usefixtures("planted_secrets")
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", CLASSIFIED)
def test_route_role(key, role, client_for, scope_units, settings, tmp_path):
    """Every check of the route for the role, with units in, out, above and beside its scope: the
    expected outcome, never a server error, and never a row planted where the role may not read."""
    settings.MEDIA_ROOT = tmp_path  # evidence files written by the requests
    settings.VAR_DIR = tmp_path  # report files of the sample report jobs
    route = ROUTES[key]
    problems = []
    for check in checks_for(route):
        for scope, unit in _samples(check, role, scope_units):
            sample = Sample(role, scope, unit, scope_units)
            if check.setup and scope in ("in", "out", "across"):
                check.setup(sample.unit)
            response = run(client_for(role), route, check, sample)
            if shown := leaks(role, response):
                problems.append(f"{check.method.upper()} {check.label}, {scope} ({unit}): shows {shown}")
            expected = check.policy(role, scope)
            got = outcome(route, response, check.refusals, check.refusal_page)
            if got == OK and check.ok and response.status_code not in check.ok:
                got = f"allowed but {response.status_code}"
            if got != expected:
                what = f"{check.method.upper()} {check.label or check.policy.__name__}, {scope} of scope"
                status = response.status_code
                problems.append(f"{what} ({sample.unit}): expected {expected}, got {got} [{status}]")
    assert not problems, f"{key} as {role}:\n  " + "\n  ".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("key", CLASSIFIED)
def test_unsafe_methods_without_csrf_are_refused_for_session_users(
    key, client_for, scope_units, settings, tmp_path
):
    """An administrator's session (allowed everything) sending unsafe requests without the CSRF
    token: refused with 403 — or 405 on an API path that has no unsafe method at all."""
    settings.MEDIA_ROOT = settings.VAR_DIR = tmp_path
    route = ROUTES[key]
    client = client_for("admin", enforce_csrf_checks=True)
    unsafe = [c for c in checks_for(route) if c.method != "get"]
    for check in unsafe or [Check(public, "post")]:
        sample = Sample("admin", "in", scope_units[check.sample]["admin"]["in"], scope_units)
        response = run(client, route, check, sample)
        allowed = {403} if unsafe or not route.is_api else {403, 405}
        assert response.status_code in allowed, (
            f"{check.method.upper()} {key} without CSRF: {response.status_code}"
        )


def test_only_api_views_skip_djangos_csrf_check():
    """django-ninja checks CSRF itself for session users; no other view may be csrf_exempt."""
    exempt = sorted(route.key for route in ROUTES.values() if route.csrf_exempt and not route.is_api)
    assert not exempt, f"csrf_exempt views outside the API: {exempt}"


@pytest.mark.django_db
def test_session_post_with_the_csrf_token_is_accepted(client_for, scope_units):
    """The positive control of the CSRF test: the same API request with the token goes through."""
    client = client_for("commune_officer", enforce_csrf_checks=True)
    secret = _get_new_csrf_string()
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    unit = scope_units["unit"]["commune_officer"]["in"]
    url = reverse("api:value_save", kwargs={"unit_id": unit.pk, "set_code": SET, "year": YEAR})
    body = VALUE_CRIT2(unit)
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Yêu cầu bị từ chối: thiếu hoặc sai mã chống giả mạo (CSRF)."
    accepted = client.post(url, body, content_type="application/json", headers={"X-CSRFToken": secret})
    assert accepted.status_code == 200, accepted.content
