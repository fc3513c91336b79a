from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "uprtc.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from uprtc.core import checks  # noqa: F401  (registers the system checks)

        # every app's tasks.py registers its background tasks (core/tasks.py)
        autodiscover_modules("tasks")
