"""The route × role walk's second half (test_route_roles.py has the first and says how the walk
works): every route, for every role, with its ids and common parameters malformed. A file of its own
so the two halves of the walk run on different test workers."""

import pytest
from route_expectations import checks_for
from route_policies import ROLES
from route_samples import ID_KWARGS, MALFORMED, Sample, run_malformed
from route_secrets import leaks
from route_walker import all_routes

ROUTES = all_routes()
CLASSIFIED = sorted(key for key, route in ROUTES.items() if checks_for(route) is not None)


@pytest.mark.django_db
@pytest.mark.usefixtures("planted_secrets")
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", CLASSIFIED)
def test_malformed_ids_and_parameters_never_fail(key, role, client_for, scope_units, settings, tmp_path):
    """Every route, with each id in its URL, query or form malformed (not a number, 2**70, a NUL
    byte, 0000) and on a GET every common query parameter too: a refusal, a 404 or the page with
    the value ignored — never a server error, never another unit's rows."""
    settings.MEDIA_ROOT = settings.VAR_DIR = tmp_path
    route = ROUTES[key]
    client = client_for(role)
    problems = []
    for check in checks_for(route):
        sample = Sample(role, "in", scope_units[check.sample][role]["in"], scope_units)
        tries = [(bad, False) for bad in MALFORMED]
        if any(name in ID_KWARGS for name in route.params):
            tries += [(bad, True) for bad in MALFORMED[1:3]]  # in the URL: too large, a NUL byte
        for bad, in_path in tries:
            response = run_malformed(client, route, check, sample, bad, in_path=in_path)
            if response.status_code >= 500 or leaks(role, response):
                where = "URL and parameters" if in_path else "parameters"
                problems.append(
                    f"{check.method.upper()} {check.label}, {where} {bad!r}: {response.status_code}"
                )
    assert not problems, f"{key} as {role}:\n  " + "\n  ".join(problems)
