"""The household satisfaction survey of a dossier (the Fatherland Front's step): per unit surveyed,
its households, the households surveyed and, per content, how many were satisfied.

The contents are "kết quả xây dựng nông thôn mới nói chung" and each criterion of the unit's set:
the law asks satisfaction "đối với kết quả thực hiện từng nội dung xây dựng nông thôn mới" (QĐ 320
Phụ lục I) without listing the contents, so the list is ours and unverified (`CONTENTS_VERIFIED`).
A commune's dossier is surveyed in the commune; a district's in each of its communes. Coverage is
the step's rule (≥ 70% of households for a commune, ≥ 60% for a district, DOMAIN §3, unverified).
A district dossier's survey gives the district set its satisfaction facts (`satisfaction_pct`,
`commune_satisfaction_pct`, read by its conditions hai-long-90 and hai-long-xa-80), added to the
engine's facts at start-up (`apps.py`) instead of a number typed in. The commune threshold is
"đáp ứng yêu cầu theo quy định" (legal review 2026-12 §2.6): no number, so none is applied.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ntm.accounts.actors import person
from ntm.core.facts import COMMUNE_SATISFACTION_PCT, SATISFACTION_PCT, DistrictFacts
from ntm.core.values import format_number
from ntm.indicators.engine import catalog, primary_set
from ntm.indicators.models import Assessment
from ntm.units.models import AdminUnit, Kind, Level

from .models import Dossier, SurveyResult

OVERALL = "chung"
CONTENTS_VERIFIED = False


def survey_units(dossier: Dossier) -> list[AdminUnit]:
    """Where the survey is held: the dossier's commune (or village), or each commune of a district."""
    unit = dossier.unit
    if unit.level != Level.DISTRICT:
        return [unit]
    return list(
        AdminUnit.objects.filter(path__startswith=unit.path, level=Level.COMMUNE, kind=Kind.COMMUNE).order_by(
            "name"
        )
    )


def contents(dossier: Dossier, unit: AdminUnit) -> list[tuple[str, str]]:
    """(code, name) of the contents asked in `unit`: overall, then the criteria of the unit's set."""
    set_code = dossier.set_code if unit.pk == dossier.unit_id else primary_set(unit, dossier.year)
    criteria = catalog().get(set_code).criteria if set_code else ()
    return [(OVERALL, _("Kết quả xây dựng nông thôn mới nói chung"))] + [
        (c.code, f"{c.code}. {c.name_vi}") for c in criteria
    ]


def _pct(part: int | None, whole: int) -> float | None:
    return None if part is None or not whole else round(part * 100 / whole, 1)


@dataclass(frozen=True)
class UnitSurvey:
    unit: AdminUnit
    contents: list[tuple[str, str]]
    result: SurveyResult | None

    @property
    def coverage_pct(self) -> float | None:
        return _pct(self.result.surveyed, self.result.households) if self.result else None

    @property
    def rows(self) -> list[tuple[str, str, int | None, float | None]]:
        """(code, name, households satisfied, % of those surveyed) per content."""
        answers = self.result.satisfied if self.result else {}
        surveyed = self.result.surveyed if self.result else 0
        return [
            (code, name, answers.get(code), _pct(answers.get(code), surveyed)) for code, name in self.contents
        ]


@dataclass(frozen=True)
class SurveyState:
    units: list[UnitSurvey]
    min_pct: int | None

    @property
    def households(self) -> int:
        return sum(u.result.households for u in self.units if u.result)

    @property
    def surveyed(self) -> int:
        return sum(u.result.surveyed for u in self.units if u.result)

    @property
    def coverage_pct(self) -> float | None:
        return _pct(self.surveyed, self.households)

    @property
    def satisfaction_pct(self) -> float | None:
        """Households satisfied with the results overall, of those surveyed, in every unit surveyed."""
        done = [u.result for u in self.units if u.result]
        return (
            _pct(sum(r.satisfied.get(OVERALL, 0) for r in done), sum(r.surveyed for r in done))
            if done
            else None
        )

    @property
    def missing(self) -> list[AdminUnit]:
        return [u.unit for u in self.units if u.result is None]


def latest(dossier: Dossier) -> dict[int, SurveyResult]:
    found: dict[int, SurveyResult] = {}
    for result in dossier.survey_results.order_by("at", "id"):
        found[result.unit_id] = result
    return found


def survey_state(dossier: Dossier) -> SurveyState:
    rule: dict = next((s.rule for s in dossier.procedure.steps.all() if s.rule.get("kind") == "coverage"), {})
    results = latest(dossier)
    units = [UnitSurvey(u, contents(dossier, u), results.get(u.pk)) for u in survey_units(dossier)]
    return SurveyState(units, rule.get("min_pct"))


def shortfall(dossier: Dossier, rule: dict) -> list[str]:
    """What the survey step still needs: a result for every unit surveyed, and the coverage."""
    state = survey_state(dossier)
    missing = []
    if state.missing:
        names = ", ".join(u.name for u in state.missing[:10])
        more = len(state.missing) - 10
        missing.append(
            _("chưa nhập kết quả lấy ý kiến của: %(names)s") % {"names": names}
            + (_(" và %(n)s đơn vị khác") % {"n": more} if more > 0 else "")
        )
    need = rule.get("min_pct", 0)
    if state.households and state.surveyed * 100 < need * state.households:
        missing.append(
            _("mới lấy ý kiến %(pct)s%% số hộ, cần ít nhất %(need)s%%")
            % {"pct": format_number(state.coverage_pct or 0, (get_language() or "vi")[:2], 1), "need": need}
        )
    return missing


def may_enter(actor, dossier: Dossier) -> bool:
    """The survey is entered while its step is current, by the actor the step names."""
    from .dossiers import may_act

    step = dossier.step
    return step is not None and step.rule.get("kind") == "coverage" and may_act(actor, dossier)


@transaction.atomic
def record(
    *, actor, dossier: Dossier, unit: AdminUnit, households: int, surveyed: int, satisfied: dict[str, int]
) -> SurveyResult:
    """Record the survey result of one unit (a new entry; the latest counts), audited."""
    from .dossiers import DossierRefused, log_event

    if not may_enter(actor, dossier):
        raise PermissionDenied(_("Bạn không nhập kết quả lấy ý kiến của hồ sơ này."))
    if unit.pk not in {u.pk for u in survey_units(dossier)}:
        raise DossierRefused(_("Đơn vị này không thuộc phạm vi lấy ý kiến của hồ sơ."))
    if households < 1 or surveyed < 1 or surveyed > households:
        raise DossierRefused(_("Số hộ được lấy ý kiến phải từ 1 đến tổng số hộ."))
    codes = [code for code, _name in contents(dossier, unit)]
    if any(satisfied.get(code) is None for code in codes):
        raise DossierRefused(_("Hãy nhập số hộ hài lòng cho từng nội dung."))
    answers = {code: int(satisfied[code]) for code in codes}
    if any(n < 0 or n > surveyed for n in answers.values()):
        raise DossierRefused(_("Số hộ hài lòng không thể lớn hơn số hộ được lấy ý kiến."))
    previous = latest(dossier).get(unit.pk)
    result = SurveyResult.objects.create(
        dossier=dossier,
        unit=unit,
        households=households,
        surveyed=surveyed,
        satisfied=answers,
        user=person(actor),
    )
    data = {"unit": unit.name, "households": households, "surveyed": surveyed, "satisfied": answers}
    old = (
        {"households": previous.households, "surveyed": previous.surveyed, "satisfied": previous.satisfied}
        if previous
        else None
    )
    log_event(actor, dossier, "survey", data=data, old=old, label=unit.name)
    if (
        dossier.unit.level == Level.DISTRICT
        and Assessment.objects.filter(
            unit=dossier.unit, set_code=dossier.set_code, year=dossier.year
        ).exists()
    ):
        from ntm.indicators.assess import reassess

        reassess(dossier.unit, dossier.set_code, dossier.year)
    return result


def district_facts(unit: AdminUnit, set_code: str, year: int) -> DistrictFacts:
    """The satisfaction facts of a district set from the district's dossier survey: overall, and per
    commune and content once every commune has a result (before that the condition stays open)."""
    dossier = Dossier.objects.filter(unit=unit, set_code=set_code, year=year).select_related("unit").first()
    if dossier is None or not dossier.survey_results.exists():
        return {}
    state = survey_state(dossier)
    facts: DistrictFacts = {}
    if state.satisfaction_pct is not None:
        facts[SATISFACTION_PCT] = state.satisfaction_pct
    if state.units and not state.missing:
        facts[COMMUNE_SATISFACTION_PCT] = {
            u.unit.name: {code: pct for code, _name, _n, pct in u.rows if pct is not None}
            for u in state.units
        }
    return facts
