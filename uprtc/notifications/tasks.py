from __future__ import annotations

from uprtc.core.tasks import task
from uprtc.notifications.services import retry_emails, send_digests, send_email

# notify() asks for it in the transaction that wrote the notification; a
# repeat sends nothing (the row records that it was e-mailed)
task("notifications.send_email")(send_email)
# beat runs it every five minutes (settings.CELERY_BEAT_SCHEDULE)
task("notifications.retry_emails")(retry_emails)
# beat runs it daily (settings.CELERY_BEAT_SCHEDULE); a repeat sends nothing
task("notifications.send_digests")(send_digests)
