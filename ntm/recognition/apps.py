from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "ntm.recognition"
    verbose_name = _("Công nhận, thu hồi")

    def ready(self) -> None:
        from ntm.indicators.engine import add_commune_fact_source

        from .facts import revoked_communes

        add_commune_fact_source(revoked_communes)
