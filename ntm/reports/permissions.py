"""Who may request reports. Reading is `ntm.accounts.scope`:

- A plan's documents (DOCX/PDF/XLSX): whoever may read the plan (`may_read(..., above=True)`: in
  scope, or a unit below it — a commune officer reads the district plan that sets its targets).
- A unit's progress report, and a finished job's file: whoever's scope covers the unit
  (`may_read`); others get 403. Viewers and sector owners can download.
- Requesting a background job (it costs server time): administrators and the province, district and
  commune offices whose scope covers the unit. Viewers and sector owners may not request.
"""

from ntm.accounts.models import Role
from ntm.accounts.permissions import assignments, covers, is_admin

REQUEST_ROLES = {Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE, Role.COMMUNE_OFFICER}


def can_request_reports(user, unit) -> bool:
    return is_admin(user) or any(a.role in REQUEST_ROLES and covers(a, unit) for a in assignments(user))


def may_request_any(user) -> bool:
    return is_admin(user) or any(a.role in REQUEST_ROLES for a in assignments(user))
