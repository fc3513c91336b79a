from django.apps import AppConfig
from django.urls import register_converter
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "uprtc.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # in ready(): these import models, which load after the app's config
        from uprtc.core import (
            checks,  # noqa: F401  (registers the system checks)
            publication,
        )
        from uprtc.core.integers import IdConverter

        # <id:pk> in URLs: ids bounded to 64 bits (uprtc/core/integers.py)
        register_converter(IdConverter, "id")

        # maps and charts are cached under it (uprtc/core/publication.py)
        publication.connect()

        # every app's tasks.py registers its background tasks (core/tasks.py)
        autodiscover_modules("tasks")
