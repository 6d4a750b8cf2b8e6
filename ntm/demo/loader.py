"""`ntm demo load`: everything the demo needs, idempotent, in one transaction."""

from django.db import transaction

from . import finance_lai_chau, lang_son, plan_tam_duong_2024, son_la
from .accounts import DemoUser, load_demo_users
from .dossiers import load_demo_dossiers
from .groups import load_commune_groups
from .laichau import load_lai_chau
from .ocop_lai_chau import load_ocop
from .rounds import load_rounds
from .sample_draft import load_sample_draft
from .today import load_today
from .township import load_township
from .villages import load_demo_villages, load_village_results

ACTOR = "ntm demo load"


@transaction.atomic
def load_demo() -> list[DemoUser]:
    load_demo_villages(ACTOR)
    users = load_demo_users(ACTOR)
    load_commune_groups(ACTOR)  # before the 2026 assessments, which use the groups
    load_lai_chau(ACTOR)
    load_village_results(ACTOR)
    load_township(ACTOR)
    load_ocop(ACTOR)
    load_today(ACTOR)
    plan_tam_duong_2024.load(ACTOR)
    finance_lai_chau.load(ACTOR)
    son_la.load(ACTOR)
    lang_son.load(ACTOR)
    load_sample_draft(ACTOR)  # a draft only: nothing is evaluated against it
    load_demo_dossiers(ACTOR)  # after today's recognitions: the decided dossier closes on one
    load_rounds(ACTOR)  # last: approved demo rounds lock their communes' 2026 data
    return users
