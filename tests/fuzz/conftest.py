"""Fixtures of the fuzz suite (see `fuzzing`)."""

import pytest
from django.test import Client

from ntm.accounts.models import User
from ntm.units.models import AdminUnit, Level


@pytest.fixture
def session_as():
    def _client(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return _client


@pytest.fixture
def ban_bo(db):
    return AdminUnit.objects.get(level=Level.COMMUNE, code="03424", valid_from__isnull=True)


@pytest.fixture
def tam_duong(db):
    return AdminUnit.objects.get(code="106", level=Level.DISTRICT)
