"""Demo users, one per role, on Lai Châu's real units. Their passwords are public by design."""

from dataclasses import dataclass

from ntm.accounts.models import Role, RoleAssignment, User
from ntm.audit import services as audit
from ntm.units.models import AdminUnit, Level


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    full_name: str
    role: str
    # (level, code) of each unit in scope; both eras where the unit exists in both
    scope: tuple[tuple[int, str, bool], ...]  # (level, code, current_era)


LAI_CHAU = "12"
TAM_DUONG = "106"
BAN_BO = "03424"

# The order of the start log: the offices of today's two-tier government first (province and
# post-reform commune), then the viewer and the administrator; the district office last, kept
# for the 2011–2025 history (districts ended on 30/6/2025).
DEMO_USERS = (
    DemoUser(
        "tinh.laichau",
        "Demo@LaiChau2024",
        "VP Điều phối NTM tỉnh Lai Châu (mẫu)",
        Role.PROVINCE_OFFICE,
        ((Level.PROVINCE, LAI_CHAU, False), (Level.PROVINCE, LAI_CHAU, True)),
    ),
    DemoUser(
        "xa.banbo",
        "Demo@BanBo2024",
        "Cán bộ xã Bản Bo (mẫu)",
        Role.COMMUNE_OFFICER,
        ((Level.COMMUNE, BAN_BO, False), (Level.COMMUNE, BAN_BO, True)),
    ),
    DemoUser(
        "xem.laichau",
        "Demo@XemLaiChau2024",
        "Người xem tỉnh Lai Châu (mẫu)",
        Role.VIEWER,
        ((Level.PROVINCE, LAI_CHAU, False), (Level.PROVINCE, LAI_CHAU, True)),
    ),
    DemoUser("quantri", "Demo@QuanTri2024", "Quản trị hệ thống (mẫu)", Role.ADMIN, ()),
    DemoUser(
        "huyen.tamduong",
        "Demo@TamDuong2024",
        "Phòng NN&PTNT huyện Tam Đường (mẫu) — trước 01/7/2025, số liệu lịch sử",
        Role.DISTRICT_OFFICE,
        ((Level.DISTRICT, TAM_DUONG, False),),
    ),
)


def _unit(level: int, code: str | None, current: bool | None) -> AdminUnit:
    qs = AdminUnit.objects.filter(level=level, code=code)
    return qs.get(valid_from__isnull=False) if current else qs.get(valid_from__isnull=True)


def load_demo_users(actor) -> list[DemoUser]:
    """Create the demo users (idempotent; a demo password that was changed is reset)."""
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username, defaults={"full_name": spec.full_name, "is_demo": True}
        )
        if created or not user.check_password(spec.password) or user.full_name != spec.full_name:
            user.set_password(spec.password)
            user.full_name = spec.full_name
            user.is_demo = True
            user.is_staff = spec.role == Role.ADMIN
            user.is_superuser = spec.role == Role.ADMIN
            user.save()
            audit.record(
                actor=actor,
                action="user.demo",
                obj=user,
                new={"role": spec.role},
                reason="Tài khoản mẫu cho bản trình diễn",
            )
        for level, code, current in spec.scope or ((None, None, None),):
            unit = _unit(level, code, current) if level else None
            RoleAssignment.objects.get_or_create(user=user, role=spec.role, unit=unit, sector="")
    return list(DEMO_USERS)
