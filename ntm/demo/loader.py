"""`ntm demo load`: everything the demo needs, idempotent, in one transaction."""

from django.db import transaction

from .accounts import DemoUser, load_demo_users
from .laichau import load_lai_chau
from .villages import load_demo_villages

ACTOR = "ntm demo load"


@transaction.atomic
def load_demo() -> list[DemoUser]:
    load_demo_villages(ACTOR)
    users = load_demo_users(ACTOR)
    load_lai_chau(ACTOR)
    return users
