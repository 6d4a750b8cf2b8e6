"""Fixtures of the import / export tests: the demo users, Tam Đường and Lai Châu."""

import pytest

from ntm.accounts.models import User
from ntm.units.models import AdminUnit, Level


@pytest.fixture
def user():
    return lambda username: User.objects.get(username=username)


@pytest.fixture
def tam_duong(db):
    return AdminUnit.objects.get(code="106", level=Level.DISTRICT)


@pytest.fixture
def lai_chau(db):
    return AdminUnit.objects.get(code="12", level=Level.PROVINCE, valid_from__isnull=True)
