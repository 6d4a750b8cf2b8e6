"""A growth indicator on the data-entry page: computed from the stored series, never entered,
missing with a note without the year before; saving a year re-evaluates the next one."""

import sys

import pytest

from ntm.indicators.models import Assessment
from tests.core.growth_catalog import SET, growth_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def growth_set(tmp_path, monkeypatch):
    """The test set with a growth indicator, as the only catalog the engine and the page know."""
    from ntm.indicators import engine

    catalog = growth_catalog(tmp_path / "catalogs")
    real = engine.catalog
    for name, module in list(sys.modules.items()):
        if name.startswith("ntm.") and getattr(module, "catalog", None) is real:
            monkeypatch.setattr(module, "catalog", lambda year=None: catalog)
    return catalog


def _save(client, unit, year, value, version=0, reason=""):
    url = f"/units/{unit.pk}/data/{year}/"
    form = {"set": SET, "v_1.1": value, "ver_1.1": version, "orig_1.1": "", "reason": reason}
    return client.post(url, form)


def test_growth_is_computed_from_stored_values_and_missing_without_the_year_before(
    growth_set, session_as, ban_bo
):
    officer = session_as("xa.banbo")
    assert _save(officer, ban_bo, 2024, "46,2").status_code == 302
    page = officer.get(f"/units/{ban_bo.pk}/data/2024/", {"set": SET}).text
    assert 'data-testid="note-1.2">chưa có số liệu năm trước<' in page
    assert 'name="v_1.2"' not in page  # computed, never entered
    assert Assessment.objects.get(unit=ban_bo, set_code=SET, year=2024).summary().statuses["1"] == "missing"

    assert _save(officer, ban_bo, 2023, "42").status_code == 302  # the year before, entered later
    page = officer.get(f"/units/{ban_bo.pk}/data/2024/", {"set": SET}).text
    assert 'data-testid="growth-1.2">10 %<' in page
    assessment = Assessment.objects.get(unit=ban_bo, set_code=SET, year=2024)  # followed at once
    assert assessment.summary().statuses["1"] == "met"

    refused = officer.post(
        f"/units/{ban_bo.pk}/data/2024/", {"set": SET, "v_1.2": "50", "orig_1.2": "", "ver_1.2": 0}
    )
    assert refused.status_code == 302  # the growth field is not an input: nothing to save
    assert Assessment.objects.get(unit=ban_bo, set_code=SET, year=2024).summary().statuses["1"] == "met"
