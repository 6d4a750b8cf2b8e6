from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataioConfig(AppConfig):
    name = "ntm.dataio"
    label = "dataio"
    verbose_name = _("Nhập, xuất dữ liệu")

    def ready(self) -> None:
        from ntm.storage import remove_with_rows

        from .models import ImportJob

        remove_with_rows(ImportJob, "imports", "stored_name")
