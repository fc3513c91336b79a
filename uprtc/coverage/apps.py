from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "uprtc.coverage"
    label = "coverage"
    verbose_name = _("Coverage of accepted recommendations")
