from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "ntm.units"
    verbose_name = _("Đơn vị hành chính")
