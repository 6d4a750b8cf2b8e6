from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "ntm.reports"
    verbose_name = _("Báo cáo, biểu mẫu")

    def ready(self) -> None:
        from ntm.storage import remove_with_rows

        from .models import ReportJob

        remove_with_rows(ReportJob, "reports", "path")
