"""The Celery application: ``celery -A uprtc worker`` / ``celery -A uprtc beat``.

One Celery task, ``uprtc.run``, runs any task of ``uprtc.core.tasks.REGISTRY``;
settings are those of Django whose names start with ``CELERY_``. The
application itself is ``uprtc.core.broker.app``."""

from __future__ import annotations

from typing import Any

from uprtc.core.broker import app

__all__ = ["app", "run"]


@app.task(name="uprtc.run")
def run(name: str, kwargs: dict[str, Any] | None = None, row: int | None = None) -> Any:
    # the worker imports this module before Django is set up, and the task
    # registry needs the models: it is loaded at the first task
    from uprtc.core import tasks

    if row is not None:
        return tasks.run_row(row)
    return tasks.run(name, kwargs or {})
