"""The role rules: "this role, on this unit or one of its ancestors" — and, for reading only,
across the 1 July 2025 reform: a role on a pre-reform unit reads the units its area went to, a role
on a post-reform unit reads the history of the units it was formed from (`across_reform`).

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
    """Read a unit: in a role's subtree, or in the subtree of a unit across the reform from it."""
    return (
        is_admin(user)
        or any(covers(a, unit) for a in assignments(user))
        or any(unit.path.startswith(path) for path in across_reform(user))
    )


def across_reform(user) -> list[str]:
    """Paths of the units a user reads (never writes) through the lineage of the 2025 reform: the
    successors of the units a pre-reform role covers (a district office reads the new communes its
    communes merged into) and the predecessors of those a post-reform role covers (a new commune
    reads the old communes it was formed from). One link deep: never a predecessor's neighbours,
    nor the units above a predecessor or successor. Cached on the user object for the request."""
    cached = getattr(user, "_ntm_across_reform", None)
    if cached is not None:
        return cached
    units = _unit_manager()
    paths: set[str] = set()
    for assignment in assignments(user):
        if assignment.unit is None:
            continue
        under = assignment.unit.path
        paths.update(
            units.filter(predecessor_links__predecessor__path__startswith=under).values_list(
                "path", flat=True
            )
        )
        paths.update(
            units.filter(successor_links__successor__path__startswith=under).values_list("path", flat=True)
        )
    kept = [a.unit.path for a in assignments(user) if a.unit is not None]  # read already
    own = len(kept)
    for path in sorted(paths, key=len):  # a unit inside an already kept subtree adds nothing
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    user._ntm_across_reform = kept[own:]
    return kept[own:]


def home_unit(user):
    """The unit a user's pages open on: the widest unit among their assignments, today's era first."""
    import datetime

    today = datetime.date.today()
    scoped = [a.unit for a in assignments(user) if a.unit is not None]
    return min(scoped, key=lambda u: (not u.in_force_on(today), u.level, u.pk)) if scoped else None


def _unit_manager():
    """The units' manager, as the role assignments reference it (units sit above accounts)."""
    return RoleAssignment._meta.get_field("unit").related_model._default_manager


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


def can_edit_villages(user, commune) -> bool:
    """Add or rename a commune's villages: the province office and the commune's own officer in scope
    (the district level is being dissolved and keeps no village list), or admins."""
    return is_admin(user) or any(
        a.role in (Role.PROVINCE_OFFICE, Role.COMMUNE_OFFICER) and covers(a, commune)
        for a in assignments(user)
    )


def can_classify(user, unit) -> bool:
    """ĐBKK/ATK flags and commune groups: province office in scope; a province's region: administrators."""
    if is_admin(user):
        return True
    return unit.level != 1 and any(
        a.role == Role.PROVINCE_OFFICE and covers(a, unit) for a in assignments(user)
    )


def can_edit_criteria(user, provinces) -> bool:
    """Criteria documents: administrators edit every one (national sets); a province office edits
    those of its province (`provinces`: the province units a document belongs to, pre- and
    post-reform; empty for a national set)."""
    return is_admin(user) or any(
        a.role == Role.PROVINCE_OFFICE and covers(a, province)
        for province in provinces
        for a in assignments(user)
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
