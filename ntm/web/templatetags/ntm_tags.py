"""Template helpers for bilingual catalog data and Vietnamese number formatting."""

from django import template
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ntm.core.model import GENERAL
from ntm.core.status import label
from ntm.core.values import format_number
from ntm.indicators import engine

register = template.Library()


def _lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


@register.filter
def loc(item, field: str = "name"):
    """`{{ criterion|loc:"name" }}` → name_vi or name_en, by the page's language (dicts or objects)."""
    key = f"{field}_{_lang()}"
    if isinstance(item, dict):
        return item.get(key) or item.get(f"{field}_vi", "")
    return getattr(item, key, None) or getattr(item, f"{field}_vi", "")


@register.filter
def set_name(code) -> str:
    """`{{ code|set_name }}`: a criteria set or document by its name, never its code
    (`engine.set_name`)."""
    return engine.set_name(str(code))


@register.filter
def num(value, digits: int = 2):
    """1234.5 → 1.234,5 (vi) / 1,234.5 (en); None → —."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return value
    try:
        return format_number(float(value), _lang(), int(digits))
    except (TypeError, ValueError):
        return value


@register.filter
def threshold(value):
    """A threshold as the decision writes it: "có"/"không" for a yes-or-no one, else the number."""
    if isinstance(value, bool):
        return _("có") if value else _("không")
    return num(value)


@register.filter
def direction(sign: str) -> str:
    """ ">=" → "≥": the comparison as printed in the decisions."""
    return {">=": "≥", "<=": "≤"}.get(sign, sign)


@register.filter
def column_name(key: str, dimension: str = "") -> str:
    """A threshold column as the decision heads it: "Chung", "Nhóm 2", or the region ("TDMNPB")."""
    if key == GENERAL:
        return _("Chung")
    if dimension == "commune_group":
        return _("Nhóm %(group)s") % {"group": key}
    return key


@register.filter
def css_id(code) -> str:
    """An indicator or criterion code as an element id fragment ("2.1" → "2-1")."""
    return str(code).replace(".", "-")


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def status_label(status: str, provisional: bool = False) -> str:
    """ "Đạt", "Chưa đạt", …; with `provisional`, "Đạt (tạm tính)": the one way every page says a
    verdict resting on a threshold not confirmed against its decision (`core.status.label`)."""
    return capfirst(label(status, _lang(), bool(provisional)))


@register.inclusion_tag("web/_provisional_legend.html")
def provisional_legend(shown: bool = True) -> dict:
    """The legend of "tạm tính", shown under a page, table or report that uses the word."""
    return {"shown": shown}
