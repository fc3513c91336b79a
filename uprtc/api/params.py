"""Integer types for API parameters and payload fields, bounded to 64 bits.

Every integer the API reads is one of these, so that a number no column can
hold is refused where it enters instead of failing in a query (see
``uprtc.core.integers``): ``Id`` for an id in a path (404, no such object),
``Int`` for anything else (400 naming the parameter). Both are documented as
``format: int64`` in the OpenAPI description."""

from __future__ import annotations

from typing import Annotated

from django.http import Http404
from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field, ValidationInfo

from uprtc.core.errors import DomainError
from uprtc.core.integers import INT64_MAX, INT64_MIN, fits

# Raised from inside pydantic validation on purpose: only ValueError becomes a
# validation error (422); these reach the API's handlers (uprtc.api.errors).


def _in_range(value: int, info: ValidationInfo) -> int:
    if not fits(value):
        name = info.field_name or ""
        raise DomainError(
            _("%(name)s must be a whole number from %(min)s to %(max)s.")
            % {"name": name, "min": INT64_MIN, "max": INT64_MAX},
            field=name or None,
        )
    return value


def _existing_id(value: int) -> int:
    if not fits(value):
        raise Http404
    return value


_INT64 = Field(json_schema_extra={"format": "int64"})
Int = Annotated[int, AfterValidator(_in_range), _INT64]
Id = Annotated[int, AfterValidator(_existing_id), _INT64]
