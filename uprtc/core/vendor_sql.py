"""Raw SQL a migration runs on one database engine or the other (triggers
that guard records whatever code or SQL console writes)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def per_vendor(
    *, pg_up: str, pg_down: str, sqlite_up: str, sqlite_down: str
) -> migrations.RunPython:
    sql = {
        "postgresql": (pg_up, pg_down),
        "sqlite": (sqlite_up, sqlite_down),
    }

    def run(direction: int) -> Any:
        def apply(apps: Any, schema_editor: Any) -> None:
            pair = sql.get(schema_editor.connection.vendor)
            if pair:
                schema_editor.execute(pair[direction])

        return apply

    return migrations.RunPython(run(0), run(1))
