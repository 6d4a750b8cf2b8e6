"""Who may see and change plans, funding, works, contributions and activities.

Everyone whose scope covers the unit can read; a commune officer or viewer below a district can also
read that district's (and province's) plans, which set the commune's own targets. District and
province offices in scope, and administrators, write.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from ntm.accounts.models import Role
from ntm.accounts.permissions import assignments, can_view_unit, covers, home_unit, is_admin
from ntm.units.models import AdminUnit

PLAN_EDITOR_ROLES = {Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE}


def can_edit_plans(user, unit) -> bool:
    """Create and change plans, targets, actuals, funding, works and contributions of `unit`."""
    return is_admin(user) or any(a.role in PLAN_EDITOR_ROLES and covers(a, unit) for a in assignments(user))


def can_view_plans(user, unit) -> bool:
    """Read the plans and money of `unit`: in scope, or `unit` is above the user's own units."""
    if can_view_unit(user, unit):
        return True
    return any(a.unit is not None and a.unit.path.startswith(unit.path) for a in assignments(user))


def visible_units_q(user, field: str = "unit") -> Q | None:
    """A filter on `field` (a unit foreign key) selecting what `user` may read; None = everything."""
    if is_admin(user):
        return None
    query = Q(pk__in=[])
    for a in assignments(user):
        if a.unit is None:
            return None
        ancestors = [int(part) for part in a.unit.path.strip("/").split("/")]
        query |= Q(**{f"{field}__path__startswith": a.unit.path}) | Q(**{f"{field}__pk__in": ancestors})
    return query


def editable_units(user):
    """Units where `user` holds an editing role (None for administrators: every unit)."""
    if is_admin(user):
        return None
    return [a.unit for a in assignments(user) if a.role in PLAN_EDITOR_ROLES and a.unit is not None]


def unit_param(request, name: str = "unit") -> AdminUnit | None:
    """The unit named by ?unit= (or a posted field), when the user may read its plans; 404/403 else."""
    pk = request.GET.get(name) or request.POST.get(name)
    if not pk:
        return None
    unit = get_object_or_404(AdminUnit, pk=pk)
    if not can_view_plans(request.user, unit):
        raise PermissionDenied
    return unit


def scope_unit(request) -> AdminUnit | None:
    """The unit a page is about: ?unit=, else the user's home unit (administrators: None = all)."""
    unit = unit_param(request) or home_unit(request.user)
    if unit is None and not is_admin(request.user):
        raise PermissionDenied
    return unit
