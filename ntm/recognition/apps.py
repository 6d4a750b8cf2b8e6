from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_procedures(sender, **kwargs) -> None:
    from .procedures import seed

    seed()


class RecognitionConfig(AppConfig):
    name = "ntm.recognition"
    verbose_name = _("Công nhận, thu hồi")

    def ready(self) -> None:
        from ntm.indicators.engine import add_commune_fact_source, add_unit_fact_source
        from ntm.storage import remove_with_rows

        from .facts import revoked_communes
        from .models import DossierDocument
        from .survey import district_facts

        add_commune_fact_source(revoked_communes)
        add_unit_fact_source(district_facts)
        remove_with_rows(DossierDocument, "default", "file")
        # the shipped procedures, once the tables exist (never overwriting an administrator's edits)
        post_migrate.connect(_seed_procedures, sender=self, dispatch_uid="ntm.recognition.procedures")
