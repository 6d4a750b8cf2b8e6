"""API test helpers: clients signed in as a demo user (session) or carrying a bearer token."""

import pytest
from django.test import Client

from ntm.accounts.models import User
from ntm.api.models import ApiToken
from ntm.units.models import AdminUnit, Level


def legacy_unit(level: int, code: str) -> AdminUnit:
    return AdminUnit.objects.get(level=level, code=code, valid_from__isnull=True)


@pytest.fixture
def ban_bo():
    """Bản Bo as it was until 30/6/2025 (Tam Đường district, Lai Châu)."""
    return legacy_unit(Level.COMMUNE, "03424")


@pytest.fixture
def neighbour(ban_bo):
    """Another commune of Tam Đường, out of the Bản Bo officer's scope."""
    return (
        AdminUnit.objects.filter(parent=ban_bo.parent, kind="commune", valid_from__isnull=True)
        .exclude(pk=ban_bo.pk)
        .order_by("code")
        .first()
    )


@pytest.fixture
def token_for():
    """Create a token for `username` as an administrator would; returns the raw token."""

    def _token(username: str, **fields) -> str:
        token = ApiToken(user=User.objects.get(username=username), name="kiểm thử", **fields)
        raw = token.set_new_key()
        token.save()
        return raw

    return _token


@pytest.fixture
def bearer():
    """A client that sends `Authorization: Bearer <raw>` and no cookies."""

    def _client(raw: str) -> Client:
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return _client
