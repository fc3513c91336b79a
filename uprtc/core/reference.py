"""Idempotent loading of shipped reference tables.

Data migrations call these loaders with the *historical* model, so a loader
only writes the columns that model has: an old migration keeps working after
later migrations add fields.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import models

from uprtc.core import publication


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def sync_rows(
    model: type[models.Model], key: str, rows: Iterable[dict[str, Any]]
) -> dict[str, int]:
    """Create missing rows and update changed ones, matched on ``key``.

    Returns ``{"created": n, "updated": n, "unchanged": n}``. Rows never
    disappear here: reference codes that leave a source stay for old records.
    """
    columns = {f.attname for f in model._meta.concrete_fields} | {
        f.name for f in model._meta.concrete_fields
    }
    existing = {getattr(o, key): o for o in model._default_manager.all()}
    to_create, to_update, changed_fields = [], [], set()
    unchanged = 0
    for raw in rows:
        row = {k: v for k, v in raw.items() if k in columns}
        obj = existing.get(row[key])
        if obj is None:
            to_create.append(model(**row))
            continue
        diff = [k for k, v in row.items() if getattr(obj, k) != v]
        if diff:
            for k in diff:
                setattr(obj, k, row[k])
            changed_fields.update(diff)
            to_update.append(obj)
        else:
            unchanged += 1
    model._default_manager.bulk_create(to_create, batch_size=500)
    if to_update:
        model._default_manager.bulk_update(
            to_update, sorted(changed_fields), batch_size=500
        )
    if to_create or to_update:
        publication.bump()  # bulk writes send no signal
    return {
        "created": len(to_create),
        "updated": len(to_update),
        "unchanged": unchanged,
    }
