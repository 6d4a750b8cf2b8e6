"""Fixtures of the input-validation tests: signed-in clients, Bản Bo and Tam Đường."""

import pytest
from django.test import Client

from ntm.accounts.models import User
from ntm.units.models import AdminUnit, Level

SET, YEAR = "xa-ntm-2021", 2024


@pytest.fixture
def session_as():
    """A client whose browser session belongs to `username`."""

    def _client(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return _client


@pytest.fixture
def ban_bo(db):
    """Bản Bo as it was until 30/6/2025 (Tam Đường district, Lai Châu): the district office's commune."""
    return AdminUnit.objects.get(level=Level.COMMUNE, code="03424", valid_from__isnull=True)


@pytest.fixture
def tam_duong(db):
    return AdminUnit.objects.get(code="106", level=Level.DISTRICT)
