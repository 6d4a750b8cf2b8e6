"""Access policies of the route × role test: (role, scope) -> the expected outcome. The scope is
"in" (a unit the role covers), "out" (one it does not), "ancestor" (the unit above the role's own:
covered only by the plan rule, which lets a commune read its district's plans), "sibling" (the
unit beside the role's own: never covered) or "across" (a unit across the 2025 reform from the
role's own — the new commune a district's commune merged into: read, never written)."""

from route_walker import FORBIDDEN, NOT_SIGNED_IN, OK

SET, YEAR = "xa-ntm-2021", 2024
ROLES = (
    "anonymous",
    "admin",
    "province_office",
    "district_office",
    "commune_officer",
    "sector_owner",
    "viewer",
)
EDITOR_ROLES = {"admin", "province_office", "district_office", "commune_officer"}
SECTOR_OWNER_CRITERIA = {"2"}  # Giao thông, owned by the fixture's sector Giao thông vận tải
UNIT = object()  # placeholder in queries for the unit under test


def public(role, scope):
    return OK


def signed_in(role, scope):
    return NOT_SIGNED_IN if role == "anonymous" else OK


def staff_only(role, scope):
    return OK if role == "admin" else NOT_SIGNED_IN


def staff_but_disabled(role, scope):
    return FORBIDDEN if role == "admin" else NOT_SIGNED_IN


def admin_only(role, scope):
    if role == "anonymous":
        return NOT_SIGNED_IN
    return OK if role == "admin" else FORBIDDEN


national = admin_only


def view_unit(role, scope):
    if role == "anonymous":
        return NOT_SIGNED_IN
    return OK if role == "admin" or scope in ("in", "across") else FORBIDDEN


def view_unit_above_commune(role, scope):
    """A page of a district or province (dashboards): the commune officer's only units are communes."""
    return FORBIDDEN if role == "commune_officer" else view_unit(role, scope)


def edit(criterion: str):
    def policy(role, scope):
        if role == "anonymous":
            return NOT_SIGNED_IN
        if role == "admin":
            return OK
        if scope != "in":
            return FORBIDDEN
        if role in EDITOR_ROLES or (role == "sector_owner" and criterion in SECTOR_OWNER_CRITERIA):
            return OK
        return FORBIDDEN

    policy.__name__ = f"edit(criterion {criterion})"
    return policy


edit_any = edit(min(SECTOR_OWNER_CRITERIA))


def unit_data_editor(role, scope):
    """`can_edit_unit_data`: administrators, offices and the commune officer in scope; not sector owners."""
    return edit("not a sector's criterion")(role, scope)


def province_office(role, scope):
    if role == "anonymous":
        return NOT_SIGNED_IN
    return OK if role == "admin" or (role == "province_office" and scope == "in") else FORBIDDEN


def village_editor(role, scope):
    """`can_edit_villages`: administrators, the province office and the commune officer in scope."""
    if role == "anonymous":
        return NOT_SIGNED_IN
    if role == "admin":
        return OK
    return OK if role in ("province_office", "commune_officer") and scope == "in" else FORBIDDEN


def importer(role, scope):
    if role == "anonymous":
        return NOT_SIGNED_IN
    return FORBIDDEN if role == "viewer" or (scope != "in" and role != "admin") else OK


def job_owner(role, scope):
    """ "in" = the role's own job, else someone else's (administrators may look at every job)."""
    return view_unit(role, "in" if scope == "in" else "out")


def job_confirm(role, scope):
    if role == "anonymous":
        return NOT_SIGNED_IN
    return OK if scope == "in" and role != "viewer" else FORBIDDEN


def job_action(role, scope):
    if role == "anonymous":
        return NOT_SIGNED_IN
    return OK if scope == "in" else FORBIDDEN


PLAN_EDITOR_ROLES = {"admin", "province_office", "district_office"}
REPORT_REQUESTER_ROLES = {"admin", "province_office", "district_office", "commune_officer"}


def view_plans(role, scope):
    """`may_read(..., above=True)` on a commune's plan, budget or work: in scope, an administrator,
    or a unit above the role's own (the plans that set its targets; lists under it show only the
    role's own rows, which the walk's planted rows check)."""
    if scope == "ancestor" and role != "anonymous":
        return OK
    return view_unit(role, scope)


def view_district_plans(role, scope):
    """`may_read(..., above=True)` on the plan of the sample commune's district: also whoever is
    below it — the commune officer reads its own district's plan, which is also its neighbour's ("out")."""
    return OK if role == "commune_officer" else view_unit(role, scope)


def plan_editor(role, scope):
    """`can_edit_plans`: administrators, and the district and province offices in scope."""
    if role == "anonymous":
        return NOT_SIGNED_IN
    if role == "admin":
        return OK
    return OK if scope == "in" and role in PLAN_EDITOR_ROLES else FORBIDDEN


def report_requester(role, scope):
    """`can_request_reports`: administrators, province, district and commune offices in scope;
    viewers and sector owners download but never start a job."""
    if role == "anonymous":
        return NOT_SIGNED_IN
    if role == "admin":
        return OK
    return OK if scope == "in" and role in REPORT_REQUESTER_ROLES else FORBIDDEN


def round_submitter(role, scope):
    """`rounds.permissions.may_submit`: the unit's own office (the commune officer on its commune);
    the offices above review, they do not report for the commune."""
    if role == "anonymous":
        return NOT_SIGNED_IN
    return OK if role == "admin" or (role == "commune_officer" and scope == "in") else FORBIDDEN


def round_reviewer(role, scope):
    """`rounds.permissions.may_review`: the level above the unit — the district and province
    offices whose scope covers the unit the commune reports to; never the commune itself."""
    if role == "anonymous":
        return NOT_SIGNED_IN
    if role == "admin":
        return OK
    return OK if scope == "in" and role in {"province_office", "district_office"} else FORBIDDEN


def signs_off(role, scope):
    """A sector's appraisal of criterion 2 of a dossier: administrators, the province office and the
    transport sector owner in scope."""
    if role == "anonymous":
        return NOT_SIGNED_IN
    if role == "admin":
        return OK
    return OK if scope == "in" and role in {"province_office", "sector_owner"} else FORBIDDEN
