"""The DuckDB peer of the benchmarks agrees with the batch kernel on the full status vector — every
criterion's status, the count and the standard — unit by unit (no database)."""

import itertools
import random

import pytest

from bench.dataset import Commune, Generator
from bench.kernel import answers
from bench.peer import Peer
from ntm.core import Planner, UnitInput, UnitProfile, evaluate_batch, load_catalog, resolve_thresholds
from ntm.core.model import REGIONS

pytest.importorskip("duckdb")


def _communes(n: int) -> list[Commune]:
    rng = random.Random(7)
    out = []
    for i in range(n):
        profile = UnitProfile.build(
            province_code=rng.choice(["12", "06", "01", "79"]),
            region=rng.choice([*REGIONS, None]),
            dbkk=rng.random() < 0.3,
            atk=rng.random() < 0.05,
            commune_group=rng.choice([1, 2, 3, None]),
        )
        out.append(Commune(pk=i + 1, code=f"{i:05d}", name=f"Xã {i}", era="pre", profile=profile))
    return out


def _cased_units(catalog, set_code, profile, year) -> list[UnitInput]:
    """Hand-made cases for each threshold chosen by a basis value: the value at and between the
    cases' numbers, with the basis value absent (decided only when the cases agree) and at each
    case's bounds (the first case that holds applies); the criterion's other indicators sit at
    their thresholds (met), so the cased one decides it."""
    cset = catalog.get(set_code)
    thresholds = resolve_thresholds(catalog, cset, profile, year)
    out = []
    for criterion in cset.criteria:
        for indicator in criterion.indicators:
            threshold = thresholds[indicator.code]
            if not threshold.cases:
                continue
            others = {
                i.code: thresholds[i.code].value
                for i in criterion.indicators
                if i is not indicator and not i.basis and thresholds[i.code].value is not None
            }
            basis = threshold.cases[0][0].indicator
            numbers = sorted({float(t.value) for _w, t in threshold.cases})
            between = [(a + b) / 2 for a, b in itertools.pairwise(numbers)]
            bases = [None, *(b for w, _t in threshold.cases for b in (w.min, w.max) if b is not None)]
            for value in [*numbers, *between, numbers[0] - 1]:
                for basis_value in bases:
                    values = {**others, indicator.code: value}
                    if basis_value is not None:
                        values[basis] = int(basis_value)
                    out.append(UnitInput(id=str(9100 + len(out)), profile=profile, values=values, year=year))
    return out


def _kernel(catalog, set_code, units):
    return answers(evaluate_batch(catalog, set_code, units, planner=Planner(catalog)))


@pytest.mark.parametrize(
    ("set_code", "years"), [("xa-ntm-2021", (2021, 2024, 2025)), ("xa-ntm-2026", (2026,))]
)
def test_peer_agrees_with_kernel(tmp_path, set_code, years):
    catalog = load_catalog()
    generator = Generator(set_code, seed=11, catalog=catalog)
    units = []
    for year in years:
        for commune, values, recorded in generator.rows(_communes(150), year):
            units.append(
                UnitInput(
                    id=str(commune.pk), profile=commune.profile, values=values, recorded=recorded, year=year
                )
            )
    # Hand-made cases: nothing at all; nothing but recorded statuses.
    empty = UnitProfile.build(province_code="12", region="TDMNPB")
    units.append(UnitInput(id="9001", profile=empty, values={}, year=years[0]))
    units.append(
        UnitInput(
            id="9002",
            profile=empty,
            values={},
            recorded={c.code: True for c in catalog.get(set_code).criteria},
            year=years[0],
        )
    )
    # Recorded statuses in the words offices write, not applicable among them.
    words = ["n/a", "chưa đạt", "đạt", "not_met"]
    units.append(
        UnitInput(
            id="9003",
            profile=empty,
            values={},
            recorded={c.code: words[n % 4] for n, c in enumerate(catalog.get(set_code).criteria)},
            year=years[0],
        )
    )
    units += _cased_units(catalog, set_code, empty, years[0])
    kernel = _kernel(catalog, set_code, units)
    peer = Peer(catalog, set_code, tmp_path)
    peer.load((int(u.id), u.year, u.profile, u.values, u.recorded) for u in units)
    answer = peer.answers(peer.run())
    assert answer == kernel
    standards = {standard for _met, standard, _statuses in kernel.values()}
    assert len(standards) > 1  # the dataset mixes results, so the comparison means something
    statuses = {status for _met, _standard, vector in kernel.values() for status in vector}
    assert statuses == {"met", "not_met", "missing", "not_applicable"}  # every status is compared


def test_generator_is_repeatable():
    communes = _communes(20)
    first = list(Generator("xa-ntm-2021", seed=3).rows(communes, 2024))
    again = list(Generator("xa-ntm-2021", seed=3).rows(communes, 2024))
    assert first == again
    other = list(Generator("xa-ntm-2021", seed=4).rows(communes, 2024))
    assert first != other
