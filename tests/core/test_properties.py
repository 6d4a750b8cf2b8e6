"""Properties of the engine on generated units (hypothesis)."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from ntm.core import (
    Status,
    UnitInput,
    UnitProfile,
    assess_commune,
    assess_district,
    evaluate,
    evaluate_batch,
    evaluate_unit,
    load_catalog,
    resolve_thresholds,
)
from ntm.core.model import REGIONS

CATALOG = load_catalog()
XA = CATALOG.get("xa-ntm-2021")
INDICATORS = XA.indicators()
# A basis value (number of schools) is not compared: more schools can raise another threshold.
NUMERIC_GE = [i.code for i in INDICATORS if i.numeric and i.direction == ">=" and not i.basis]
REGION_SETS = [c for c in CATALOG.sets.values() if c.region_override]

regions = st.sampled_from(REGIONS)
years = st.integers(2020, 2027)
profiles = st.builds(
    UnitProfile.build, province_code=st.sampled_from(["12", "01", "79"]), region=st.none() | regions,
    dbkk=st.booleans(), atk=st.booleans(),
)  # fmt: skip


def value_for(indicator):
    if indicator.kind == "boolean":
        return st.booleans()
    if indicator.kind == "money":
        return st.floats(0, 100, allow_nan=False)
    if indicator.kind == "count":
        return st.integers(0, 12)
    return st.floats(0, 100, allow_nan=False) | st.integers(0, 100)


full_values = st.fixed_dictionaries({i.code: value_for(i) for i in INDICATORS})
partial_values = st.fixed_dictionaries({}, optional={i.code: value_for(i) for i in INDICATORS})
recorded = st.dictionaries(
    st.sampled_from([c.code for c in XA.criteria]), st.sampled_from(["met", "not_met"])
)


@given(profiles, years, full_values, st.sampled_from(NUMERIC_GE), st.floats(0, 50, allow_nan=False))
def test_raising_a_value_on_a_ge_indicator_never_turns_met_into_not_met(profile, year, values, code, delta):
    before = evaluate(CATALOG, "xa-ntm-2021", profile, year, values)
    after = evaluate(CATALOG, "xa-ntm-2021", profile, year, {**values, code: values[code] + delta})
    old, new = before.criteria_statuses(), after.criteria_statuses()
    assert all(new[c] is Status.MET for c in old if old[c] is Status.MET)
    assert after.met_count >= before.met_count


@given(profiles, years, partial_values, recorded)
def test_count_met_equals_the_number_of_met_criteria(profile, year, values, recorded):
    result = evaluate(CATALOG, "xa-ntm-2021", profile, year, values, recorded=recorded)
    statuses = result.criteria_statuses().values()
    met = sum(s is Status.MET for s in statuses)
    assert result.label == f"{met}/19"
    assert result.to_dict()["summary"]["criteria_met"] == met
    assert len(result.not_met) + len(result.missing) + met == 19 - sum(
        s is Status.NOT_APPLICABLE for s in statuses
    )


@given(profiles, years, full_values, st.data())
def test_a_unit_with_any_missing_value_never_meets_the_standard(profile, year, values, data):
    dropped = data.draw(st.lists(st.sampled_from(sorted(values)), min_size=1, unique=True))
    result = evaluate(
        CATALOG, "xa-ntm-2021", profile, year, {k: v for k, v in values.items() if k not in dropped}
    )
    assert result.standard is not Status.MET
    assert not result.standard_met


@given(st.sampled_from(REGION_SETS), regions, st.integers(2021, 2026), st.sampled_from(["dbkk", "atk"]))
def test_dbkk_and_atk_communes_always_get_tdmnpb_thresholds_in_2021_sets(cset, region, year, flag):
    special = resolve_thresholds(CATALOG, cset, UnitProfile.build(region=region, **{flag: True}), year)
    mountain = resolve_thresholds(CATALOG, cset, UnitProfile.build(region="TDMNPB"), year)
    assert {c: (t.value, t.layer) for c, t in special.items()} == {
        c: (t.value, t.layer) for c, t in mountain.items()
    }


def expected_clause(failed: int, total: int, key: bool, district: bool) -> str | None:
    share = Fraction(failed, total)
    if share >= Fraction(1, 2):
        return "c" if district else "b"
    if share >= Fraction(3, 10) and key:
        return "b" if district else "a"
    return None


criterion_cases = st.integers(1, 30).flatmap(
    lambda total: st.tuples(
        st.just(total),
        st.lists(
            st.sampled_from([Status.MET, Status.NOT_MET, Status.MISSING]), min_size=total, max_size=total
        ),
        st.sets(st.integers(1, total)),
    )
)


@given(criterion_cases)
def test_commune_revocation_follows_the_30_and_50_percent_rules(case):
    total, statuses, keys = case
    codes = {str(n): s for n, s in enumerate(statuses, start=1)}
    key_codes = {str(k) for k in keys}
    failed = [c for c, s in codes.items() if s is Status.NOT_MET]
    unknown = [c for c, s in codes.items() if s is Status.MISSING]
    definite = expected_clause(len(failed), total, bool(key_codes & set(failed)), district=False)
    worst = expected_clause(len(failed) + len(unknown), total, bool(key_codes & set(failed + unknown)), False)
    result = assess_commune(codes, key_codes)
    assert result.outcome == ("revoke" if definite else "undetermined" if worst else "keep")
    assert result.clause == (definite or worst)


@given(criterion_cases, st.integers(1, 40), st.data())
def test_district_revocation_follows_its_three_clauses(case, communes, data):
    total, statuses, keys = case
    revoked = data.draw(st.integers(0, communes))
    codes = {str(n): s for n, s in enumerate(statuses, start=1)}
    key_codes = {str(k) for k in keys}
    failed = [c for c, s in codes.items() if s is Status.NOT_MET]
    result = assess_district(codes, key_codes, communes_total=communes, communes_revoked=revoked)
    if Fraction(revoked, communes) >= Fraction(3, 10):
        assert (result.outcome, result.clause) == ("revoke", "a")
    elif clause := expected_clause(len(failed), total, bool(key_codes & set(failed)), district=True):
        assert (result.outcome, result.clause) == ("revoke", clause)
    else:
        assert result.outcome in ("undetermined", "keep")


units = st.builds(
    UnitInput, id=st.text("abcdef", min_size=1, max_size=6), profile=profiles, values=partial_values,
    recorded=recorded, year=st.none() | years,
    facts=st.fixed_dictionaries({}, optional={"xa-ntm-2021": st.booleans()}),
)  # fmt: skip


@settings(max_examples=60)
@given(
    st.lists(units, max_size=12), st.sampled_from(["xa-ntm-2021", "xa-ntm-nang-cao-2021"]), st.none() | years
)
def test_batch_evaluation_equals_per_unit_evaluation(units, set_code, year):
    rows = evaluate_batch(CATALOG, set_code, units, year=year)
    for unit, row in zip(units, rows, strict=True):
        single = evaluate_unit(CATALOG, set_code, unit, year)
        assert row.criteria == single.criteria_statuses()
        assert (row.label, row.standard) == (single.label, single.standard)
        assert row.provisional == single.provisional_criteria
        assert row.standard_provisional == single.provisional
        assert row.revocation == single.revocation.outcome
