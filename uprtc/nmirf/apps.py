from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NmirfConfig(AppConfig):
    name = "uprtc.nmirf"
    label = "nmirf"
    verbose_name = _("National implementation plans (NMIRF)")
