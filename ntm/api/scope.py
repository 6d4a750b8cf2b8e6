"""The API's face of `ntm.accounts.scope`: the acting user, units by id (404 unknown or malformed,
403 out of scope, as JSON) and sets by code. No rule is decided here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja.errors import HttpError

from ntm.accounts import scope
from ntm.indicators.engine import catalog
from ntm.units.models import AdminUnit

FORBIDDEN_UNIT = "Bạn không có quyền xem dữ liệu của đơn vị này."
FORBIDDEN_NATIONAL = "Chỉ quản trị viên và người dùng phạm vi toàn quốc được xem số liệu tổng hợp toàn quốc."


def acting_user(request):
    """The authenticated user, whether it came with a session or a token."""
    return request.auth


def viewable_unit(request, pk: int) -> AdminUnit:
    """The unit if the user may see it; 404 when it does not exist, 403 when it is out of scope."""
    try:
        return scope.unit_for(request, pk)
    except Http404:
        raise HttpError(404, "Không tìm thấy đơn vị hành chính này.") from None
    except PermissionDenied:
        raise HttpError(403, FORBIDDEN_UNIT) from None


def require_national(request) -> None:
    if not scope.is_national(acting_user(request)):
        raise HttpError(403, FORBIDDEN_NATIONAL)


def get_set(code: str):
    try:
        return catalog().get(code)
    except KeyError:
        raise HttpError(404, f"Không có bộ tiêu chí mã “{code}”.") from None
