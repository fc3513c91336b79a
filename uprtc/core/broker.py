"""The Celery application, alone: ``uprtc.core.tasks`` sends through it and
``uprtc.celery`` (the worker's entry point) adds the task that runs.

Celery takes about a second to import, so only a process that sends (a
broker is set) or works imports this module."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uprtc.settings")

app = Celery("uprtc")
app.config_from_object("django.conf:settings", namespace="CELERY")
