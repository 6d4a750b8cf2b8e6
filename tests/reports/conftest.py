"""Fixtures for the official outputs: the demo plan, Lai Châu, readers of the generated files."""

import io
from decimal import Decimal
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"


@pytest.fixture
def plan(db):
    from ntm.planning.models import Plan

    return Plan.objects.select_related("unit").get(unit__code="106", year=2024)


@pytest.fixture
def lai_chau(db):
    from ntm.units.models import AdminUnit

    return AdminUnit.objects.get(code="12", level=1, valid_to__isnull=False)


@pytest.fixture
def reports_settings(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return settings


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def vi_number(text: str) -> Decimal:
    """'144.771' → 144771; '18,5' → 18.5 (Vietnamese separators)."""
    return Decimal(text.strip().replace(".", "").replace(",", "."))


def read_docx(data: bytes):
    import docx

    return docx.Document(io.BytesIO(data))


def table_rows(table) -> list[list[str]]:
    return [[cell.text.strip() for cell in row.cells] for row in table.rows]
