"""Field declarations that mean the same thing wherever they stand."""

from __future__ import annotations

from typing import Any, TypeVar, overload

from django.db import models

_M = TypeVar("_M", bound=models.Model)


@overload
def optional_link(
    to: type[_M],
    verbose_name: Any,
    *,
    related_name: str = ...,
    on_delete: Any = ...,
) -> models.ForeignKey[_M | None, _M | None]: ...
@overload
def optional_link(
    to: str, verbose_name: Any, *, related_name: str = ..., on_delete: Any = ...
) -> models.ForeignKey[Any, Any]: ...
def optional_link(
    to: Any,
    verbose_name: Any,
    *,
    related_name: str = "+",
    on_delete: Any = models.PROTECT,
) -> models.ForeignKey[Any, Any]:
    """A link that may be empty (and left blank in forms). PROTECT by default:
    what a record points at (who decided, which organization) is history, so
    deleting it must be refused rather than silently rewrite the record."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=on_delete,
        related_name=related_name,
    )
