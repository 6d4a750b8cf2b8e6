"""Two clients creating the same value (or status) at the same moment: one is saved, the other gets
409 with the winner's real version, value and author — never a server error.

Real threads, each with its own database connection, so the test cannot run inside the usual test
transaction: it commits, and pytest-django empties the database afterwards (it runs such tests
after all the others). The first writer is held just before its commit until the second one is
waiting on it in PostgreSQL (`pg_locks`). SQLite admits one writer at a time (the test database,
in memory, refuses a second one at once rather than making it wait as a database file does), so
there the second starts when the first has committed and must find its row."""

import threading

import pytest
from django.db import connection
from django.test import Client

from ntm.accounts.models import User
from ntm.indicators.models import CriterionStatus, IndicatorValue
from ntm.units.models import AdminUnit, Level

SET = "xa-ntm-2021"
WAIT = 20  # seconds: an upper bound for a hung thread, not a timing assertion
POLLS = 400


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _hold_until_the_other_waits(first_wrote: threading.Event):
    """An `execute_wrapper` for the first writer: after its audit record (the value is written,
    the transaction not yet committed) let the second writer start, and on PostgreSQL wait until
    it is blocked on this transaction."""

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if (
            "audit_auditrecord" in sql
            and sql.lstrip().upper().startswith("INSERT")
            and not first_wrote.is_set()
        ):
            first_wrote.set()
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    for _ in range(POLLS):
                        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                        if cursor.fetchone()[0]:
                            break
                        threading.Event().wait(WAIT / POLLS)
        return result

    return wrapper


def _race(first: Client, second: Client, url: str, payload: dict) -> tuple:
    first_wrote, first_done = threading.Event(), threading.Event()
    start_second = first_wrote if connection.vendor == "postgresql" else first_done
    responses = {}

    def run_first():
        try:
            with connection.execute_wrapper(_hold_until_the_other_waits(first_wrote)):
                responses["first"] = first.post(url, payload, content_type="application/json")
        finally:
            first_wrote.set()
            first_done.set()
            connection.close()

    def run_second():
        start_second.wait(WAIT)
        try:
            responses["second"] = second.post(url, payload, content_type="application/json")
        finally:
            connection.close()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 2)
    return responses["first"], responses["second"]


def _one_saved_one_refused(saved, refused, code: str, value, rows) -> None:
    """The first writer's version 1 is the only one; the second was told who wrote what."""
    district = str(User.objects.get(username="huyen.tamduong"))
    assert saved.status_code == 200, saved.content
    assert refused.status_code == 409, refused.content
    conflict = {"code": code, "expected_version": 0, "current_version": 1, "current_value": value}
    assert refused.json()["conflicts"] == [{**conflict, "author": district}]
    assert list(rows.values_list("version", "actor", "is_current")) == [(1, "huyen.tamduong", True)]


@pytest.mark.django_db(transaction=True)
def test_two_clients_creating_the_same_value_and_status_get_one_save_and_one_409():
    ban_bo = AdminUnit.objects.get(level=Level.COMMUNE, code="03424", valid_from__isnull=True)
    values = IndicatorValue.objects.filter(unit=ban_bo, set_code=SET, year=2025, indicator_code="1.1")
    statuses = CriterionStatus.objects.filter(unit=ban_bo, set_code=SET, year=2024, criterion_code="17")
    assert not values.exists() and not statuses.exists()

    saved, refused = _race(
        _client("huyen.tamduong"),
        _client("xa.banbo"),
        f"/api/values/{ban_bo.pk}/{SET}/2025",
        {"changes": [{"code": "1.1", "value": True, "expected_version": 0}], "reason": ""},
    )
    _one_saved_one_refused(saved, refused, "1.1", True, values)

    saved, refused = _race(
        _client("huyen.tamduong"),
        _client("xa.banbo"),
        f"/api/statuses/{ban_bo.pk}/{SET}/2024",
        {"statuses": {"17": False}, "versions": {"17": 0}},
    )
    _one_saved_one_refused(saved, refused, "17", False, statuses)
