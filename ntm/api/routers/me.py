"""Who the caller is: lets a machine client check its token and the scope it acts in."""

from ninja import Router, Schema

from ntm.accounts.permissions import assignments, is_admin

from ..scope import acting_user
from .units import UnitRef

router = Router(tags=["Tài khoản"])


class RoleOut(Schema):
    role: str
    role_label: str
    unit: UnitRef | None
    sector: str


class MeOut(Schema):
    username: str
    full_name: str
    is_admin: bool
    roles: list[RoleOut]


@router.get("", response=MeOut, url_name="me", summary="Người dùng hiện tại và phạm vi")
def me(request):
    user = acting_user(request)
    return {
        "username": user.get_username(),
        "full_name": user.full_name,
        "is_admin": is_admin(user),
        "roles": [
            {"role": a.role, "role_label": str(a.get_role_display()), "unit": a.unit, "sector": a.sector}
            for a in assignments(user)
        ],
    }
