"""Villages (thôn, bản, tổ dân phố): no package lists them, so offices import them.

An import is all-or-nothing: every row is checked first and any error (with sheet, row and column)
stops the whole file.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ntm.accounts.actors import is_system
from ntm.accounts.permissions import can_edit_villages
from ntm.audit import services as audit
from ntm.core.names import fold, tidy
from ntm.tabular import Row, RowError, read_rows

from .models import AdminUnit, Kind, Level

COMMUNE_CODE_HEADERS = ("ma xa", "ma don vi cap xa", "commune code")
NAME_HEADERS = ("ten thon", "ten", "village name", "name")
CODE_HEADERS = ("ma thon", "village code", "code")
KIND_HEADERS = ("loai", "kind")


@dataclass
class VillageImportResult:
    created: list[AdminUnit]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors


def _pick(row: Row, headers: tuple[str, ...]) -> tuple[str | None, object]:
    for header in headers:
        if header in row.values:
            return header, row.values[header]
    return None, None


def village_kind(name: str) -> str:
    return Kind.RESIDENTIAL_GROUP if fold(name).startswith("to dan pho") else Kind.VILLAGE


def add_village(
    commune: AdminUnit,
    name: str,
    code: str = "",
    *,
    actor,
    source: str,
    is_demo: bool = False,
    reason: str = "",
) -> AdminUnit:
    """Create one village under `commune`, valid as long as the commune; audited. Call in a transaction."""
    village = AdminUnit(
        code=code,
        level=Level.VILLAGE,
        kind=village_kind(name),
        name=tidy(name),
        short_name=tidy(name),
        search_key=fold(name),
        parent=commune,
        valid_from=commune.valid_from,
        valid_to=commune.valid_to,
        source=source,
        is_demo=is_demo,
    )
    village.save()
    village.path = f"{commune.path}{village.pk}/"
    village.save(update_fields=["path"])
    audit.record(
        actor=actor,
        action="village.create",
        obj=village,
        label=f"{village.name} ({commune.name})",
        new={"name": village.name, "code": village.code, "commune": commune.code},
        reason=reason,
    )
    return village


class VillageInvalid(ValueError):
    """A village name or code the commune cannot take; the message is for the user."""


def _check_name(commune: AdminUnit, name: str, village: AdminUnit | None = None) -> str:
    name = tidy(name or "")
    if not name:
        raise VillageInvalid(_("Cần nhập tên thôn, bản."))
    if len(name) > 200:
        raise VillageInvalid(_("Tên thôn, bản dài quá 200 ký tự."))
    same = commune.children.filter(level=Level.VILLAGE, search_key=fold(name))
    if village is not None:
        same = same.exclude(pk=village.pk)
    if same.exists():
        raise VillageInvalid(
            _("Thôn “%(name)s” đã có trong %(commune)s.") % {"name": name, "commune": commune.name}
        )
    return name


def _may_edit(actor, commune: AdminUnit) -> None:
    if not is_system(actor) and not can_edit_villages(actor, commune):
        raise PermissionDenied(
            _("Bạn không có quyền sửa danh sách thôn, bản của %(commune)s.") % {"commune": commune.name}
        )


@transaction.atomic
def create_village(commune: AdminUnit, name: str, code: str = "", *, actor, reason: str = "") -> AdminUnit:
    """Add one village to a commune, checked (permission, name) and audited."""
    _may_edit(actor, commune)
    name = _check_name(commune, name)
    return add_village(commune, name, code.strip(), actor=actor, source="web", reason=reason)


@transaction.atomic
def update_village(village: AdminUnit, name: str, code: str = "", *, actor, reason: str = "") -> AdminUnit:
    """Rename a village or change its code; audited with the old and new values."""
    village = AdminUnit.objects.select_for_update(of=("self",)).select_related("parent").get(pk=village.pk)
    commune = village.parent
    if commune is None:
        raise ValueError(f"village {village.pk} has no commune")
    _may_edit(actor, commune)
    name = _check_name(commune, name, village)
    old = {"name": village.name, "code": village.code}
    village.name, village.short_name, village.search_key = name, name, fold(name)
    village.kind = village_kind(name)
    village.code = code.strip()
    village.save(update_fields=["name", "short_name", "search_key", "kind", "code"])
    audit.record(
        actor=actor,
        action="village.update",
        obj=village,
        label=f"{village.name} ({commune.name})",
        old=old,
        new={"name": village.name, "code": village.code},
        reason=reason,
    )
    return village


def import_villages(filename: str, data: bytes, as_of: datetime.date, *, actor) -> VillageImportResult:
    """Check every row, then create every village in one transaction — or nothing."""
    rows = read_rows(filename, data)
    communes = {u.code: u for u in AdminUnit.objects.as_of(as_of).filter(level=Level.COMMUNE)}
    errors: list[RowError] = []
    planned: list[tuple[AdminUnit, str, str]] = []
    seen = set()
    for row in rows:
        code_header, commune_code = _pick(row, COMMUNE_CODE_HEADERS)
        name_header, name = _pick(row, NAME_HEADERS)
        _c, village_code = _pick(row, CODE_HEADERS)
        if code_header is None or name_header is None:
            errors.append(RowError(row.sheet, 1, "—", "thiếu cột “Mã xã” hoặc “Tên thôn” ở dòng tiêu đề"))
            break
        commune_code = _code_text(commune_code)
        commune = communes.get(commune_code.zfill(5)) if commune_code else None
        if not commune_code:
            errors.append(RowError(row.sheet, row.number, row.columns[code_header], "thiếu mã xã"))
        elif commune is None:
            errors.append(
                RowError(
                    row.sheet,
                    row.number,
                    row.columns[code_header],
                    f"không có xã mã “{commune_code}” còn hiệu lực ngày {as_of:%d/%m/%Y}",
                )
            )
        if not name:
            errors.append(RowError(row.sheet, row.number, row.columns[name_header], "thiếu tên thôn"))
        if commune is None or not name:
            continue
        name = tidy(str(name))
        key = (commune.pk, fold(name))
        if key in seen or commune.children.filter(search_key=fold(name), level=Level.VILLAGE).exists():
            errors.append(
                RowError(
                    row.sheet,
                    row.number,
                    row.columns[name_header],
                    f"thôn “{name}” đã có trong {commune.name}",
                )
            )
            continue
        seen.add(key)
        planned.append((commune, name, _code_text(village_code)))
    if errors:
        return VillageImportResult([], errors)
    with transaction.atomic():
        created = [
            add_village(commune, name, code, actor=actor, source="import", reason=f"Nhập từ tệp {filename}")
            for commune, name, code in planned
        ]
    return VillageImportResult(created, [])


def _code_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
