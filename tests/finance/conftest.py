import pytest

from ntm.planning.models import Plan
from ntm.units.models import AdminUnit, Level


@pytest.fixture
def plan():
    """The demo plan entered from seed 002 (loaded once per test session by tests/conftest.py)."""
    return Plan.objects.select_related("unit").get(is_demo=True, year=2024, unit__code="106")


@pytest.fixture
def tam_duong():
    return AdminUnit.objects.get(code="106", level=Level.DISTRICT, valid_from__isnull=True)


@pytest.fixture
def unit():
    """unit("03424") → the pre-reform Xã Bản Bo; unit("12", Level.PROVINCE) → Lai Châu."""

    def get(code: str, level: int = Level.COMMUNE) -> AdminUnit:
        return AdminUnit.objects.get(code=code, level=level, valid_from__isnull=True)

    return get
