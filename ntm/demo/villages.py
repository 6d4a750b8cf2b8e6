"""The villages named in seed 002 (Tam Đường's 2024 plan), under their communes in both eras."""

from ntm.units.models import REFORM_DATE, AdminUnit, Level
from ntm.units.villages import add_village

SEED_VILLAGES = {
    "03406": ["Sì Thâu Chải"],  # Xã Hồ Thầu
    "03412": ["Nà Khan", "Nà Phát"],  # Xã Bình Lư
    "03424": ["Hua Sẳng"],  # Xã Bản Bo
    "03418": ["Suối Thầu"],  # Xã Bản Giang
    "03430": ["Ma Sao Phìn"],  # Xã Khun Há
}
SOURCE = "Dữ liệu mẫu — tên thôn từ Kế hoạch NTM 2024 huyện Tam Đường"


def load_demo_villages(actor) -> int:
    """Create each seed village under its pre-reform commune and under that commune's 2025 successor."""
    created = 0
    for code, names in SEED_VILLAGES.items():
        old = AdminUnit.objects.get(level=Level.COMMUNE, code=code, valid_from__isnull=True)
        successor = AdminUnit.objects.get(predecessor_links__predecessor=old, valid_from=REFORM_DATE)
        for commune in (old, successor):
            for name in names:
                if not commune.children.filter(level=Level.VILLAGE, name=name).exists():
                    add_village(
                        commune,
                        name,
                        actor=actor,
                        source=SOURCE,
                        is_demo=True,
                        reason="Dữ liệu mẫu từ seed 002",
                    )
                    created += 1
    return created
