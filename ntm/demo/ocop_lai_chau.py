"""Demo OCOP producers, products and ratings in Lai Châu. Seed 002 names the products Tam Đường builds
on (its tea under the "CHETAMDUONG" mark, honey, Bình Lư arrowroot noodles) and its 2024 OCOP target
(5 products rated new, 6 re-rated); every producer, product name, score and date here is invented,
and each name says "mẫu". In 2024 the demo rates 4 products new (the target is missed) and re-rates 6
whose 2021 certificates expire. Idempotent: a product already present is left as it is.
"""

import datetime
from decimal import Decimal

from ntm.ocop import services
from ntm.ocop.models import Producer, Product, ProductGroup, Rating
from ntm.units.models import AdminUnit, Level

AUTHORITY = "UBND tỉnh Lai Châu"
K = Producer.Kind
G = ProductGroup
# (producer, kind, commune code, product, group, ratings: (kind, year, month, A, B, C))
PRODUCTS = [
    (
        "HTX chè mẫu Bản Bo",
        K.COOPERATIVE,
        "03424",
        "Chè xanh Tam Đường (mẫu)",
        G.BEVERAGE,
        [("new", 2021, 5, 30, 18, 26), ("rerated", 2024, 6, 33, 20, 28)],
    ),
    (
        "HTX chè mẫu Bản Bo",
        K.COOPERATIVE,
        "03424",
        "Chè đen Tam Đường (mẫu)",
        G.BEVERAGE,
        [("new", 2024, 9, 29, 17, 24)],
    ),
    (
        "Tổ hợp tác ong mật mẫu Sơn Bình",
        K.GROUP,
        "03413",
        "Mật ong Tam Đường (mẫu)",
        G.FOOD,
        [("new", 2021, 8, 28, 17, 22), ("rerated", 2024, 8, 30, 18, 24)],
    ),
    (
        "HTX miến dong mẫu Bình Lư",
        K.COOPERATIVE,
        "03412",
        "Miến dong Bình Lư (mẫu)",
        G.FOOD,
        [("new", 2021, 3, 31, 19, 25), ("rerated", 2024, 3, 34, 21, 30)],
    ),
    (
        "HTX miến dong mẫu Bình Lư",
        K.COOPERATIVE,
        "03412",
        "Bột dong riềng (mẫu)",
        G.FOOD,
        [("new", 2024, 11, 26, 16, 20)],
    ),
    (
        "Hộ kinh doanh mẫu Bản Hon",
        K.HOUSEHOLD,
        "03421",
        "Thịt trâu sấy (mẫu)",
        G.FOOD,
        [("new", 2021, 10, 27, 16, 21), ("rerated", 2024, 10, 28, 17, 22)],
    ),
    (
        "HTX dược liệu mẫu Khun Há",
        K.COOPERATIVE,
        "03430",
        "Trà giảo cổ lam (mẫu)",
        G.HERB,
        [("new", 2021, 12, 26, 17, 20), ("rerated", 2024, 12, 29, 18, 23)],
    ),
    (
        "HTX dược liệu mẫu Khun Há",
        K.COOPERATIVE,
        "03430",
        "Cao xương khớp thảo dược (mẫu)",
        G.HERB,
        [("new", 2024, 7, 25, 15, 19)],
    ),
    (
        "HTX du lịch cộng đồng mẫu Thèn Sin",
        K.COOPERATIVE,
        "03394",
        "Du lịch cộng đồng bản mẫu (mẫu)",
        G.TOURISM,
        [("new", 2021, 11, 27, 16, 20), ("rerated", 2024, 11, 29, 17, 22)],
    ),
    (
        "Doanh nghiệp mẫu Tả Lèng",
        K.ENTERPRISE,
        "03400",
        "Gạo Séng Cù Tả Lèng (mẫu)",
        G.FOOD,
        [("new", 2024, 4, 27, 17, 21)],
    ),
    (
        "HTX chè mẫu Tân Uyên",
        K.COOPERATIVE,
        "",
        "Chè Ô long Tân Uyên (mẫu)",
        G.BEVERAGE,
        [("new", 2023, 12, 35, 22, 31)],
    ),
]
OUTSIDE = "Tân Uyên"  # the one product outside Tam Đường: in a commune of Tân Uyên district


def load_ocop(actor: str) -> int:
    created = 0
    for producer_name, kind, code, product_name, group, ratings in PRODUCTS:
        if Product.objects.filter(name=product_name, is_demo=True).exists():
            continue
        unit = _commune(code)
        producer = Producer.objects.filter(name=producer_name, is_demo=True).first()
        if producer is None:
            producer = services.save_producer(
                actor=actor,
                producer=Producer(name=producer_name, kind=kind, unit=unit, is_demo=True),
                reason="Dữ liệu mẫu (demo)",
            )
        product = services.save_product(
            actor=actor,
            product=Product(name=product_name, group=group, producer=producer, is_demo=True),
            reason="Dữ liệu mẫu (demo)",
        )
        for number, (rating_kind, year, month, a, b, c) in enumerate(ratings, start=1):
            services.record_rating(
                actor=actor,
                product=product,
                version="2023" if year >= 2023 else "2019",
                score_a=Decimal(a),
                score_b=Decimal(b),
                score_c=Decimal(c),
                certified_on=datetime.date(year, month, 15),
                kind=Rating.Kind(rating_kind),
                certificate_number=f"MẪU-{year}-OCOP-{product.pk:03d}{number}",
                authority=AUTHORITY,
                is_demo=True,
            )
        created += 1
    return created


def _commune(code: str) -> AdminUnit:
    if code:
        return AdminUnit.objects.get(level=Level.COMMUNE, code=code, valid_from__isnull=True)
    province = AdminUnit.objects.get(level=Level.PROVINCE, code="12", valid_from__isnull=True)
    district = AdminUnit.objects.get(
        level=Level.DISTRICT, name__endswith=OUTSIDE, parent=province, valid_from__isnull=True
    )
    return district.children.filter(level=Level.COMMUNE).order_by("code")[0]
