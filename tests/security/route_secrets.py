"""Rows planted outside a role's scope, each named with a marker, so the route walk can fail on
any page or API answer that shows data of a unit the signed-in role may not read — whatever
`?unit=` (an ancestor, a sibling) or id the request carried."""

import datetime

MARKER = "BIMAT"
# role -> the planted units (tags of the "secrets" sample) whose rows it must never see
HIDDEN_FROM = {
    "anonymous": {"neighbour", "sinho", "hanoi"},
    "admin": set(),
    "province_office": {"hanoi"},
    "sector_owner": {"hanoi"},
    "viewer": {"hanoi"},
    "district_office": {"sinho", "hanoi"},
    "commune_officer": {"neighbour", "sinho", "hanoi"},
}
YEAR = 2024


def marker(tag: str) -> str:
    return f"{MARKER}-{tag.upper()}"


def plant(units: dict) -> None:
    """A plan, funding table, work, contribution, activity and OCOP product in each unit."""
    from ntm.finance.models import Budget, Contribution, Work
    from ntm.ocop.models import Producer, Product
    from ntm.planning.models import Activity, Plan

    first, last = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    for tag, unit in units.items():
        name = marker(tag)
        plan = Plan.objects.create(unit=unit, year=YEAR, title=f"{name} kế hoạch")
        Budget.objects.create(
            plan=plan,
            unit=unit,
            kind=Budget.Kind.PLANNED,
            title=f"{name} vốn",
            year_from=YEAR,
            year_to=YEAR,
            total=0,
        )
        Work.objects.create(unit=unit, location=unit, name=f"{name} công trình", status=Work.Status.NEW_START)
        Contribution.objects.create(
            unit=unit,
            period_start=first,
            period_end=last,
            contributor=Contribution.Contributor.values[0],
            cash=777,
            description=f"{name} đóng góp",
        )
        Activity.objects.create(
            unit=unit,
            kind=Activity.Kind.values[0],
            audience=Activity.Audience.values[0],
            period_start=first,
            period_end=last,
            sessions=1,
            participants=4242,
            description=f"{name} tập huấn",
        )
        producer = Producer.objects.create(name=f"{name} HTX", kind=Producer.Kind.values[0], unit=unit)
        Product.objects.create(
            name=f"{name} sản phẩm", group=Product._meta.get_field("group").choices[0][0], producer=producer
        )


def leaks(role: str, response) -> list[str]:
    """The markers of hidden units that the response shows."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode("utf-8", "replace").upper()
    return sorted(marker(tag) for tag in HIDDEN_FROM[role] if marker(tag) in body)
