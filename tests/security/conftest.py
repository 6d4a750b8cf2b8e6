"""Users of every role and, for each, a unit inside and a unit outside their scope.

The sector owner is made here, not by the demo: a Giao thông vận tải (transport) department user
scoped to Lai Châu, who may enter criterion 2 (Giao thông) but not criterion 1 (Quy hoạch)."""

import copy

import pytest
from django.db import transaction
from django.test import Client
from route_secrets import plant

from ntm.accounts.models import Role, RoleAssignment, User
from ntm.units.models import AdminUnit, Kind, Level

SECTOR_OWNER = "so.gtvt.laichau"
TRANSPORT_SECTOR = "Giao thông vận tải"

# role -> demo username; the sector owner comes from the fixture below
ROLE_USERS = {
    "anonymous": None,
    "admin": "quantri",
    "province_office": "tinh.laichau",
    "district_office": "huyen.tamduong",
    "commune_officer": "xa.banbo",
    "sector_owner": SECTOR_OWNER,
    "viewer": "xem.laichau",
}


def legacy(level: int, code: str) -> AdminUnit:
    return AdminUnit.objects.get(level=level, code=code, valid_from__isnull=True)


def _first_commune(**filters) -> AdminUnit:
    qs = AdminUnit.objects.filter(kind=Kind.COMMUNE, valid_from__isnull=True, **filters)
    return qs.order_by("code").first()


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """Rows made once for a whole test file (the route walk's thousands of tests share them): made
    inside a transaction rolled back after the file's last test. Each test still runs in a
    transaction of its own within it (a savepoint), so no test sees another's writes."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def sector_owner(module_transaction, django_db_blocker) -> User:
    with django_db_blocker.unblock():
        return _make_sector_owner()


def _make_sector_owner() -> User:
    user = User.objects.create(username=SECTOR_OWNER, full_name="Sở Giao thông vận tải Lai Châu (kiểm thử)")
    user.set_unusable_password()
    user.save()
    for province in AdminUnit.objects.filter(level=Level.PROVINCE, code="12"):  # both eras
        RoleAssignment.objects.create(
            user=user, role=Role.SECTOR_OWNER, unit=province, sector=TRANSPORT_SECTOR
        )
    return user


@pytest.fixture(scope="module")
def module_scope_units(sector_owner, django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return _scope_units()


@pytest.fixture(scope="module")
def planted_secrets(module_scope_units, django_db_blocker) -> None:
    """The rows of route_secrets.plant in the units no role below them may see, once per file."""
    with django_db_blocker.unblock():
        plant(module_scope_units["secrets"])


@pytest.fixture
def scope_units(module_scope_units, db) -> dict:
    """The samples below, made once per test file; each test gets its own copy of the instances
    (as Django's setUpTestData does), so one that changes a unit in memory cannot affect the next."""
    return copy.deepcopy(module_scope_units)


def _scope_units() -> dict:
    """Samples for the route × role test, pre-reform units (the Tam Đường office's role is on the
    pre-reform district):
    "unit":   role -> {"in": a commune the role covers, "out": one it does not};
    "parent": role -> {"in": the unit the role reports on, "out": a unit of the same level outside};
    "users":  role -> the signed-in user (None for anonymous)."""
    ban_bo = legacy(Level.COMMUNE, "03424")
    tam_duong = ban_bo.parent
    neighbour = (
        AdminUnit.objects.filter(parent=tam_duong, kind=Kind.COMMUNE)
        .exclude(pk=ban_bo.pk)
        .order_by("code")
        .first()
    )
    sin_ho = legacy(Level.DISTRICT, "108")
    ha_noi = legacy(Level.PROVINCE, "01")
    ha_noi_district = (
        AdminUnit.objects.filter(parent=ha_noi, kind=Kind.DISTRICT, valid_from__isnull=True)
        .order_by("code")
        .first()
    )
    commune_out = {
        "admin": _first_commune(parent=sin_ho),
        "district_office": _first_commune(parent=sin_ho),
        "commune_officer": neighbour,
    }
    parent_out = {"admin": sin_ho, "district_office": sin_ho, "commune_officer": neighbour}
    other_province_commune = _first_commune(path__startswith=ha_noi.path)
    lai_chau = tam_duong.parent
    province_roles = ("province_office", "sector_owner", "viewer")
    return {
        # beyond the role's own unit: the unit above it (None at the top) and one beside it
        "ancestor": {
            "admin": None,
            "anonymous": None,
            "commune_officer": tam_duong,
            "district_office": lai_chau,
            **{role: None for role in province_roles},
        },
        "sibling": {
            "admin": None,
            "anonymous": None,
            "commune_officer": neighbour,
            "district_office": sin_ho,
            **{role: ha_noi for role in province_roles},
        },
        # across the reform (read, never written): the new commune the district's Bản Bo merged
        # into, for the one demo role on a single era (the others hold both eras' units)
        "across": {role: None for role in ROLE_USERS}
        | {
            "district_office": AdminUnit.objects.get(
                level=Level.COMMUNE, code="03424", valid_from__isnull=False
            )
        },
        # units holding rows no role below them may see: role -> the tags it must never be shown
        "secrets": {
            "neighbour": neighbour,
            "sinho": commune_out["district_office"],
            "hanoi": other_province_commune,
        },
        "unit": {
            role: {"in": ban_bo, "out": commune_out.get(role, other_province_commune)} for role in ROLE_USERS
        },
        "parent": {
            role: {
                "in": ban_bo if role == "commune_officer" else tam_duong,
                "out": parent_out.get(role, ha_noi_district),
            }
            for role in ROLE_USERS
        },
        "users": {
            role: User.objects.get(username=name) if name else None for role, name in ROLE_USERS.items()
        },
    }


@pytest.fixture
def client_for(sector_owner):
    """A test client signed in (session) as the user of `role`; anonymous for "anonymous"."""

    def _client(role: str, **kwargs) -> Client:
        client = Client(**kwargs)
        username = ROLE_USERS[role]
        if username is not None:
            client.force_login(User.objects.get(username=username))
        return client

    return _client
