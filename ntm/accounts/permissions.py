"""The role rules: "this role, on this unit or one of its ancestors".

The one source of who may do what; `scope.py` builds the checks every page, route and selector
uses (single units, querysets, ids from requests) on these functions.
"""

from ntm.core.names import fold

from .models import Role, RoleAssignment


def assignments(user) -> list[RoleAssignment]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_ntm_assignments", None)
    if cached is None:
        cached = list(user.roles.select_related("unit"))
        user._ntm_assignments = cached
    return cached


def is_admin(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or any(a.role == Role.ADMIN for a in assignments(user))
    )


def covers(assignment: RoleAssignment, unit) -> bool:
    """True when `unit` is the assignment's unit or lies below it (by materialised path)."""
    return assignment.unit is None or unit.path.startswith(assignment.unit.path)


def covers_country(user) -> bool:
    """Administrators and roles on the whole country (no unit): they may read national figures."""
    return is_admin(user) or any(a.unit is None for a in assignments(user))


def can_view_unit(user, unit) -> bool:
    return is_admin(user) or any(covers(a, unit) for a in assignments(user))


def home_unit(user):
    """The unit a user's pages open on: the widest unit among their assignments, today's era first."""
    import datetime

    today = datetime.date.today()
    scoped = [a.unit for a in assignments(user) if a.unit is not None]
    return min(scoped, key=lambda u: (not u.in_force_on(today), u.level, u.pk)) if scoped else None


EDITOR_ROLES = {Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE, Role.COMMUNE_OFFICER}


def can_edit_unit_data(user, unit) -> bool:
    """Enter values or statuses for any criterion of `unit` (offices and commune officers in scope)."""
    return is_admin(user) or any(a.role in EDITOR_ROLES and covers(a, unit) for a in assignments(user))


def can_edit_criterion(user, unit, criterion) -> bool:
    """As `can_edit_unit_data`, or a sector owner in scope whose sector owns the criterion.

    Fails closed: an assignment with a blank sector, or a criterion none of whose indicators names
    a sector, grants nothing to a sector owner."""
    if can_edit_unit_data(user, unit):
        return True
    sectors = {fold(getattr(ind, "sector", "") or "") for ind in criterion.indicators} - {""}
    return any(
        a.role == Role.SECTOR_OWNER and covers(a, unit) and fold(a.sector or "") in sectors
        for a in assignments(user)
    )


def can_import(user) -> bool:
    """Whether the user may import at all: administrators, offices, commune officers, sector owners."""
    return is_admin(user) or any(
        a.role in EDITOR_ROLES or a.role == Role.SECTOR_OWNER for a in assignments(user)
    )


def can_record_decision(user, unit) -> bool:
    """Recognition and revocation are decided at province level: the province office in scope, or admins."""
    return is_admin(user) or any(
        a.role == Role.PROVINCE_OFFICE and covers(a, unit) for a in assignments(user)
    )


def can_classify(user, unit) -> bool:
    """ĐBKK/ATK flags and commune groups: province office in scope; a province's region: administrators."""
    if is_admin(user):
        return True
    return unit.level != 1 and any(
        a.role == Role.PROVINCE_OFFICE and covers(a, unit) for a in assignments(user)
    )


# Recognition dossiers: who moves a step, by the actor the procedure names for it
# (ntm.recognition.models.ProcedureStep.Actor). The unit's own office works the unit's steps and
# records the Fatherland Front's; the level above appraises, records the council and the decision.
OWN_OFFICE_ACTORS = {"commune", "front"}
DISTRICT_ACTORS = {Role.DISTRICT_OFFICE, Role.PROVINCE_OFFICE}


def can_act_on_step(user, unit, actor: str) -> bool:
    if actor in OWN_OFFICE_ACTORS:
        return can_edit_unit_data(user, unit)
    if actor == "district":
        return is_admin(user) or any(a.role in DISTRICT_ACTORS and covers(a, unit) for a in assignments(user))
    return can_record_decision(user, unit)  # province, sectors (closing the appraisal), council, chairman


def can_sign_off(user, unit, sectors: set[str]) -> bool:
    """Appraise a criterion: the sector owner in scope whose sector owns it, or the province office
    coordinating the appraisal (administrators too)."""
    if can_record_decision(user, unit):
        return True
    owned = {fold(s) for s in sectors} - {""}
    return any(
        a.role == Role.SECTOR_OWNER and covers(a, unit) and fold(a.sector or "") in owned
        for a in assignments(user)
    )
