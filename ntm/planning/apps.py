from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "ntm.planning"
    verbose_name = _("Kế hoạch, chỉ tiêu")
