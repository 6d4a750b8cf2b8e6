"""Equality, not trust: the bulk path (`batch.evaluate_batch`) and the explaining engine (`evaluate`)
give the same compact result — every criterion's status and basis, the counts, the standard, the
provisional marks, the missing indicators, the gap and the revocation outcome — on generated units
with NaN, blanks, "n/a", recorded statuses, runtime overrides, commune groups, prerequisites,
district facts and growth indicators."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from ntm.core import (
    SetData,
    ThresholdOverride,
    UnitInput,
    UnitProfile,
    evaluate_batch,
    evaluate_unit,
    load_catalog,
)
from ntm.core.compact import differences, from_result, from_row
from ntm.core.facts import COMMUNES_NTM, COMMUNES_REVOKED, COMMUNES_TOTAL
from ntm.core.model import REGIONS
from ntm.core.values import InvalidValue, coerce_value
from tests.core.growth_catalog import SET as GROWTH_SET
from tests.core.growth_catalog import growth_catalog

CATALOG = load_catalog()
SETS = [
    "xa-ntm-2016",
    "xa-ntm-2021",
    "xa-ntm-nang-cao-2021",
    "xa-ntm-kieu-mau-2021",
    "huyen-ntm-2021",
    "huyen-ntm-nang-cao-2021",
    "do-thi-van-minh-2021",
]


def _takes(indicator, raw) -> bool:
    try:
        coerce_value(indicator, raw)
    except (InvalidValue, ValueError):
        return False
    return True


def value_for(indicator):
    """A stored value as the database gives it, or a blank, "n/a", NaN or a number as text."""
    if indicator.kind == "boolean":
        typed = st.booleans()
    elif indicator.kind == "count":
        typed = st.integers(0, 12)
    else:
        typed = st.floats(0, 100, allow_nan=False) | st.integers(0, 100)
    odd = [raw for raw in (None, "", "n/a", math.nan, "12,5", "đạt") if _takes(indicator, raw)]
    return typed | st.sampled_from(odd) if odd else typed


def values_of(cset):
    return st.fixed_dictionaries({}, optional={i.code: value_for(i) for i in cset.indicators()})


def recorded_of(cset):
    return st.dictionaries(
        st.sampled_from([c.code for c in cset.criteria] or ["1"]), st.sampled_from(["met", "not_met"])
    )


def overrides_of(cset):
    """Runtime corrections of numeric thresholds, confirmed or not, everywhere or in one province."""
    numeric = [i.code for i in cset.indicators() if i.numeric and not i.basis]
    if not numeric:
        return st.just([])
    one = st.builds(
        ThresholdOverride,
        set_code=st.just(cset.code),
        indicator=st.sampled_from(numeric),
        value=st.integers(0, 100),
        verified=st.booleans(),
        source=st.just("kiểm thử"),
        layer=st.just("runtime:kiểm thử"),
        province_code=st.none() | st.sampled_from(["12", "01"]),
    )
    return st.lists(one, max_size=3)


profiles = st.builds(
    UnitProfile.build,
    province_code=st.sampled_from(["12", "01", "79"]),
    region=st.none() | st.sampled_from(REGIONS),
    dbkk=st.booleans(),
    atk=st.booleans(),
    commune_group=st.none() | st.sampled_from([1, 2, 3]),
)
district_facts = st.fixed_dictionaries(
    {},
    optional={
        COMMUNES_TOTAL: st.integers(0, 20),
        COMMUNES_NTM: st.integers(0, 20),
        COMMUNES_REVOKED: st.integers(0, 20),
        "xa-ntm-2021": st.booleans(),
        "huyen-ntm-2021": st.sampled_from(["met", "not_met"]),
    },
)


@st.composite
def cases(draw, catalog=CATALOG, sets=SETS):
    code = draw(st.sampled_from(sets))
    cset = catalog.get(code)
    prerequisites = {}
    for req in cset.requires:
        required = catalog.get(req.set_code)
        if draw(st.booleans()):
            prerequisites[req.set_code] = SetData(draw(values_of(required)), draw(recorded_of(required)))
    units = draw(
        st.lists(
            st.builds(
                UnitInput,
                id=st.text("abcdef", min_size=1, max_size=4),
                profile=profiles,
                values=values_of(cset),
                recorded=recorded_of(cset),
                facts=district_facts,
                prerequisites=st.just(prerequisites),
                year=st.integers(2016, 2027),
                previous=values_of(cset),
            ),
            max_size=8,
        )
    )
    return code, units, draw(overrides_of(cset))


def assert_same(catalog, code, units, overrides):
    rows = evaluate_batch(catalog, code, units, overrides=overrides)
    for unit, row in zip(units, rows, strict=True):
        expected = from_result(evaluate_unit(catalog, code, unit, overrides=overrides))
        assert differences(expected, from_row(row)) == [], unit


@settings(max_examples=150, deadline=None)
@given(cases())
def test_bulk_path_equals_the_explaining_engine(case):
    assert_same(CATALOG, *case)


def test_bulk_path_equals_the_explaining_engine_on_growth(tmp_path):
    catalog = growth_catalog(tmp_path)

    @settings(max_examples=60, deadline=None)
    @given(cases(catalog=catalog, sets=[GROWTH_SET]))
    def check(case):
        assert_same(catalog, *case)

    check()


def test_a_nan_is_missing_on_both_paths():
    unit = UnitInput("x", UnitProfile.build(), values={"2.1": math.nan}, year=2024)
    (row,) = evaluate_batch(CATALOG, "xa-ntm-2021", [unit])
    full = evaluate_unit(CATALOG, "xa-ntm-2021", unit)
    assert str(full.criteria_statuses()["2"]) == "missing"
    assert differences(from_result(full), from_row(row)) == []
