"""Who may change plans, funding, works, contributions and activities.

Reading is `ntm.accounts.scope.may_read(user, unit, above=True)` and `visible(..., above=True)`:
everyone whose scope covers the unit, and a commune officer or viewer below a district also reads
that district's (and province's) plans, which set the commune's own targets — but never the rows of
the district's other communes. District and province offices in scope, and administrators, write.
"""

from ntm.accounts.models import Role
from ntm.accounts.permissions import assignments, covers, is_admin

PLAN_EDITOR_ROLES = {Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE}


def can_edit_plans(user, unit) -> bool:
    """Create and change plans, targets, actuals, funding, works and contributions of `unit`."""
    return is_admin(user) or any(a.role in PLAN_EDITOR_ROLES and covers(a, unit) for a in assignments(user))


def editable_units(user):
    """Units where `user` holds an editing role (None for administrators: every unit)."""
    if is_admin(user):
        return None
    return [a.unit for a in assignments(user) if a.role in PLAN_EDITOR_ROLES and a.unit is not None]
