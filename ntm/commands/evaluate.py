"""`ntm evaluate --set CODE --input FILE`: evaluate units from a JSON, CSV or XLSX file.

Output is a readable table (Vietnamese or English), the JSON document described in
docs/evaluation.md (schema in docs/evaluation.schema.json), or — for many units, a national batch —
one compact result per line through the bulk path (`--format compact`: `core.batch`, the results an
assessment stores, no explanation). No Django here.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ntm.core import compact
from ntm.core.batch import evaluate_batch
from ntm.core.catalog import load_catalog
from ntm.core.evaluate import CriterionResult, EvaluationResult, IndicatorResult, evaluate_unit
from ntm.core.gaps import rank_nearest
from ntm.core.inputs import InputInvalid, read_units
from ntm.core.labels import describe_resolved, trust_marks, word
from ntm.core.status import MARKS, PROVISIONAL, Status, label
from ntm.core.values import format_number, format_value

REPORT_SCHEMA = "ntm.evaluation-report/2"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("evaluate", help="evaluate units against a criteria set")
    parser.add_argument("--set", dest="set_code", help="criteria set code (default: the file's `set`)")
    parser.add_argument("--input", required=True, help="JSON, CSV or XLSX file with one or many units")
    parser.add_argument("--year", type=int, help="evaluation year (default: the file's or each unit's year)")
    parser.add_argument(
        "--format",
        choices=("table", "json", "compact"),
        default="table",
        help="output format: table, json (explained), compact (one line per unit, bulk path; default: table)",
    )
    parser.add_argument(
        "--lang", choices=("vi", "en"), default="vi", help="language of the output (default: vi)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    try:
        data = read_units(args.input)
    except InputInvalid as exc:
        print("\n".join(exc.errors), file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{args.input}: {exc.strerror}", file=sys.stderr)
        return 2
    set_code = args.set_code or data.set_code
    if not set_code:
        print('no criteria set: pass --set CODE or put "set" in the JSON file', file=sys.stderr)
        return 2
    if set_code not in catalog.sets:
        print(f"unknown criteria set {set_code!r}; see `ntm catalog list`", file=sys.stderr)
        return 2
    year = args.year if args.year is not None else data.year
    if args.format == "compact":
        return _compact(catalog, set_code, year, data.units, args.input)
    results, errors = [], []
    for where, unit in data.units:
        try:
            results.append(evaluate_unit(catalog, set_code, unit, year))
        except ValueError as exc:
            errors.append(f"{args.input}: {where} ({unit.id}): {exc}")
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(report(set_code, year, results), ensure_ascii=False, indent=2))
    else:
        print("\n".join(render_report(results, args.lang)))
    return 0


def _compact(catalog, set_code: str, year: int | None, units, source: str) -> int:
    """Every unit through the bulk path, one compact result per line (JSON Lines)."""
    try:
        rows = evaluate_batch(catalog, set_code, [unit for _where, unit in units], year=year)
    except ValueError:  # name every unit whose values cannot be read
        errors = []
        for where, unit in units:
            try:
                evaluate_batch(catalog, set_code, [unit], year=year)
            except ValueError as exc:
                errors.append(f"{source}: {where} ({unit.id}): {exc}")
        print("\n".join(errors), file=sys.stderr)
        return 2
    for row in rows:
        print(
            json.dumps({"unit": row.unit_id, "year": row.year, **compact.from_row(row)}, ensure_ascii=False)
        )
    return 0


def report(set_code: str, year: int | None, results: list[EvaluationResult]) -> dict[str, Any]:
    return {
        "schema": REPORT_SCHEMA,
        "set": set_code,
        "year": year,
        "units": [r.to_dict() for r in results],
        "ranking": [row.to_dict() for row in rank_nearest(results)],
    }


def render_report(results: list[EvaluationResult], lang: str) -> list[str]:
    lines: list[str] = []
    for result in results:
        if lines:
            lines += ["", "=" * 72, ""]
        lines += render_result(result, lang)
    if len(results) > 1:
        lines += ["", f"{word('ranking', lang)}:"]
        for position, row in enumerate(rank_nearest(results), start=1):
            gap = format_number(row.total_gap, lang)
            name = row.unit_name or row.unit_id
            lines.append(f"  {position}. {name} ({row.unit_id}) — {row.label}, Σ {gap}")
    return lines


def _status(status: Status, lang: str, provisional: bool = False) -> str:
    return label(status, lang, provisional)


def _criteria_list(result: EvaluationResult, codes: tuple[str, ...], lang: str) -> str:
    if not codes:
        return word("none", lang)
    return "; ".join(f"{code} {result.cset.criterion(code).name(lang)}" for code in codes)


def render_result(result: EvaluationResult, lang: str) -> list[str]:
    def w(key: str) -> str:
        return word(key, lang)

    cset, profile = result.cset, result.profile
    title = f"{result.unit_name} ({result.unit_id})" if result.unit_name else result.unit_id
    where = [f"{w('year')} {result.year if result.year is not None else '—'}"]
    if cset.dimension == "region":
        where.append(f"{w('region')} {result.column if result.column != 'general' else '—'}")
    elif cset.dimension == "commune_group":
        where.append(f"{w('group')} {profile.commune_group or '—'}")
    where += [flag for flag, on in (("ĐBKK", profile.dbkk), ("ATK", profile.atk)) if on]
    if profile.province_code:
        where.append(f"{w('province')} {profile.province_code}")
    lines = [
        f"{title} — {cset.code}",
        " · ".join(where),
        f"{w('result')}: {w('criteria_met').format(label=result.label)} · "
        f"{w('standard')}: {_status(result.standard, lang, result.provisional)}",
        f"{w('not_met_list')}: {_criteria_list(result, result.not_met, lang)}",
        f"{w('missing_list')}: {_criteria_list(result, result.missing, lang)}",
    ]
    for index, group in enumerate(cset.groups):
        members = [c for c in result.criteria if c.criterion.group == group.code]
        if members:
            lines += ["", f"{ROMAN[index]}. {group.name(lang)}"]
            for criterion in members:
                lines += _render_criterion(criterion, lang)
    if result.conditions:
        lines += ["", f"{w('conditions')}:"]
        for cond in result.conditions:
            mark = f" {trust_marks(False, False, lang)}" if not cond.verified else ""
            status = _status(cond.status, lang, cond.provisional)
            lines.append(f"  {MARKS[cond.status]} {cond.name(lang)} — {status}{mark}")
    if result.revocation:
        revocation = result.revocation
        explanation = revocation.explanation_vi if lang == "vi" else revocation.explanation_en
        if revocation.against:  # a model commune, judged on the advanced set's criteria
            against = result.prerequisites.get(revocation.against)
            name = against.cset.name(lang) if against else revocation.against
            explanation = f"{w('revocation_against')} {name}: {explanation}"
        if not revocation.verified:
            explanation += f" {trust_marks(False, False, lang)}"
        lines += ["", f"{w('revocation')}: {explanation}"]
    if result.notes:
        lines += ["", f"{w('notes')}:", *(f"  - {note}" for note in result.notes)]
    if result.provisional or result.provisional_criteria:
        lines += ["", f"({PROVISIONAL[lang]}): {w('provisional_legend')}"]
    return lines


def _render_criterion(result: CriterionResult, lang: str) -> list[str]:
    criterion = result.criterion
    basis = f" ({word('recorded', lang)})" if result.basis == "recorded" else ""
    status = _status(result.status, lang, result.provisional)
    lines = [f"  {MARKS[result.status]} {criterion.code}. {criterion.name(lang)} — {status}{basis}"]
    lines += [_render_indicator(i, lang) for i in result.indicators]
    lines += [f"       ! {note}" for note in result.notes]
    return lines


def _render_indicator(result: IndicatorResult, lang: str) -> str:
    indicator, threshold = result.indicator, result.threshold
    value = format_value(indicator, result.value, lang)
    limit = describe_resolved(indicator, threshold, lang)
    layer = f"{threshold.layer}, {threshold.year}" if threshold.year is not None else threshold.layer
    text = f"       {MARKS[result.status]} {indicator.code} {indicator.name(lang)}: {value}"
    text += f" · {word('threshold', lang)} {limit} [{layer}]"
    marks = trust_marks(threshold.verified, threshold.placeholder, lang)
    if marks and (threshold.value is not None or threshold.cases):
        text += f" {marks}"
    if result.gap:
        text += f" · {result.gap.label_vi if lang == 'vi' else result.gap.label_en}"
    if result.note:
        text += f" · {result.note}"
    return text
