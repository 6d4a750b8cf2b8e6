"""Load and validate the criteria catalogs (`ntm/catalogs/*.yaml`) and provincial overrides.

Validation collects every problem instead of stopping at the first, and each error names the file,
the path inside it (``criteria[3].indicators[1].thresholds.TDMNPB``) and the problem, so that an
administrator editing a YAML file can fix it without reading Python.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ntm.core.model import (
    CONDITION_KINDS,
    DIMENSIONS,
    DIRECTIONS,
    KINDS,
    LEVELS,
    NUMERIC_KINDS,
    REVOCATION_LEVELS,
    RULES,
    TIERS,
    Condition,
    CriteriaSet,
    Criterion,
    CriterionGroup,
    Decision,
    Indicator,
    OverrideFile,
    Requirement,
    Threshold,
    ThresholdOverride,
    When,
    dimension_keys,
)
from ntm.core.values import value_fits

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "catalogs"
OVERRIDES_SUBDIR = "overrides"

_CONDITION_PARAMS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "fact_min": {"fact": str, "min": (int, float)},
    "fact_ratio_min": {"numerator": str, "denominator": str, "min_percent": (int, float)},
    "indicator_ratio_min": {"set": str, "indicator": str, "ratio": (int, float), "value_fact": str},
}

# `verified: true` means "checked against the decision named in the source": the source must name a
# legal instrument and must not rest on a project note, a seed document or a research note
# (legal review 2026-12 §3.3 found 13 cells marked verified on such grounds).
_LEGAL_INSTRUMENT = re.compile(
    r"\b(QĐ|Quyết định|NQ|Nghị quyết|NĐ|Nghị định|TT|Thông tư|Luật)\b", re.IGNORECASE
)
_NOT_LEGAL = re.compile(r"DOMAIN\.md|\bseed\b|research note|nghiên cứu|SPEC\.md", re.IGNORECASE)


def _check_verified_source(ctx: _Ctx, path: str, verified: bool, source: str) -> None:
    if not verified:
        return
    if _NOT_LEGAL.search(source):
        ctx.error(path, f"verified: true rests on a source that is not a legal instrument ({source!r})")
    elif not _LEGAL_INSTRUMENT.search(source):
        ctx.error(
            path, f"verified: true needs a source naming the decision it was checked against ({source!r})"
        )


try:  # the C loader is ~10x faster; PyYAML wheels normally ship it
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class CatalogError:
    file: str
    path: str
    problem: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}: {where}{self.problem}"


class CatalogInvalid(Exception):
    def __init__(self, errors: list[CatalogError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class Catalog:
    sets: Mapping[str, CriteriaSet]
    override_files: tuple[OverrideFile, ...] = ()
    errors: tuple[CatalogError, ...] = field(default=(), compare=False)

    def get(self, code: str) -> CriteriaSet:
        try:
            return self.sets[code]
        except KeyError:
            known = ", ".join(sorted(self.sets))
            raise KeyError(f"unknown criteria set {code!r}; known sets: {known}") from None

    def overrides_for(self, set_code: str, province_code: str | None) -> tuple[ThresholdOverride, ...]:
        """Provincial file overrides that apply to a set in a province, in file order."""
        if province_code is None:
            return ()
        return tuple(
            entry
            for file in self.override_files
            if file.province_code == province_code
            for entry in file.entries
            if entry.set_code == set_code
        )


def load_catalog(directory: Path | str | None = None) -> Catalog:
    """Every set and override under `directory` (default `ntm/catalogs`); raises CatalogInvalid."""
    if directory is None:
        return _load_default()
    catalog = _load_dir(Path(directory))
    if catalog.errors:
        raise CatalogInvalid(list(catalog.errors))
    return catalog


@functools.cache
def _load_default() -> Catalog:
    return load_catalog(DEFAULT_DIR)


def validate_path(path: Path | str) -> tuple[Catalog, list[CatalogError]]:
    """Validate a catalog directory, or a single set or override file against the default catalog."""
    path = Path(path)
    if path.is_dir():
        catalog = _load_dir(path)
        return catalog, list(catalog.errors)
    base = _load_dir(DEFAULT_DIR)
    ctx = _Ctx(_display(path))
    data = _read_yaml(ctx, path)
    if data is None:
        return base, ctx.errors
    if isinstance(data, Mapping) and "province_code" in data:
        override = _parse_override_file(ctx, data)
        files = (override,) if override else ()
        catalog = Catalog(base.sets, files)
    else:
        cset = _parse_set(ctx, data, path.stem)
        sets = {**base.sets, cset.code: cset} if cset else dict(base.sets)
        catalog = Catalog(sets, base.override_files)
    errors = ctx.errors + _cross_check(catalog, only={_display(path)})
    return catalog, errors


def _load_dir(directory: Path) -> Catalog:
    errors: list[CatalogError] = []
    sets: dict[str, CriteriaSet] = {}
    for path in sorted(directory.glob("*.yaml")):
        ctx = _Ctx(_display(path))
        data = _read_yaml(ctx, path)
        cset = _parse_set(ctx, data, path.stem) if data is not None else None
        errors += ctx.errors
        if cset:
            sets[cset.code] = cset
    overrides: list[OverrideFile] = []
    for path in sorted((directory / OVERRIDES_SUBDIR).glob("*.yaml")):
        ctx = _Ctx(_display(path))
        data = _read_yaml(ctx, path)
        override = _parse_override_file(ctx, data) if data is not None else None
        errors += ctx.errors
        if override:
            overrides.append(override)
    if not sets and not errors:
        errors.append(CatalogError(_display(directory), "", "no *.yaml criteria set files found"))
    catalog = Catalog(sets, tuple(overrides))
    return Catalog(sets, tuple(overrides), tuple(errors + _cross_check(catalog)))


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class _Ctx:
    """Collects errors for one file."""

    def __init__(self, file: str):
        self.file = file
        self.errors: list[CatalogError] = []

    def error(self, path: str, problem: str) -> None:
        self.errors.append(CatalogError(self.file, path, problem))


def _read_yaml(ctx: _Ctx, path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        ctx.error(where, f"not valid YAML: {getattr(exc, 'problem', None) or exc}")
    except OSError as exc:
        ctx.error("", f"cannot read: {exc.strerror}")
    return None


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _mapping(ctx: _Ctx, data: Any, path: str, allowed: set[str], required: set[str]) -> dict[str, Any] | None:
    if not isinstance(data, Mapping):
        ctx.error(path, f"expected a mapping, got {type(data).__name__}")
        return None
    for key in data:
        if str(key) not in allowed:
            ctx.error(_join(path, str(key)), f"unknown key (allowed: {', '.join(sorted(allowed))})")
    for key in sorted(required - {str(k) for k in data}):
        ctx.error(_join(path, key), "required key is missing")
    return {str(k): v for k, v in data.items()}


def _text(ctx: _Ctx, data: Mapping[str, Any], key: str, path: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if value is None or (isinstance(value, str) and not value.strip()):
        if default is None:
            ctx.error(_join(path, key), "must be a non-empty text")
        return default or ""
    if not isinstance(value, str | int):
        ctx.error(_join(path, key), f"must be text, got {type(value).__name__}")
        return ""
    return str(value)


def _bool(ctx: _Ctx, data: Mapping[str, Any], key: str, path: str, default: bool | None = None) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        ctx.error(_join(path, key), "must be true or false" if key in data else "required key is missing")
        return bool(default)
    return value


def _date(ctx: _Ctx, value: Any, path: str, allow_none: bool = False) -> date | None:
    if value is None and allow_none:
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    ctx.error(path, f"must be a date YYYY-MM-DD, got {value!r}")
    return None


def _choice(
    ctx: _Ctx,
    data: Mapping[str, Any],
    key: str,
    path: str,
    choices: tuple[str, ...],
    default: str | None = None,
) -> str:
    value = data.get(key, default)
    if value not in choices:
        ctx.error(_join(path, key), f"must be one of {', '.join(choices)}; got {value!r}")
        return choices[0]
    return str(value)


def _list(ctx: _Ctx, data: Mapping[str, Any], key: str, path: str, required: bool = True) -> list[Any]:
    value = data.get(key)
    if value is None:
        if required:
            ctx.error(_join(path, key), "required list is missing")
        return []
    if not isinstance(value, list):
        ctx.error(_join(path, key), f"must be a list, got {type(value).__name__}")
        return []
    return value


def _notes(ctx: _Ctx, data: Mapping[str, Any], path: str) -> tuple[str, ...]:
    value = data.get("notes", ())
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        ctx.error(_join(path, "notes"), "must be a text or a list of texts")
        return ()
    return tuple(value)


def _decision(ctx: _Ctx, data: Any, path: str) -> Decision | None:
    d = _mapping(ctx, data, path, {"number", "date", "issuer", "title", "role", "note"}, {"number", "issuer"})
    if d is None:
        return None
    return Decision(
        number=_text(ctx, d, "number", path),
        date=_date(ctx, d.get("date"), _join(path, "date"), allow_none=True),
        issuer=_text(ctx, d, "issuer", path),
        title=_text(ctx, d, "title", path, ""),
        role=_choice(ctx, d, "role", path, ("issues", "amends", "requires", "context"), "issues"),
        note=_text(ctx, d, "note", path, ""),
    )


_SET_KEYS = {
    "code", "name_vi", "name_en", "level", "tier", "dimension", "decisions", "valid_from", "valid_to",
    "complete", "requires", "groups", "criteria", "conditions", "revocation", "region_override", "notes",
}  # fmt: skip


def _parse_set(ctx: _Ctx, data: Any, stem: str) -> CriteriaSet | None:
    required = _SET_KEYS - {"requires", "conditions", "revocation", "region_override", "notes", "valid_to"}
    d = _mapping(ctx, data, "", _SET_KEYS, required)
    if d is None:
        return None
    code = _text(ctx, d, "code", "")
    if code and code != stem:
        ctx.error("code", f"must equal the file name {stem!r}, got {code!r}")
    dimension = _choice(ctx, d, "dimension", "", DIMENSIONS)
    decisions = [
        _decision(ctx, item, f"decisions[{i}]") for i, item in enumerate(_list(ctx, d, "decisions", ""))
    ]
    if not decisions and "decisions" in d:
        ctx.error("decisions", "at least one legal decision is required")
    groups = [_group(ctx, item, f"groups[{i}]") for i, item in enumerate(_list(ctx, d, "groups", ""))]
    group_codes = [g.code for g in groups if g]
    _unique(ctx, "groups", group_codes)
    revocation, revocation_source, revocation_against, revocation_verified = _revocation(
        ctx, d.get("revocation")
    )
    complete = _bool(ctx, d, "complete", "")
    criteria = [
        _criterion(ctx, item, f"criteria[{i}]", dimension, set(group_codes), revocation)
        for i, item in enumerate(_list(ctx, d, "criteria", ""))
    ]
    if complete and not (criteria or d.get("conditions") or d.get("requires")):
        ctx.error("criteria", "a complete set needs at least one criterion, condition or requirement")
    _unique(ctx, "criteria", [c.code for c in criteria if c])
    _unique(ctx, "criteria[*].indicators", [i.code for c in criteria if c for i in c.indicators])
    _check_cases(ctx, criteria)
    if complete and any(c and not c.complete for c in criteria):
        ctx.error("complete", "the set is marked complete but some criteria are marked complete: false")
    requires = _list(ctx, d, "requires", "", False)
    conditions = _list(ctx, d, "conditions", "", False)
    region_override = d.get("region_override")
    if region_override is not None and (
        dimension != "region" or region_override not in dimension_keys("region")
    ):
        ctx.error("region_override", "must be a region column of a set whose dimension is region")
    return CriteriaSet(
        code=code,
        name_vi=_text(ctx, d, "name_vi", ""),
        name_en=_text(ctx, d, "name_en", ""),
        level=_choice(ctx, d, "level", "", LEVELS),
        tier=_choice(ctx, d, "tier", "", TIERS),
        dimension=dimension,
        decisions=tuple(x for x in decisions if x),
        valid_from=_date(ctx, d.get("valid_from"), "valid_from") or date.min,
        valid_to=_date(ctx, d.get("valid_to"), "valid_to", allow_none=True),
        complete=complete,
        groups=tuple(g for g in groups if g),
        criteria=tuple(c for c in criteria if c),
        requires=tuple(_requirement(ctx, x, f"requires[{i}]") for i, x in enumerate(requires)),
        conditions=tuple(
            c for i, x in enumerate(conditions) if (c := _condition(ctx, x, f"conditions[{i}]"))
        ),
        revocation=revocation,
        revocation_source=revocation_source,
        revocation_against=revocation_against,
        revocation_verified=revocation_verified,
        region_override=region_override,
        notes=_notes(ctx, d, ""),
        path=ctx.file,
    )


def _unique(ctx: _Ctx, path: str, codes: list[str]) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            ctx.error(path, f"code {code!r} is used more than once")
        seen.add(code)


def _group(ctx: _Ctx, data: Any, path: str) -> CriterionGroup | None:
    d = _mapping(ctx, data, path, {"code", "name_vi", "name_en"}, {"code", "name_vi", "name_en"})
    if d is None:
        return None
    return CriterionGroup(
        _text(ctx, d, "code", path), _text(ctx, d, "name_vi", path), _text(ctx, d, "name_en", path)
    )


def _revocation(ctx: _Ctx, data: Any) -> tuple[str | None, str, str | None, bool]:
    """(level, source, set judged against, verified): `against` names a set whose criteria decide
    (a model commune is checked on the advanced-commune criteria)."""
    if data is None:
        return None, "", None, True
    keys = {"level", "source", "against", "verified"}
    d = _mapping(ctx, data, "revocation", keys, {"level", "source"})
    if d is None:
        return None, "", None, True
    source = _text(ctx, d, "source", "revocation")
    verified = _bool(ctx, d, "verified", "revocation", True)
    _check_verified_source(ctx, "revocation.verified", verified, source)
    against = _text(ctx, d, "against", "revocation", "") or None
    return _choice(ctx, d, "level", "revocation", REVOCATION_LEVELS), source, against, verified


def _requirement(ctx: _Ctx, data: Any, path: str) -> Requirement:
    d = _mapping(ctx, data, path, {"set", "verified", "source"}, {"set", "verified", "source"}) or {}
    verified, source = _bool(ctx, d, "verified", path), _text(ctx, d, "source", path)
    _check_verified_source(ctx, _join(path, "verified"), verified, source)
    return Requirement(_text(ctx, d, "set", path), verified, source)


def _condition(ctx: _Ctx, data: Any, path: str) -> Condition | None:
    base = {"code", "kind", "name_vi", "name_en", "verified", "source"}
    if not isinstance(data, Mapping):
        ctx.error(path, "expected a mapping")
        return None
    kind = data.get("kind")
    if kind not in CONDITION_KINDS:
        ctx.error(_join(path, "kind"), f"must be one of {', '.join(CONDITION_KINDS)}; got {kind!r}")
        return None
    spec = _CONDITION_PARAMS[kind]
    d = _mapping(ctx, data, path, base | set(spec) | {"applies_if"}, base | set(spec))
    if d is None:
        return None
    params: dict[str, Any] = {}
    if "applies_if" in d:  # a count fact: the condition does not apply when it is 0
        params["applies_if"] = _text(ctx, d, "applies_if", path)
    for key, types in spec.items():
        value = d.get(key)
        if isinstance(value, bool) or not isinstance(value, types):
            ctx.error(_join(path, key), f"has the wrong type ({type(value).__name__})")
        params[key] = value
    verified, source = _bool(ctx, d, "verified", path), _text(ctx, d, "source", path)
    _check_verified_source(ctx, _join(path, "verified"), verified, source)
    return Condition(
        code=_text(ctx, d, "code", path),
        kind=kind,
        name_vi=_text(ctx, d, "name_vi", path),
        name_en=_text(ctx, d, "name_en", path),
        verified=verified,
        source=source,
        params=params,
    )


_CRITERION_KEYS = {
    "code", "name_vi", "name_en", "group", "rule", "at_least", "revocation_key", "verified", "complete",
    "sector", "note", "indicators",
}  # fmt: skip


def _criterion(
    ctx: _Ctx, data: Any, path: str, dimension: str, groups: set[str], revocation: str | None
) -> Criterion | None:
    d = _mapping(ctx, data, path, _CRITERION_KEYS, {"code", "name_vi", "name_en", "group", "indicators"})
    if d is None:
        return None
    code = _text(ctx, d, "code", path)
    group = _text(ctx, d, "group", path)
    if group and group not in groups:
        ctx.error(_join(path, "group"), f"unknown group {group!r}")
    rule = _choice(ctx, d, "rule", path, RULES, "all")
    at_least = d.get("at_least")
    if rule == "at_least" and (not isinstance(at_least, int) or isinstance(at_least, bool) or at_least < 1):
        ctx.error(_join(path, "at_least"), "rule at_least needs a positive whole number at_least")
    complete = _bool(ctx, d, "complete", path, True)
    revocation_key = _bool(ctx, d, "revocation_key", path, False)
    if revocation_key and revocation is None:
        ctx.error(_join(path, "revocation_key"), "the set has no revocation rule")
    sector = _text(ctx, d, "sector", path, "")
    indicators = [
        _indicator(ctx, item, f"{path}.indicators[{i}]", code, dimension, sector)
        for i, item in enumerate(_list(ctx, d, "indicators", path))
    ]
    if not indicators and complete:
        ctx.error(
            _join(path, "indicators"), "empty; mark the criterion complete: false if they are not known"
        )
    return Criterion(
        code=code,
        name_vi=_text(ctx, d, "name_vi", path),
        name_en=_text(ctx, d, "name_en", path),
        group=group,
        indicators=tuple(i for i in indicators if i),
        rule=rule,
        at_least=at_least if rule == "at_least" else None,
        revocation_key=revocation_key,
        verified=_bool(ctx, d, "verified", path, True),
        complete=complete,
        note=_text(ctx, d, "note", path, ""),
    )


_INDICATOR_KEYS = {
    "code", "name_vi", "name_en", "kind", "direction", "unit", "unit_en", "sector", "evidence", "thresholds",
    "verified", "optional", "note", "source", "range", "base", "basis",
}  # fmt: skip


def _indicator(
    ctx: _Ctx, data: Any, path: str, criterion: str, dimension: str, sector: str
) -> Indicator | None:
    basis = isinstance(data, Mapping) and data.get("basis") is True
    required = {"code", "name_vi", "name_en", "kind", "direction", "evidence", "verified"}
    d = _mapping(ctx, data, path, _INDICATOR_KEYS, required if basis else required | {"thresholds"})
    if d is None:
        return None
    if basis and (d.get("thresholds") or d.get("kind") not in NUMERIC_KINDS):
        ctx.error(_join(path, "basis"), "a basis indicator is numeric and has no thresholds")
    code = _text(ctx, d, "code", path)
    if code and code != criterion and not code.startswith(f"{criterion}."):
        ctx.error(_join(path, "code"), f"must be {criterion!r} or start with '{criterion}.'; got {code!r}")
    kind = _choice(ctx, d, "kind", path, KINDS)
    direction = _choice(ctx, d, "direction", path, DIRECTIONS)
    if kind in ("boolean", "enum") and direction != "=":
        ctx.error(_join(path, "direction"), f"a {kind} indicator compares with '='")
    source = _text(ctx, d, "source", path, "")
    unit = _text(ctx, d, "unit", path, "%" if kind in ("percent", "growth") else "")
    base = _text(ctx, d, "base", path, "")
    if kind == "growth" and not base:
        ctx.error(_join(path, "base"), "a growth indicator names the indicator whose change it measures")
    if kind == "growth" and direction == "=":
        ctx.error(_join(path, "direction"), "a growth indicator compares with '>=' or '<='")
    if base and kind != "growth":
        ctx.error(_join(path, "base"), "only a growth indicator has a base")
    return Indicator(
        code=code,
        name_vi=_text(ctx, d, "name_vi", path),
        name_en=_text(ctx, d, "name_en", path),
        kind=kind,
        direction=direction,
        unit=unit,
        unit_en=_text(ctx, d, "unit_en", path, unit),
        sector=_text(ctx, d, "sector", path, sector or None),
        evidence=_text(ctx, d, "evidence", path),
        thresholds=(
            {}
            if basis
            else _thresholds(ctx, d.get("thresholds"), _join(path, "thresholds"), kind, dimension, source)
        ),
        verified=_bool(ctx, d, "verified", path),
        optional=_bool(ctx, d, "optional", path, False),
        note=_text(ctx, d, "note", path, ""),
        bounds=_bounds(ctx, d.get("range"), _join(path, "range"), kind),
        base=base,
        basis=basis,
    )


def _bounds(ctx: _Ctx, data: Any, path: str, kind: str) -> tuple[float, float] | None:
    """`range: [low, high]`: the values an indicator accepts when its kind's default does not fit
    (a percentage that may pass 100, a number that may be negative)."""
    if data is None:
        return None
    numbers = (
        isinstance(data, list)
        and len(data) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in data)
    )
    if kind not in NUMERIC_KINDS or not numbers or not data[0] < data[1]:
        ctx.error(path, "must be [low, high] with low < high, for a numeric indicator")
        return None
    return (data[0], data[1])


def _thresholds(
    ctx: _Ctx, data: Any, path: str, kind: str, dimension: str, source: str
) -> dict[str, dict[int | None, Threshold]]:
    if not isinstance(data, Mapping) or not data:
        ctx.error(path, "must be a non-empty mapping of columns")
        return {}
    allowed = dimension_keys(dimension)
    columns: dict[str, dict[int | None, Threshold]] = {}
    for raw_key, cell in data.items():
        key = str(raw_key)
        cell_path = _join(path, key)
        if key not in allowed:
            ctx.error(
                cell_path, f"unknown column for dimension {dimension!r} (allowed: {', '.join(allowed)})"
            )
            continue
        if isinstance(cell, Mapping) and ("value" in cell or "cases" in cell):
            columns[key] = {None: _threshold(ctx, cell, cell_path, kind, source)}
        elif isinstance(cell, Mapping) and cell and all(_is_year(y) for y in cell):
            columns[key] = {
                int(year): _threshold(ctx, t, _join(cell_path, str(year)), kind, source)
                for year, t in cell.items()
            }
        else:
            ctx.error(
                cell_path, "must be a threshold {value, verified, source} or a mapping year -> threshold"
            )
    return columns


def _is_year(key: Any) -> bool:
    return isinstance(key, int) and not isinstance(key, bool) and 2000 <= key <= 2100


def _threshold(ctx: _Ctx, data: Any, path: str, kind: str, source: str) -> Threshold:
    if isinstance(data, Mapping) and "cases" in data:
        return _cased(ctx, data, path, kind, source)
    d = _mapping(
        ctx, data, path, {"value", "verified", "source", "placeholder", "note"}, {"value", "verified"}
    )
    if d is None:
        return Threshold(None, False, "")
    _check_value(ctx, _join(path, "value"), kind, d.get("value"))
    verified = _bool(ctx, d, "verified", path)
    placeholder = _bool(ctx, d, "placeholder", path, False)
    if placeholder and verified:
        ctx.error(_join(path, "verified"), "a placeholder can never be verified")
    src = _text(ctx, d, "source", path, source or None)
    _check_verified_source(ctx, _join(path, "verified"), verified, src)
    return Threshold(d.get("value"), verified, src, placeholder, _text(ctx, d, "note", path, ""))


def _cased(ctx: _Ctx, data: Mapping[str, Any], path: str, kind: str, source: str) -> Threshold:
    """`{cases: [{when: {indicator, min, max}, value, verified, source}, …], note}`: the first case
    whose condition holds for the unit's basis value applies."""
    d = _mapping(ctx, data, path, {"cases", "note"}, {"cases"}) or {}
    cases = []
    for i, item in enumerate(_list(ctx, d, "cases", path)):
        case_path = f"{path}.cases[{i}]"
        if not isinstance(item, Mapping):
            ctx.error(case_path, "expected a mapping")
            continue
        when = _when(ctx, item.get("when"), _join(case_path, "when"))
        threshold = _threshold(ctx, {k: v for k, v in item.items() if k != "when"}, case_path, kind, source)
        if when is not None:
            cases.append((when, threshold))
    if not cases:
        ctx.error(_join(path, "cases"), "needs at least one case")
    return Threshold(
        None,
        all(t.verified for _, t in cases),
        source,
        any(t.placeholder for _, t in cases),
        _text(ctx, d, "note", path, ""),
        tuple(cases),
    )


def _when(ctx: _Ctx, data: Any, path: str) -> When | None:
    d = _mapping(ctx, data, path, {"indicator", "min", "max"}, {"indicator"})
    if d is None:
        return None
    bounds = [d.get("min"), d.get("max")]
    if all(b is None for b in bounds) or any(
        b is not None and (isinstance(b, bool) or not isinstance(b, int | float)) for b in bounds
    ):
        ctx.error(path, "needs a number min, max or both")
        return None
    return When(_text(ctx, d, "indicator", path), d.get("min"), d.get("max"))


def _check_cases(ctx: _Ctx, criteria: list[Criterion | None]) -> None:
    """A case condition names a basis indicator of the same set."""
    indicators = {i.code: i for c in criteria if c for i in c.indicators}
    for n, criterion in enumerate(criteria):
        for m, ind in enumerate(criterion.indicators if criterion else ()):
            for column, cells in ind.thresholds.items():
                for threshold in cells.values():
                    for when, _ in threshold.cases:
                        target = indicators.get(when.indicator)
                        if target is None or not target.basis:
                            ctx.error(
                                f"criteria[{n}].indicators[{m}].thresholds.{column}",
                                f"a case depends on {when.indicator!r}, not a basis indicator of this set",
                            )


def _check_value(ctx: _Ctx, path: str, kind: str, value: Any) -> None:
    if not value_fits(kind, value):
        ctx.error(path, f"{value!r} is not a valid value for kind {kind!r}")


def _parse_override_file(ctx: _Ctx, data: Any) -> OverrideFile | None:
    allowed = {"province_code", "province_name", "decision", "sets", "overrides", "notes"}
    d = _mapping(ctx, data, "", allowed, {"province_code", "province_name", "decision", "sets", "overrides"})
    if d is None:
        return None
    province = _text(ctx, d, "province_code", "")
    decision = _decision(ctx, d.get("decision"), "decision")
    layer = f"province:{province} QĐ {decision.number}" if decision else f"province:{province}"
    entries = []
    for i, item in enumerate(_list(ctx, d, "overrides", "")):
        path = f"overrides[{i}]"
        e = _mapping(
            ctx, item, path,
            {"set", "indicator", "key", "year", "value", "verified", "source", "note"},
            {"set", "indicator", "value", "verified", "source"},
        )  # fmt: skip
        if e is None:
            continue
        year = e.get("year")
        if year is not None and not _is_year(year):
            ctx.error(_join(path, "year"), f"must be a year, got {year!r}")
        entries.append(
            ThresholdOverride(
                set_code=_text(ctx, e, "set", path),
                indicator=_text(ctx, e, "indicator", path),
                value=e.get("value"),
                verified=_bool(ctx, e, "verified", path),
                source=_text(ctx, e, "source", path),
                layer=layer,
                province_code=province,
                key=None if e.get("key") is None else str(e["key"]),
                year=year,
                note=_text(ctx, e, "note", path, ""),
            )
        )
    sets = _list(ctx, d, "sets", "")
    if decision is None:
        return None
    return OverrideFile(
        province_code=province,
        province_name=_text(ctx, d, "province_name", ""),
        decision=decision,
        sets=tuple(str(s) for s in sets),
        entries=tuple(entries),
        notes=_notes(ctx, d, ""),
        path=ctx.file,
    )


def _cross_check(catalog: Catalog, only: set[str] | None = None) -> list[CatalogError]:
    """References between files: required sets, condition targets, override targets, cycles."""
    errors: list[CatalogError] = []
    for cset in catalog.sets.values():
        if only is not None and cset.path not in only:
            continue
        for i, req in enumerate(cset.requires):
            if req.set_code not in catalog.sets:
                errors.append(CatalogError(cset.path, f"requires[{i}].set", f"unknown set {req.set_code!r}"))
        for i, cond in enumerate(cset.conditions):
            if cond.kind != "indicator_ratio_min":
                continue
            target = catalog.sets.get(str(cond.params.get("set")))
            if target is None:
                errors.append(CatalogError(cset.path, f"conditions[{i}].set", "unknown set"))
            elif cond.params.get("indicator") not in {ind.code for ind in target.indicators()}:
                errors.append(
                    CatalogError(
                        cset.path, f"conditions[{i}].indicator", f"not an indicator of {target.code}"
                    )
                )
        errors += _check_growth_bases(cset)
        if cset.revocation_against and cset.revocation_against not in catalog.sets:
            errors.append(
                CatalogError(cset.path, "revocation.against", f"unknown set {cset.revocation_against!r}")
            )
        if _requires_cycle(catalog, cset.code):
            errors.append(CatalogError(cset.path, "requires", "sets require each other in a cycle"))
    for file in catalog.override_files:
        if only is not None and file.path not in only:
            continue
        errors += _check_override_targets(catalog, file)
    return errors


def _check_growth_bases(cset: CriteriaSet) -> list[CatalogError]:
    """A growth indicator's base is a numeric indicator of the same set that is not itself a growth."""
    indicators = {ind.code: ind for ind in cset.indicators()}
    errors = []
    for ind in indicators.values():
        if ind.kind != "growth" or not ind.base:
            continue
        base = indicators.get(ind.base)
        if base is None or not base.numeric or base.kind == "growth":
            errors.append(
                CatalogError(
                    cset.path,
                    f"indicator {ind.code}.base",
                    f"{ind.base!r} is not a numeric (non-growth) indicator of {cset.code}",
                )
            )
    return errors


def _check_override_targets(catalog: Catalog, file: OverrideFile) -> list[CatalogError]:
    errors = []
    for i, code in enumerate(file.sets):
        if code not in catalog.sets:
            errors.append(CatalogError(file.path, f"sets[{i}]", f"unknown set {code!r}"))
    for i, entry in enumerate(file.entries):
        path = f"overrides[{i}]"
        cset = catalog.sets.get(entry.set_code)
        if cset is None:
            errors.append(CatalogError(file.path, f"{path}.set", f"unknown set {entry.set_code!r}"))
            continue
        if entry.set_code not in file.sets:
            errors.append(CatalogError(file.path, f"{path}.set", "set is not listed under `sets`"))
        try:
            indicator = cset.indicator(entry.indicator)
        except KeyError:
            errors.append(CatalogError(file.path, f"{path}.indicator", f"not an indicator of {cset.code}"))
            continue
        if entry.key is not None and entry.key not in dimension_keys(cset.dimension):
            errors.append(CatalogError(file.path, f"{path}.key", f"not a column of {cset.code}"))
        ctx = _Ctx(file.path)
        _check_value(ctx, f"{path}.value", indicator.kind, entry.value)
        errors += ctx.errors
    return errors


def _requires_cycle(catalog: Catalog, start: str) -> bool:
    seen: set[str] = set()
    stack = [start]
    while stack:
        code = stack.pop()
        cset = catalog.sets.get(code)
        for req in cset.requires if cset else ():
            if req.set_code == start:
                return True
            if req.set_code not in seen:
                seen.add(req.set_code)
                stack.append(req.set_code)
    return False
