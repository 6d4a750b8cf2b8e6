"""Who receives a notice, read from the role model (`ntm.accounts`): the office of a unit is the
people holding one of the given roles on the nearest unit, from the unit itself up its ancestors,
that has any. Roles on the whole country (administrators) are never a unit's office: they would
receive every event of the country."""

from ntm.accounts.models import Role, RoleAssignment

OWN_OFFICE = (Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICE, Role.PROVINCE_OFFICE)
OFFICES_ABOVE = (Role.DISTRICT_OFFICE, Role.PROVINCE_OFFICE)


def _path_ids(unit) -> list[int]:
    """The unit's ancestors and itself, from the top, read from its materialised path (/12/340/9001/)."""
    return [int(part) for part in unit.path.strip("/").split("/") if part.isdigit()]


def office(unit, roles=OWN_OFFICE, *, nearest: bool = True) -> list:
    """The active users holding one of `roles` on `unit`, or (with `nearest`) on its nearest
    ancestor where someone holds one."""
    ids = _path_ids(unit) if nearest else [unit.pk]
    rows = RoleAssignment.objects.filter(role__in=roles, unit_id__in=ids, user__is_active=True)
    by_unit: dict[int | None, list] = {}
    for assignment in rows.select_related("user").order_by("user__username"):
        people = by_unit.setdefault(assignment.unit_id, [])
        if assignment.user not in people:
            people.append(assignment.user)
    for unit_id in reversed(ids):
        if by_unit.get(unit_id):
            return by_unit[unit_id]
    return []


def own_office(unit) -> list:
    """The unit's own office: the people whose role is on that very unit."""
    return office(unit, OWN_OFFICE, nearest=False)


def office_above(unit) -> list:
    """The district or province office whose role is nearest above-or-on `unit` (the level a
    report goes to, or the level that appraises a dossier)."""
    return office(unit, OFFICES_ABOVE)


def province_office(unit) -> list:
    return office(unit, (Role.PROVINCE_OFFICE,))
