from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "uprtc.actors"
    label = "actors"
    verbose_name = _("Organizations and people")

    def ready(self) -> None:
        # in ready(): these import models, which load after the app's config
        from allauth.mfa.signals import authenticator_added

        from uprtc.actors.mfa import record_second_factor_on_activation

        authenticator_added.connect(
            record_second_factor_on_activation, dispatch_uid="uprtc-mfa-activated"
        )
