from __future__ import annotations

from uprtc.core.tasks import task
from uprtc.notifications.services import send_digests

# beat runs it daily (settings.CELERY_BEAT_SCHEDULE); a repeat sends nothing
task("notifications.send_digests")(send_digests)
