"""`ntm check-data`: list the stored values that the value rules (`ntm.core.values.check_value`)
refuse today — written before the rules existed, or straight into the database. Each is printed
with its unit, set, year and indicator, so an office can correct it (a new version, audited);
nothing is changed here. Exit code 1 when any is found, 0 when the data is clean."""

import sys

from . import setup_django


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "check-data", help="list stored values that break the value rules (range, finite, text length)"
    )
    parser.add_argument(
        "--all-versions", action="store_true", help="check superseded versions too, not only current values"
    )
    parser.set_defaults(func=check_data_command)


def check_data_command(args) -> int:
    setup_django()
    found = 0
    for line in problems(all_versions=args.all_versions):
        print(line)
        found += 1
    print(
        f"{found} giá trị không hợp lệ." if found else "Không có giá trị nào vi phạm quy tắc.",
        file=sys.stderr,
    )
    return 1 if found else 0


def problems(*, all_versions: bool = False):
    """One line per stored value that breaks the rules: where it is, what it is, what is wrong."""
    from ntm.core.values import SOURCE_FIELD, SOURCE_MAX, RefusedValue, check_text, value_problem
    from ntm.indicators.engine import catalog
    from ntm.indicators.models import IndicatorValue

    rows = IndicatorValue.objects.all() if all_versions else IndicatorValue.objects.filter(is_current=True)
    fields = (
        "unit__code",
        "unit__name",
        "set_code",
        "period",
        "indicator_code",
        "version",
        "value",
        "source",
    )
    sets = catalog().sets
    for unit_code, unit_name, set_code, period, code, version, value, source in (
        rows.order_by("set_code", "period", "unit__name", "indicator_code", "version")
        .values_list(*fields)
        .iterator()
    ):
        indicator = _indicator(sets, set_code, code)
        if indicator is None:
            continue
        messages = []
        problem = value_problem(indicator, value)
        if problem is not None:
            messages.append(str(problem))
        try:
            check_text(SOURCE_FIELD, source or "", SOURCE_MAX)
        except RefusedValue as exc:
            messages.append(str(exc))
        where = (
            f"{unit_code or '—'} {unit_name} · {set_code} · {period} · chỉ tiêu {code} · phiên bản {version}"
        )
        for message in messages:
            yield f"{where}: {message}"


def _indicator(sets, set_code: str, code: str):
    cset = sets.get(set_code)
    if cset is None:
        return None
    try:
        return cset.indicator(code)
    except KeyError:
        return None
