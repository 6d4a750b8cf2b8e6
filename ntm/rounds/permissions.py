"""Who may do what with a round (reading is `ntm.accounts.scope.may_read` on the round's unit):

- submit: the unit's own office — an office or commune officer whose role is on that very unit
  (not an office above it: the level above reviews, it does not report for its communes);
- return and approve (and reopen an approved round): the level above — an office whose role covers
  the unit the round goes to (`calendar.reports_to`); a province's own rounds go to the central
  level: administrators;
- announce rounds for the units under a province: that province's office;
- administrators may do everything. Viewers and sector owners only read.
"""

from ntm.accounts.models import Role
from ntm.accounts.permissions import assignments, covers, is_admin

from .calendar import reports_to

SUBMIT_ROLES = {Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE, Role.COMMUNE_OFFICER}
REVIEW_ROLES = {Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE}


def may_submit(user, unit) -> bool:
    return is_admin(user) or any(a.role in SUBMIT_ROLES and a.unit_id == unit.pk for a in assignments(user))


def may_review(user, unit) -> bool:
    if is_admin(user):
        return True
    target = reports_to(unit)
    if target is None:
        return False
    return any(a.role in REVIEW_ROLES and a.unit is not None and covers(a, target) for a in assignments(user))


def may_announce(user, unit) -> bool:
    return is_admin(user) or any(
        a.role == Role.PROVINCE_OFFICE and covers(a, unit) for a in assignments(user)
    )
