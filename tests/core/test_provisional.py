"""Provisional ("tạm tính") verdicts: a status decided by a threshold not confirmed against its
decision says so, at every level, in the engine, the batch path and `ntm evaluate`."""

import json

import pytest

from ntm.commands import evaluate as evaluate_command
from ntm.core import UnitInput, UnitProfile, evaluate, evaluate_batch, load_catalog
from ntm.core.status import Status, label

# A small set of its own, so the tests do not depend on which shipped cells are verified:
# 1 (all): 1.1 verified, 1.2 placeholder; 2 (all): 2.1 verified; 3 (any): 3.1 verified, 3.2 unverified.
SET = """\
code: xa-mau-tam-tinh
name_vi: Bộ tiêu chí mẫu (kiểm thử)
name_en: Sample set (test)
level: commune
tier: ntm
dimension: none
complete: true
valid_from: 2022-01-01
decisions:
  - {number: 1/QĐ-TEST, date: 2022-01-01, issuer: Mẫu, title: "Mẫu – không phải văn bản chính thức"}
groups:
  - {code: g, name_vi: Nhóm, name_en: Group}
criteria:
  - code: "1"
    name_vi: Thu nhập
    name_en: Income
    group: g
    verified: true
    indicators:
      - {code: "1.1", name_vi: Tỷ lệ A, name_en: Share A, kind: percent, direction: ">=", unit: "%",
         verified: true, source: "QĐ mẫu kiểm thử",
         sector: Mẫu, evidence: Mẫu, thresholds: {general: {value: 80, verified: true}}}
      - {code: "1.2", name_vi: Thu nhập, name_en: Income, kind: money, direction: ">=",
         unit: triệu đồng/người/năm, unit_en: million VND/person/year,
         verified: true, source: "QĐ mẫu kiểm thử",
         sector: Mẫu, evidence: Mẫu,
         thresholds: {general: {value: 36, verified: false, placeholder: true}}}
  - code: "2"
    name_vi: Điện
    name_en: Electricity
    group: g
    verified: true
    indicators:
      - {code: "2.1", name_vi: Có điện, name_en: Has power, kind: boolean, direction: "=",
         verified: true, source: "QĐ mẫu kiểm thử",
         sector: Mẫu, evidence: Mẫu, thresholds: {general: {value: true, verified: true}}}
  - code: "3"
    name_vi: Y tế
    name_en: Health
    group: g
    verified: true
    rule: any
    indicators:
      - {code: "3.1", name_vi: Tỷ lệ B, name_en: Share B, kind: percent, direction: ">=", unit: "%",
         verified: true, source: "QĐ mẫu kiểm thử",
         sector: Mẫu, evidence: Mẫu, thresholds: {general: {value: 90, verified: true}}}
      - {code: "3.2", name_vi: Tỷ lệ C, name_en: Share C, kind: percent, direction: ">=", unit: "%",
         verified: true, source: "QĐ mẫu kiểm thử",
         sector: Mẫu, evidence: Mẫu, thresholds: {general: {value: 50, verified: false}}}
"""
ALL_MET = {"1.1": 85, "1.2": 37, "2.1": True, "3.1": 95, "3.2": 60}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    directory = tmp_path_factory.mktemp("catalogs")
    (directory / "xa-mau-tam-tinh.yaml").write_text(SET, encoding="utf-8")
    return load_catalog(directory)


def run(catalog, values, recorded=None):
    return evaluate(catalog, "xa-mau-tam-tinh", UnitProfile.build(), 2025, values, recorded=recorded)


def test_met_against_a_placeholder_is_never_plainly_met(catalog):
    result = run(catalog, ALL_MET)
    criteria = {c.criterion.code: c for c in result.criteria}
    assert criteria["1"].status is Status.MET and criteria["1"].provisional
    assert not criteria["2"].provisional
    # `any`: the confirmed 3.1 alone meets it, the unconfirmed 3.2 does not matter
    assert not criteria["3"].provisional
    assert result.standard is Status.MET and result.provisional
    summary = result.to_dict()["summary"]
    assert (summary["standard"], summary["provisional"]) == ("met", True)
    assert summary["criteria_provisional"] == ["1"]
    assert label(result.standard, "vi", result.provisional) == "đạt (tạm tính)"


def test_a_confirmed_failure_is_certain_and_a_placeholder_failure_provisional(catalog):
    confirmed = {c.criterion.code: c for c in run(catalog, {**ALL_MET, "1.1": 50, "1.2": 30}).criteria}
    assert confirmed["1"].status is Status.NOT_MET and not confirmed["1"].provisional
    result = run(catalog, {**ALL_MET, "1.2": 30})
    only_placeholder = {c.criterion.code: c for c in result.criteria}["1"]
    assert only_placeholder.status is Status.NOT_MET and only_placeholder.provisional
    assert result.standard is Status.NOT_MET and result.provisional
    # a confirmed failure elsewhere makes the standard's "not met" certain
    certain = run(catalog, {**ALL_MET, "1.2": 30, "2.1": False})
    assert certain.standard is Status.NOT_MET and not certain.provisional


def test_any_rule_met_only_through_an_unconfirmed_threshold_is_provisional(catalog):
    result = run(catalog, {**ALL_MET, "3.1": 10})
    third = {c.criterion.code: c for c in result.criteria}["3"]
    assert third.status is Status.MET and third.provisional
    indicators = {i.indicator.code: i for i in third.indicators}
    assert indicators["3.2"].provisional and not indicators["3.1"].provisional


def test_missing_and_recorded_statuses_are_not_provisional(catalog):
    result = run(catalog, {"1.1": 85, "2.1": True, "3.1": 95}, recorded={"1": "met"})
    first = {c.criterion.code: c for c in result.criteria}["1"]
    assert (first.status, first.basis, first.provisional) == (Status.MET, "recorded", False)
    assert not first.indicators[1].provisional  # missing value: nothing decided
    assert result.standard is Status.MET and not result.provisional


def test_both_json_forms_carry_the_flag_on_indicator_criterion_and_summary(catalog):
    result = run(catalog, ALL_MET)
    for explain in (True, False):
        data = result.to_dict(explain)
        first = data["criteria"][0]
        assert first["provisional"] is True
        assert [i["provisional"] for i in first["indicators"]] == [False, True]
        assert data["summary"]["provisional"] is True
    stored = result.to_dict(False)["criteria"][0]["indicators"][1]
    assert stored["threshold"] == {"value": 36, "layer": "national-general", "year": None, "verified": False}


def test_batch_agrees_with_the_engine_on_provisional_verdicts(catalog):
    cases = [
        ALL_MET,
        {**ALL_MET, "1.2": 30},
        {**ALL_MET, "1.2": 30, "2.1": False},
        {**ALL_MET, "3.1": 10},
        {**ALL_MET, "3.1": 10, "3.2": 10},
        {"1.1": 85, "2.1": True},
        {**ALL_MET, "2.1": "không"},
    ]
    units = [
        UnitInput(id=str(n), profile=UnitProfile.build(), values=v, year=2025) for n, v in enumerate(cases)
    ]
    for unit, row in zip(units, evaluate_batch(catalog, "xa-mau-tam-tinh", units), strict=True):
        single = run(catalog, unit.values)
        assert row.criteria == single.criteria_statuses()
        assert row.provisional == single.provisional_criteria
        assert (row.standard, row.standard_provisional) == (single.standard, single.provisional)


def test_ntm_evaluate_json_says_provisional_and_never_plainly_met(catalog, ntm, tmp_path, monkeypatch):
    monkeypatch.setattr(evaluate_command, "load_catalog", lambda: catalog)
    unit = tmp_path / "unit.json"
    unit.write_text(
        json.dumps({"set": "xa-mau-tam-tinh", "year": 2025, "units": [{"id": "x", "values": ALL_MET}]})
    )
    code, out, _err = ntm(["evaluate", "--input", str(unit), "--format", "json"])
    assert code == 0
    summary = json.loads(out)["units"][0]["summary"]
    assert summary["provisional"] is True and summary["criteria_provisional"] == ["1"]
    code, out, _err = ntm(["evaluate", "--input", str(unit)])
    assert "chuẩn: đạt (tạm tính)" in out
    assert "1. Thu nhập — đạt (tạm tính)" in out and "2. Điện — đạt\n" in out
