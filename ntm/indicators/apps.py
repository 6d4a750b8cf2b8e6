from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "ntm.indicators"
    verbose_name = _("Số liệu chỉ tiêu")

    def ready(self) -> None:
        from ntm.storage import remove_with_rows

        from .models import Evidence

        remove_with_rows(Evidence, "default", "file")
