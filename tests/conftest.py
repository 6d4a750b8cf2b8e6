"""Shared fixtures: the test database gets the real national unit list and the demo data once per run."""

import pytest

from ntm.demo.accounts import DEMO_USERS


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from ntm.demo.loader import load_demo
    from ntm.units.services import load_national_units

    with django_db_blocker.unblock():
        load_national_units(actor="tests")
        load_demo()


@pytest.fixture
def demo_password():
    return {u.username: u.password for u in DEMO_USERS}


@pytest.fixture
def login(client, demo_password):
    """Log the test client in as one of the demo users."""

    def _login(username: str):
        client.logout()
        response = client.post("/login/", {"username": username, "password": demo_password[username]})
        assert response.status_code == 302, response.content[:500]
        return client

    return _login
