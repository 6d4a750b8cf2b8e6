from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "ntm.finance"
    verbose_name = _("Nguồn vốn, công trình, đóng góp")
