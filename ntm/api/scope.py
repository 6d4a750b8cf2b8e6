"""Who may see which unit, for the API: single objects out of scope are refused (403), lists are
filtered to the user's units. The rules are those of `ntm.accounts.permissions`."""

from django.db.models import Q
from ninja.errors import HttpError

from ntm.accounts.permissions import assignments, can_view_unit, is_admin
from ntm.indicators.engine import catalog
from ntm.units.models import AdminUnit

FORBIDDEN_UNIT = "Bạn không có quyền xem dữ liệu của đơn vị này."
FORBIDDEN_NATIONAL = "Chỉ quản trị viên và người dùng phạm vi toàn quốc được xem số liệu tổng hợp toàn quốc."


def acting_user(request):
    """The authenticated user, whether it came with a session or a token."""
    return request.auth


def get_unit(pk: int) -> AdminUnit:
    unit = AdminUnit.objects.select_related("parent").filter(pk=pk).first()
    if unit is None:
        raise HttpError(404, "Không tìm thấy đơn vị hành chính này.")
    return unit


def viewable_unit(request, pk: int) -> AdminUnit:
    """The unit if the user may see it; 404 when it does not exist, 403 when it is out of scope."""
    unit = get_unit(pk)
    if not can_view_unit(acting_user(request), unit):
        raise HttpError(403, FORBIDDEN_UNIT)
    return unit


def visible_units(user, qs):
    """`qs` narrowed to the units `user` may see (the same rule as `can_view_unit`, as one query)."""
    if is_admin(user):
        return qs
    condition = Q()
    for assignment in assignments(user):
        if assignment.unit is None:
            return qs
        condition |= Q(path__startswith=assignment.unit.path)
    return qs.filter(condition) if condition else qs.none()


def can_view_national(user) -> bool:
    """Country-wide figures: administrators and users with a role on the whole country."""
    return is_admin(user) or any(a.unit is None for a in assignments(user))


def require_national(request) -> None:
    if not can_view_national(acting_user(request)):
        raise HttpError(403, FORBIDDEN_NATIONAL)


def get_set(code: str):
    try:
        return catalog().get(code)
    except KeyError:
        raise HttpError(404, f"Không có bộ tiêu chí mã “{code}”.") from None
