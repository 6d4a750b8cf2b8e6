"""The one scope decision: which units an actor may read and write, as a test on one unit, as a
filter on any queryset, and as the lookup of a unit id taken from a request.

Every page, API route, import, export, report and selector asks here; the role rules themselves
live in `permissions.py` (one source). The rule, in short:

- A role covers its unit and everything below it (by materialised path); a role with no unit
  covers the whole country. Administrators and the system cover everything.
- National figures (the country as a whole) are read by whoever covers the whole country:
  administrators and national roles (`RoleAssignment.unit` empty), e.g. a national viewer.
- Across the 1 July 2025 reform, for reading only: a role on a pre-reform unit reads its
  successors, a role on a post-reform unit reads its predecessors' history (one lineage link
  deep, `permissions.across_reform`); writing stays within the role's own subtree.
- `above=True` also admits the units *above* the actor's own (a commune reads the plans of its
  district and province, which set its targets). It never widens what is listed *under* such a
  unit: `visible(..., above=True)` adds only the ancestor rows themselves, not their other
  descendants, so `?unit=<province>` on a list shows the actor's subtree, never a sibling's.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ntm.core.params import parse_id

from . import permissions as rules
from .actors import SystemActor
from .models import RoleAssignment


def _system(actor) -> bool:
    return isinstance(actor, SystemActor) or (isinstance(actor, str) and bool(actor))


def is_national(actor) -> bool:
    """May read country-wide figures: the system, administrators and roles on the whole country."""
    return _system(actor) or rules.covers_country(actor)


def may_read(actor, unit, *, above: bool = False) -> bool:
    """May see the data of `unit` (with `above`: also when `unit` lies above the actor's units)."""
    if _system(actor) or rules.can_view_unit(actor, unit):
        return True
    return above and any(
        a.unit is not None and a.unit.path.startswith(unit.path) for a in rules.assignments(actor)
    )


def may_write(actor, unit, criterion=None) -> bool:
    """May enter data of `unit`: of one criterion when given (sector owners), else any of its data."""
    if _system(actor):
        return True
    if criterion is None:
        return rules.can_edit_unit_data(actor, unit)
    return rules.can_edit_criterion(actor, unit, criterion)


def visible(actor, qs: QuerySet, field: str | None = "unit", *, above: bool = False) -> QuerySet:
    """`qs` narrowed to the rows whose unit (`field`, a foreign key to a unit; None when `qs` holds
    units) the actor may read, as one query. With `above`, rows of the ancestors of the actor's
    units too (plans and money set above a commune), never rows of their other descendants."""
    if is_national(actor):
        return qs
    prefix = f"{field}__" if field else ""
    condition = Q(pk__in=[])
    for assignment in rules.assignments(actor):
        if assignment.unit is None:  # a national role: is_national answered above
            continue
        path = assignment.unit.path
        condition |= Q(**{f"{prefix}path__startswith": path})
        if above:
            ancestors = [int(part) for part in path.strip("/").split("/")[:-1]]
            condition |= Q(**{f"{prefix}pk__in": ancestors})
    for path in rules.across_reform(actor):
        condition |= Q(**{f"{prefix}path__startswith": path})
    return qs.filter(condition)


def visible_units(actor, qs: QuerySet | None = None, *, above: bool = False) -> QuerySet:
    """The units the actor may read (optionally within `qs`)."""
    return visible(actor, _unit_model().objects.all() if qs is None else qs, None, above=above)


def _unit_model():
    """The unit model, as the role assignments reference it (units sit above accounts: no import)."""
    return RoleAssignment._meta.get_field("unit").related_model


def _actor(request):
    """The signed-in user of a web request, or the user a token or session authenticated (API)."""
    return getattr(request, "auth", None) or request.user


def unit_for(request, pk, *, write: bool = False, above: bool = False, queryset: QuerySet | None = None):
    """The unit with id `pk` (as typed in a URL or a form) if the request's user may read it (or
    write it, with `write`): Http404 when the id is malformed or unknown, PermissionDenied when
    the unit is out of scope — healthchecks' `_get_check_for_user`."""
    unit_id = parse_id(pk)
    unit = None
    if unit_id is not None:
        qs = queryset if queryset is not None else _unit_model().objects.select_related("parent")
        unit = qs.filter(pk=unit_id).first()
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị hành chính này."))
    actor = _actor(request)
    allowed = may_write(actor, unit) if write else may_read(actor, unit, above=above)
    if not allowed:
        raise PermissionDenied(_("Bạn không có quyền xem hoặc sửa dữ liệu của đơn vị này."))
    return unit


def unit_param(request, name: str = "unit", *, above: bool = False):
    """The unit named by `?name=` (or the posted field), checked as `unit_for`; None when absent."""
    raw = request.GET.get(name) or request.POST.get(name)
    if not raw:
        return None
    return unit_for(request, raw, above=above)


def page_unit(request, name: str = "unit", *, above: bool = False):
    """The unit a page is about: `?unit=`, else the user's home unit; None (everything) only for
    national actors; others without any unit are refused."""
    unit = unit_param(request, name, above=above) or rules.home_unit(request.user)
    if unit is None and not is_national(request.user):
        raise PermissionDenied
    return unit
