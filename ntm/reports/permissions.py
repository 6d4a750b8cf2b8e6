"""Who may download and request reports.

- A plan's documents (DOCX/PDF/XLSX): whoever may read the plan (`can_view_plans`: in scope, or a
  unit below it — a commune officer reads the district plan that sets the commune's targets).
- A unit's progress report, and a finished job's file: whoever's scope covers the unit
  (`can_view_unit`); others get 403. Viewers and sector owners can download.
- Requesting a background job (it costs server time): administrators and the province, district and
  commune offices whose scope covers the unit. Viewers and sector owners may not request.
"""

from ntm.accounts.models import Role
from ntm.accounts.permissions import assignments, can_view_unit, covers, is_admin
from ntm.planning.permissions import can_view_plans

REQUEST_ROLES = {Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE, Role.COMMUNE_OFFICER}


def can_download_plan(user, plan) -> bool:
    return can_view_plans(user, plan.unit)


def can_view_reports(user, unit) -> bool:
    return can_view_unit(user, unit)


def can_request_reports(user, unit) -> bool:
    return is_admin(user) or any(a.role in REQUEST_ROLES and covers(a, unit) for a in assignments(user))


def may_request_any(user) -> bool:
    return is_admin(user) or any(a.role in REQUEST_ROLES for a in assignments(user))
