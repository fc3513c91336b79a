"""How templates name an organization: never ``org.name``, always as the
viewer may read it (``Organization.public_label``)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def public_label(org: Any, viewer: Any = None) -> str:
    """``{{ org|public_label:user }}``: the real name for its members and
    moderators, "a civil society organization in <country>" for anyone else
    when the organization asked to be anonymous."""
    if org is None:
        return ""
    return org.public_label(viewer)


@register.filter
def knows_name(org: Any, viewer: Any = None) -> bool:
    """Whether ``viewer`` may see who ``org`` is (and so open its page)."""
    return org is not None and (not org.public_anonymous or org.knows_name(viewer))
