from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "uprtc.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from uprtc.activities.models import Consent
        from uprtc.activities.records import refuse_deleting_a_decision

        # also fires for queryset deletes and cascades (admin, shell, code)
        pre_delete.connect(
            refuse_deleting_a_decision, sender=Consent, dispatch_uid="consent-record"
        )
