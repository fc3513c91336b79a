"""The Celery application: ``celery -A uprtc worker`` / ``celery -A uprtc beat``.

One Celery task, ``uprtc.run``, runs any task of ``uprtc.core.tasks.REGISTRY``;
settings are those of Django whose names start with ``CELERY_``."""

from __future__ import annotations

import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uprtc.settings")

app = Celery("uprtc")
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.task(name="uprtc.run")
def run(name: str, kwargs: dict[str, Any] | None = None, row: int | None = None) -> Any:
    from uprtc.core import tasks

    if row is not None:
        return tasks.run_row(row)
    return tasks.run(name, kwargs or {})
