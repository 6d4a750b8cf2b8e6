"""Who may see and change plans, funding, works, contributions and activities.

Everyone whose scope covers the unit can read; a commune officer or viewer below a district can also
read that district's (and province's) plans, which set the commune's own targets. District and
province offices in scope, and administrators, write.
"""

from django.db.models import Q

from ntm.accounts.models import Role
from ntm.accounts.permissions import assignments, can_view_unit, covers, is_admin

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
