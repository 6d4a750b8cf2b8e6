"""The audit log as sentences an office reads ("Nguyễn Văn A sửa chỉ tiêu 2.2 của Xã Bản Bo năm
2024: 80 → 50 %, lý do “đo lại”"), instead of stored dictionaries with English keys and action
codes. The records stay as they are written (`ntm.audit`); only the page words them.

Field names come from the models' Vietnamese `verbose_name`s, choices from their labels, linked
objects by name; a value or status write is worded from the criteria catalog."""

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.accounts.models import Role
from ntm.core.values import format_number, format_value
from ntm.finance.sources import Source
from ntm.indicators.engine import catalog, set_name
from ntm.units.models import Kind

# What each action does, as a verb phrase; an action not listed reads "thay đổi" (changed).
ACTIONS = {
    "value.save": gettext_lazy("ghi số liệu"),
    "status.record": gettext_lazy("ghi nhận kết quả tiêu chí"),
    "threshold.correct": gettext_lazy("đính chính ngưỡng"),
    "evidence.upload": gettext_lazy("nộp minh chứng"),
    "data.import": gettext_lazy("nhập dữ liệu từ tệp"),
    "unit.classify": gettext_lazy("phân loại đơn vị"),
    "unit.change": gettext_lazy("sửa đơn vị hành chính"),
    "units.load": gettext_lazy("nạp danh mục đơn vị hành chính"),
    "village.create": gettext_lazy("thêm thôn"),
    "village.update": gettext_lazy("sửa thôn"),
    "decision.recognise": gettext_lazy("ghi quyết định công nhận"),
    "decision.revoke": gettext_lazy("ghi quyết định thu hồi"),
    "plan.create": gettext_lazy("lập kế hoạch"),
    "plan.update": gettext_lazy("sửa kế hoạch"),
    "target.create": gettext_lazy("thêm chỉ tiêu kế hoạch"),
    "target.update": gettext_lazy("sửa chỉ tiêu kế hoạch"),
    "target.delete": gettext_lazy("xóa chỉ tiêu kế hoạch"),
    "target.actual": gettext_lazy("ghi kết quả thực hiện chỉ tiêu kế hoạch"),
    "activity.create": gettext_lazy("ghi hoạt động"),
    "budget.create": gettext_lazy("lập bảng nguồn vốn"),
    "budget.table": gettext_lazy("sửa bảng nguồn vốn"),
    "budget.allocate": gettext_lazy("phân bổ vốn"),
    "budget.disburse": gettext_lazy("ghi giải ngân"),
    "work.create": gettext_lazy("thêm công trình"),
    "work.update": gettext_lazy("sửa công trình"),
    "contribution.create": gettext_lazy("ghi đóng góp của người dân"),
    "ocop.rate": gettext_lazy("ghi đánh giá, phân hạng OCOP"),
    "ocop.producer.create": gettext_lazy("thêm chủ thể OCOP"),
    "ocop.producer.update": gettext_lazy("sửa chủ thể OCOP"),
    "ocop.product.create": gettext_lazy("thêm sản phẩm OCOP"),
    "ocop.product.update": gettext_lazy("sửa sản phẩm OCOP"),
    "role.grant": gettext_lazy("giao vai trò"),
    "role.change": gettext_lazy("sửa vai trò"),
    "role.revoke": gettext_lazy("thu hồi vai trò"),
    "user.create": gettext_lazy("tạo tài khoản"),
    "user.change": gettext_lazy("sửa tài khoản"),
    "user.delete": gettext_lazy("xóa tài khoản"),
    "user.demo": gettext_lazy("tạo tài khoản mẫu"),
    "api_token.create": gettext_lazy("tạo khóa truy cập API"),
    "api_token.change": gettext_lazy("sửa khóa truy cập API"),
    "api_token.revoke": gettext_lazy("thu hồi khóa truy cập API"),
}
# Keys that are not model fields, or whose field has no useful name.
KEYS = {
    "value": gettext_lazy("giá trị"),
    "version": gettext_lazy("phiên bản"),
    "met": gettext_lazy("kết quả"),
    "unit": gettext_lazy("đơn vị"),
    "units": gettext_lazy("đơn vị"),
    "amount": gettext_lazy("số tiền"),
    "note": gettext_lazy("ghi chú"),
    "name": gettext_lazy("tên"),
    "code": gettext_lazy("mã"),
    "size": gettext_lazy("dung lượng (byte)"),
    "date": gettext_lazy("ngày"),
    "year": gettext_lazy("năm"),
    "source": gettext_lazy("nguồn"),
    "verified": gettext_lazy("đã xác minh"),
    "reference": gettext_lazy("số chứng từ"),
    "as_of": gettext_lazy("tính đến ngày"),
    "evidence": gettext_lazy("minh chứng"),
    "commune": gettext_lazy("xã"),
    "column": gettext_lazy("cột"),
    "role": gettext_lazy("vai trò"),
    "lines": gettext_lazy("các nguồn"),
    "works_carried_over": gettext_lazy("số công trình chuyển tiếp"),
    "works_new": gettext_lazy("số công trình khởi công mới"),
    "works_amount": gettext_lazy("vốn cho công trình"),
    "created": gettext_lazy("tạo mới"),
    "updated": gettext_lazy("cập nhật"),
    "events": gettext_lazy("sự kiện sắp xếp"),
    "links": gettext_lazy("liên kết"),
    "period": gettext_lazy("thời kỳ"),
    "set": gettext_lazy("bộ tiêu chí"),
    "set_code": gettext_lazy("bộ tiêu chí"),
    "events_created": gettext_lazy("sự kiện sắp xếp đã ghi"),
    "links_created": gettext_lazy("liên kết đã ghi"),
    "number": gettext_lazy("số phiên bản"),
    "based_on": gettext_lazy("soạn từ phiên bản"),
    "changed_cells": gettext_lazy("số ô ngưỡng thay đổi"),
}
# Stored codes worded by their labels (roles, funding sources, kinds of unit), as keys or values.
CHOICES = (Role, Source, Kind)
AS_TYPED = {"code", "commune", "reference", "number", "name", "year", "order"}  # codes and names, not numbers
HIDDEN = {"version", "sha256", "id", "pk"}  # bookkeeping no office reads
NUMBERED = {"based_on"}  # a criteria version records the number of the one it starts from, not its id
MAX_SHOWN = 8  # changed fields worded in full; the rest are counted


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, _("thay đổi")))


def object_type_label(object_type: str) -> str:
    """ "công trình" for "finance.work": the model's Vietnamese name."""
    model = _model(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def sentence(record, lang: str = "vi") -> str:
    """The record as one sentence: who, what, on which object, old → new, why."""
    who = str(record.user) if record.user else _("Hệ thống")  # a command wrote: the filter names it
    if record.action in ("value.save", "status.record"):
        what = _indicator_write(record, lang)
    else:
        what = _generic(record, lang)
    text = f"{who} {what}"
    if record.reason:
        text += _(", lý do “%(reason)s”") % {"reason": record.reason}
    return text


def _indicator_write(record, lang: str) -> str:
    """ "sửa chỉ tiêu 2.2 của Xã Bản Bo năm 2024: 80 → 50 %" from the label the write gave
    ("Xã Bản Bo · xa-ntm-2021 · 2.2 · 2024", `ntm.indicators.versions`)."""
    parts = record.object_label.split(" · ")
    if len(parts) == 3 and isinstance(record.new, dict):
        return _several(record, parts, lang)
    if len(parts) != 4:
        return _generic(record, lang)
    unit, set_code, code, year = parts
    is_value = record.action == "value.save"
    key = "value" if is_value else "met"
    old = record.old.get(key) if isinstance(record.old, dict) else None
    new = record.new.get(key) if isinstance(record.new, dict) else None
    shown = _indicator_formatter(set_code, code, lang) if is_value else _met
    params = {"code": code.removeprefix("TC"), "unit": unit, "year": year}
    if is_value:
        head = (
            _("sửa chỉ tiêu %(code)s của %(unit)s năm %(year)s")
            if record.old
            else _("ghi chỉ tiêu %(code)s của %(unit)s năm %(year)s")
        )
    else:
        head = _("ghi nhận tiêu chí %(code)s của %(unit)s năm %(year)s")
    change = f"{shown(old)} → {shown(new)}" if record.old else shown(new)
    return f"{head % params}: {change}"


def _several(record, parts: list[str], lang: str) -> str:
    """Several indicators (or criteria) of one unit and year written at once (the demo, imports)."""
    unit, set_code, year = parts
    if record.action == "value.save":
        shown = "; ".join(
            _("chỉ tiêu %(code)s: %(value)s")
            % {"code": code, "value": _indicator_formatter(set_code, code, lang)(value)}
            for code, value in record.new.items()
            if code not in HIDDEN
        )
        template = _("ghi số liệu của %(unit)s năm %(year)s: %(shown)s")
    else:
        shown = "; ".join(
            _("tiêu chí %(code)s %(met)s") % {"code": code, "met": _met(met)}
            for code, met in record.new.items()
            if code not in HIDDEN
        )
        template = _("ghi nhận kết quả của %(unit)s năm %(year)s: %(shown)s")
    return template % {"unit": unit, "year": year, "shown": shown}


def _indicator_formatter(set_code: str, code: str, lang: str):
    try:
        indicator = catalog().get(set_code).indicator(code)
    except (KeyError, LookupError):
        return lambda value: _plain(value, lang)
    return lambda value: _plain(value, lang) if value == "n/a" else format_value(indicator, value, lang)


def _set_name(code: str, lang: str) -> str | None:
    """A criteria set by its name ("Bộ tiêu chí quốc gia về xã nông thôn mới…"), not its code; a
    version of a set or of a province's rules ("xa-ntm-2026 v2") by the name and the number."""
    try:
        return catalog().get(code).name(lang)
    except KeyError:
        pass
    versioned = re.fullmatch(r"(\S+) v(\d+)", code)
    if versioned and (name := set_name(versioned.group(1))) != versioned.group(1):
        return _("%(name)s, phiên bản %(number)s") % {"name": name, "number": versioned.group(2)}
    return None


def _met(value) -> str:
    if value is None:
        return _("chưa ghi")
    return _("đạt") if value else _("chưa đạt")


def _generic(record, lang: str) -> str:
    """ "sửa công trình “Đường trục xã”: tên …, số tiền 120 → 150" from the stored dictionaries."""
    text = action_label(record.action)
    if record.object_label:
        label = " · ".join(_set_name(part, lang) or part for part in record.object_label.split(" · "))
        text += f" “{label}”"
    model = _model(record.object_type)
    old = record.old if isinstance(record.old, dict) else {}
    new = record.new if isinstance(record.new, dict) else {}
    parts = []
    for key in [k for k in new if k not in HIDDEN] + [k for k in old if k not in new and k not in HIDDEN]:
        name = _field_name(model, key)
        if key in old and key in new:
            if old[key] == new[key]:
                continue
            parts.append(
                f"{name} {_shown(model, key, old[key], lang)} → {_shown(model, key, new[key], lang)}"
            )
        elif key in new:
            parts.append(f"{name} {_shown(model, key, new[key], lang)}")
        else:
            parts.append(_("bỏ %(name)s") % {"name": name})
    if len(parts) > MAX_SHOWN:
        rest = len(parts) - MAX_SHOWN
        parts = [*parts[:MAX_SHOWN], _("và %(n)d mục khác") % {"n": rest}]
    return f"{text}: {'; '.join(parts)}" if parts else text


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type) if "." in object_type else None
    except (LookupError, ValueError):
        return None


def _field(model, key: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _choice(text: str) -> str | None:
    for choices in CHOICES:
        try:
            return str(choices(text).label)
        except ValueError:
            continue
    return None


def _field_name(model, key: str) -> str:
    if key in KEYS:
        return str(KEYS[key])
    if (label := _choice(key)) is not None:
        return label
    field = _field(model, key)
    return str(getattr(field, "verbose_name", "") or key.replace("_", " "))


def _shown(model, key: str, value: Any, lang: str) -> str:
    """A stored value as read: a linked object by name, a choice by its label, numbers and dates
    in the Vietnamese way."""
    field = _field(model, key)
    if key in NUMBERED and isinstance(value, int):
        return str(value)
    if field is not None and field.is_relation and isinstance(value, int) and field.related_model:
        linked = field.related_model._default_manager.filter(pk=value).first()
        if linked is not None:
            return str(linked)
    if field is not None and getattr(field, "choices", None):
        labels = {str(choice): label for choice, label in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if key in AS_TYPED and isinstance(value, str | int):
        return str(value) or "—"
    if key in ("set", "set_code") and isinstance(value, str):
        return _set_name(value, lang) or value
    return _plain(value, lang)


def _plain(value: Any, lang: str) -> str:
    if value is None or value == "" or value == {} or value == []:
        return "—"
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if value == "n/a":
        return _("không áp dụng")
    if isinstance(value, int | float):
        return format_number(value, lang)
    if isinstance(value, list):
        return ", ".join(_plain(item, lang) for item in value[:10]) + ("…" if len(value) > 10 else "")
    if isinstance(value, dict):
        return ", ".join(f"{_field_name(None, k)} {_plain(v, lang)}" for k, v in list(value.items())[:10])
    text = str(value)
    if (label := _choice(text)) is not None:
        return label
    if len(text) == 10 and text[4] == "-":
        try:
            return datetime.date.fromisoformat(text).strftime("%d/%m/%Y")
        except ValueError:
            pass
    try:
        return format_number(float(Decimal(text)), lang, 3) if text.replace(".", "", 1).isdigit() else text
    except (InvalidOperation, ValueError):
        return text
