from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OcopConfig(AppConfig):
    name = "ntm.ocop"
    verbose_name = _("Sản phẩm OCOP")
