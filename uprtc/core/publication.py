"""The publication version: one number that changes whenever anything that a
public page may show could have changed (an activity published, a consent
decided or withdrawn, an edit approved, a request or offer shown or hidden, a
recommendation imported…). Server-rendered maps and charts are cached under
it, so that no public picture outlives the data it was drawn from.

It is bumped by a signal on every save, delete and many-to-many change of a
model of ours (over-invalidating is cheap, a stale public page is not), and
by hand after a queryset ``update()`` or ``bulk_create()``, which send no
signal; both
at once and again after the transaction commits: a reader that fills the
cache between the change and the commit stores under the old number, which
the commit then leaves behind."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from uprtc.core.tasks import enqueue, task

KEY = "publication-version"
T = TypeVar("T")

# Models whose changes no public page shows: bumping for them would only
# empty the cache (notifications, the audit log, sessions of background jobs).
IGNORED = {
    "search",  # the index follows the changes that are counted already
    "notifications.notification",
    "core.auditevent",
    "core.outboxtask",
}


def version() -> int:
    value = cache.get(KEY)
    if value is None:
        # a cache that lost the key (restart, eviction) starts a new series,
        # numbered from the clock so that it never meets entries cached under
        # an earlier series; adding fails if another process has just set
        # it, then read that
        fresh = time.time_ns() // 1000
        cache.add(KEY, fresh, timeout=None)
        value = cache.get(KEY) or fresh
    return int(value)


def bump() -> None:
    _increment()
    transaction.on_commit(_after_commit)


def _increment() -> bool:
    """False when the cache could not be reached (it answers None then)."""
    try:
        return cache.incr(KEY) is not None
    except ValueError:  # not set (yet, or lost): a new series
        version()
        return True


def _after_commit() -> None:
    if not _increment():
        # A cache out of reach now may come back with its pages and the old
        # number (a network cut, not a restart): the bump is kept as a task in
        # the outbox, in the database, and made once the cache answers again.
        enqueue("core.bump_publication")


@task("core.bump_publication")
def bump_publication() -> None:
    """A bump the cache missed while out of reach."""
    if not _increment():
        raise ConnectionError("the cache is still out of reach")


def cached(name: str, build: Callable[[], T], *parts: Any, timeout: int = 86400) -> T:
    """``build()`` cached under the publication version, the page language
    and ``parts`` (a query, a State…)."""
    key = ":".join(
        ["published", str(version()), name, get_language() or "", *map(str, parts)]
    )
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value


def _on_change(sender: type, **kwargs: Any) -> None:
    label = f"{sender._meta.app_label}.{sender._meta.model_name}"
    if label not in IGNORED and sender._meta.app_label not in IGNORED:
        bump()


def connect() -> None:
    """Called from CoreConfig.ready: every model of a uprtc app."""
    for model in apps.get_models():
        if not model.__module__.startswith("uprtc."):
            continue
        uid = f"publication-{model._meta.label}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=uid + "-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_change,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-{field.name}-m2m",
            )
