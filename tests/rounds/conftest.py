import pytest


@pytest.fixture
def new_ban_bo(db):
    """Bản Bo from 1 July 2025: a commune of the two-tier era, reporting to the province."""
    from ntm.units.models import AdminUnit, Level

    return AdminUnit.objects.select_related("parent").get(
        level=Level.COMMUNE, code="03424", valid_from__isnull=False
    )


@pytest.fixture
def quarterly(db):
    from ntm.rounds.models import ReportKind

    return ReportKind.objects.get(code="quy")


@pytest.fixture
def users(db):
    from ntm.accounts.models import User

    return {u.username: u for u in User.objects.all()}
