"""Provisional ("tạm tính") verdicts on the pages, in the roll-ups and in the API: the demo's
2021 commune set rests mostly on unverified thresholds and placeholder income values, so its
verdicts are provisional, and every place that shows one says so the same way."""

from collections import Counter

import pytest

from ntm.accounts.models import User
from ntm.indicators.models import Assessment, Rollup
from ntm.indicators.rollups import units_counted
from ntm.indicators.services import ValueChange, save_values

pytestmark = pytest.mark.django_db
SET = "xa-ntm-2021"


def _assessments(parent):
    return Assessment.objects.filter(unit__in=units_counted(parent, SET, 2024), set_code=SET, year=2024)


def _expected_counts(assessments):
    standard = sum(1 for a in assessments if a.standard_met and a.standard_provisional)
    per_criterion = Counter(
        code for a in assessments for code in a.met_criteria if code in a.provisional_criteria
    )
    return standard, dict(per_criterion)


def test_entry_page_labels_provisional_verdicts_and_explains_them(session_as, ban_bo):
    text = session_as("xa.banbo").get(f"/units/{ban_bo.pk}/data/2024/", {"set": SET}).text
    stored = Assessment.objects.get(unit=ban_bo, set_code=SET, year=2024)
    assert stored.provisional_criteria  # the demo's income and most cells are not confirmed
    code = stored.provisional_criteria[0]
    badge = text[text.index(f'id="crit-{code.replace(".", "-")}"') :][:200]
    assert "provisional" in badge and "(tạm tính)" in badge
    assert 'data-testid="provisional-legend"' in text
    assert "chưa được đối chiếu với quyết định" in text


def test_rollups_count_provisional_verdicts_apart_and_follow_a_write(tam_duong, ban_bo):
    rollup = Rollup.objects.get(parent=tam_duong, set_code=SET, year=2024)
    assert (rollup.standard_provisional, rollup.per_criterion_provisional) == _expected_counts(
        _assessments(tam_duong)
    )
    assert rollup.per_criterion_provisional  # not vacuous: the demo has provisional verdicts
    assert all(
        rollup.per_criterion_provisional[c] <= rollup.per_criterion[c]
        for c in rollup.per_criterion_provisional
    )
    save_values(  # income far below the placeholder: criterion 10 no longer met
        actor=User.objects.get(username="xa.banbo"),
        unit=ban_bo,
        set_code=SET,
        year=2024,
        changes=[ValueChange("10", 5, expected_version=_version(ban_bo, "10"))],
        reason="kiểm tra tạm tính",
    )
    after = Assessment.objects.get(unit=ban_bo, set_code=SET, year=2024)
    assert "10" not in after.met_criteria and "10" in after.provisional_criteria  # not met, provisionally
    rollup.refresh_from_db()
    assert (rollup.standard_provisional, rollup.per_criterion_provisional) == _expected_counts(
        _assessments(tam_duong)
    )


def test_matrix_marks_provisional_cells_with_the_same_words(session_as, tam_duong):
    text = session_as("huyen.tamduong").get(f"/units/{tam_duong.pk}/matrix/2024/", {"set": SET}).text
    assert 'class="cell st-met provisional" title="Đạt (tạm tính)"' in text
    assert 'data-testid="provisional-legend"' in text


def test_api_gives_the_provisional_flags_and_counts(session_as, tam_duong, ban_bo):
    client = session_as("huyen.tamduong")
    rollup = client.get(f"/api/rollups/{SET}/2024", {"parent": tam_duong.pk}).json()
    stored = Rollup.objects.get(parent=tam_duong, set_code=SET, year=2024)
    assert rollup["standard_provisional"] == stored.standard_provisional
    assert rollup["per_criterion_provisional"] == stored.per_criterion_provisional
    assessment = client.get(f"/api/assessments/{ban_bo.pk}/{SET}/2024").json()
    assert assessment["provisional_criteria"] == assessment["result"]["summary"]["criteria_provisional"]
    first = next(
        c for c in assessment["result"]["criteria"] if c["code"] in assessment["provisional_criteria"]
    )
    assert first["provisional"] is True


def _version(unit, code):
    from ntm.indicators.models import IndicatorValue

    current = IndicatorValue.objects.filter(
        unit=unit, indicator_code=code, set_code=SET, period="2024", is_current=True
    ).first()
    return current.version if current else 0
