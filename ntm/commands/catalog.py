"""`ntm catalog list | show CODE | check | export CODE | import FILE | sample`: the criteria sets as
data, readable, checkable, and round-tripped through the decision-layout workbook (docs/import-export.md).

No Django here: list, show and check read `ntm/catalogs`; export and import (ntm.commands.catalog_transfer)
work on the versions in the database.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

from ntm.commands.catalog_transfer import export_sample, export_set, import_set
from ntm.core.catalog import DEFAULT_DIR, Catalog, load_catalog, validate_path
from ntm.core.labels import describe_resolved, trust_marks, word
from ntm.core.model import GENERAL, CriteriaSet, Criterion, Indicator, Threshold

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("catalog", help="list, show and check the criteria sets (ntm/catalogs)")
    actions = parser.add_subparsers(dest="catalog_action", metavar="ACTION", required=True)
    actions.add_parser("list", help="every criteria set with its legal basis").set_defaults(func=list_sets)
    show = actions.add_parser("show", help="criteria, indicators and thresholds of one set")
    show.add_argument("code", help="set code, e.g. xa-ntm-2021")
    show.add_argument(
        "--lang", choices=("vi", "en"), default="vi", help="language of the names (default: vi)"
    )
    show.set_defaults(func=show_set)
    check = actions.add_parser("check", help="validate every catalog and override file")
    check.add_argument("--path", help="a catalog directory or a single YAML file (default: ntm/catalogs)")
    check.set_defaults(func=check_catalogs)
    export = actions.add_parser(
        "export", help="one set (or provincial override file) as a workbook in the decision's layout, or YAML"
    )
    export.add_argument("code", help="set code, e.g. xa-ntm-2021, or an override file name")
    export.add_argument("--version", type=int, help="version number (default: the latest published)")
    export.add_argument(
        "--format",
        dest="fmt",
        choices=("xlsx", "yaml"),
        default="xlsx",
        help="workbook or YAML (default: xlsx)",
    )
    export.add_argument(
        "-o", "--output", type=Path, help="file to write (default: CODE.xlsx; YAML to stdout)"
    )
    export.set_defaults(func=export_set)
    sample = actions.add_parser(
        "sample",
        help="the labelled SAMPLE (not the law) of the 2026 set's 47 indicators, to try the workflow",
    )
    sample.add_argument(
        "--format",
        dest="fmt",
        choices=("xlsx", "yaml"),
        default="xlsx",
        help="workbook or YAML (default: xlsx)",
    )
    sample.add_argument("-o", "--output", type=Path, default=None, help="default: mau-xa-ntm-2026.xlsx")
    sample.set_defaults(func=export_sample)
    imp = actions.add_parser(
        "import", help="check a set workbook (or YAML), show what it changes, and store it as a draft version"
    )
    imp.add_argument(
        "file", type=Path, help="a workbook written by `ntm catalog export` (.xlsx) or a YAML file"
    )
    imp.add_argument("--user", help="the administrator entering the draft (their scope applies)")
    imp.add_argument("--code", help="the override document to draft (default: the province's first)")
    imp.add_argument(
        "--reason", default="", help="why (recorded with the draft; default: “Nhập từ tệp NAME”)"
    )
    imp.add_argument("--dry-run", action="store_true", help="check and show the changes only; store nothing")
    imp.set_defaults(func=import_set)


def list_sets(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    rows = [("code", "level", "tier", "criteria", "complete", "valid", "decision")]
    for cset in sorted(catalog.sets.values(), key=lambda s: (s.valid_from, s.code)):
        valid = f"{cset.valid_from} → {cset.valid_to or '…'}"
        rows.append(
            (
                cset.code,
                cset.level,
                cset.tier,
                str(len(cset.criteria)),
                "yes" if cset.complete else "no",
                valid,
                cset.decisions[0].label,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


def show_set(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    try:
        cset = catalog.get(args.code)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    print("\n".join(render_set(catalog, cset, args.lang)))
    return 0


def render_set(catalog: Catalog, cset: CriteriaSet, lang: str) -> list[str]:
    def w(key: str) -> str:
        return word(key, lang)

    lines = [f"{cset.code} — {cset.name(lang)}"]
    basis = "; ".join(
        f"{d.label} — {d.issuer}"
        + (f", {d.note}" if d.note else "")
        + ("" if d.role == "issues" else f" [{d.role}]")
        for d in cset.decisions
    )
    lines.append(f"{w('basis')}: {basis}")
    valid_to = f"{cset.valid_to}" if cset.valid_to else "…"
    completeness = w("complete") if cset.complete else f"{w('incomplete')} ⚠"
    lines.append(
        f"{w('level')}: {cset.level} · {w('tier')}: {cset.tier} · {w('dimension')}: {cset.dimension} · "
        f"{w('valid')}: {cset.valid_from} → {valid_to} · {completeness}"
    )
    lines.append(f"{len(cset.criteria)} {w('criteria')}, {len(cset.indicators())} {w('indicators')}")
    for req in cset.requires:
        mark = f" {trust_marks(req.verified, False, lang)}" if not req.verified else ""
        lines.append(f"{w('requires')}: {req.set_code} ({catalog.get(req.set_code).name(lang)}){mark}")
    for index, group in enumerate(cset.groups):
        lines.append("")
        lines.append(f"{ROMAN[index]}. {group.name(lang)}")
        for criterion in (c for c in cset.criteria if c.group == group.code):
            lines += _render_criterion(cset, criterion, lang)
    if cset.conditions:
        lines += ["", f"{w('conditions')}:"]
        for cond in cset.conditions:
            mark = f" {trust_marks(cond.verified, False, lang)}" if not cond.verified else ""
            lines.append(f"  - {cond.name(lang)} [{cond.source}]{mark}")
    if cset.notes:
        lines += ["", f"{w('notes')}:", *(f"  - {note}" for note in cset.notes)]
    return lines


def _render_criterion(cset: CriteriaSet, criterion: Criterion, lang: str) -> list[str]:
    flags = []
    if not criterion.verified:
        flags.append(word("name_unverified", lang))
    if not criterion.indicators:
        flags.append(f"({word('unknown_indicators', lang)})")
    elif not criterion.complete:
        flags.append(f"({word('incomplete', lang)})")
    if criterion.revocation_key:
        flags.append(f"[{word('revocation_key', lang)}]")
    lines = [f"  {criterion.code}. {criterion.name(lang)} {' '.join(flags)}".rstrip()]
    if criterion.note:
        lines.append(f"     {word('notes', lang)}: {criterion.note}")
    for indicator in criterion.indicators:
        unit = f" [{indicator.unit_label(lang)}]" if indicator.unit and indicator.unit != "%" else ""
        mark = f" {word('wording_unverified', lang)}" if not indicator.verified else ""
        lines.append(f"     {indicator.code} {indicator.name(lang)}{unit}{mark}")
        for column, cells in indicator.thresholds.items():
            label = _column_label(cset, column, lang)
            lines.append(f"         {label}: {_render_cells(indicator, cells, lang)}")
        if indicator.note:
            lines.append(f"         {word('notes', lang)}: {indicator.note}")
    return lines


def _column_label(cset: CriteriaSet, column: str, lang: str) -> str:
    if column == GENERAL:
        return "chung" if lang == "vi" else "general"
    if cset.dimension == "commune_group":
        return f"{word('group', lang)} {column}"
    return column


def _render_cells(indicator: Indicator, cells: Mapping[int | None, Threshold], lang: str) -> str:
    trust = {(t.verified, t.placeholder) for t in cells.values()}
    shared = len(trust) == 1
    parts = []
    for year, threshold in cells.items():
        text = describe_resolved(indicator, threshold, lang, with_unit=False)
        text = f"{year} {text}" if year is not None else text
        if not shared:
            text = f"{text} {trust_marks(threshold.verified, threshold.placeholder, lang)}".rstrip()
        parts.append(text)
    line = " · ".join(parts)
    if shared:
        verified, placeholder = trust.pop()
        line = f"{line} {trust_marks(verified, placeholder, lang)}".rstrip()
    return line


def check_catalogs(args: argparse.Namespace) -> int:
    catalog, errors = validate_path(args.path or DEFAULT_DIR)
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        print(f"{len(errors)} error(s)", file=sys.stderr)
        return 1
    rows = [(code, _trust_counts(catalog.sets[code])) for code in sorted(catalog.sets)]
    total, verified, unverified, placeholders = (sum(c[i] for _, c in rows) for i in range(4))
    print(
        f"OK: {len(catalog.sets)} criteria sets, {len(catalog.override_files)} provincial override file(s); "
        f"{total} thresholds, {verified} verified, {unverified} unverified ({placeholders} placeholders)"
    )
    width = max(len(code) for code, _ in rows)
    for code, (total, verified, unverified, placeholders) in rows:
        print(
            f"  {code.ljust(width)}  {total:3} thresholds: {verified:3} verified, "
            f"{unverified:3} unverified ({placeholders} placeholders)"
        )
    return 0


def _trust_counts(cset: CriteriaSet) -> tuple[int, int, int, int]:
    """(threshold cells, verified, unverified, placeholders — which are also unverified)."""
    cells = [t for ind in cset.indicators() for column in ind.thresholds.values() for t in column.values()]
    verified = sum(t.verified for t in cells)
    return len(cells), verified, len(cells) - verified, sum(t.placeholder for t in cells)
