"""Template tags of the design system: ``{% load ui %}``.

Components that need data (not just a CSS class) live here so that every page
renders them the same way.
"""

from __future__ import annotations

from django import template
from django.core.paginator import Page
from django.utils.html import format_html
from django.utils.translation import gettext

from uprtc.activities.permissions import submitting_orgs
from uprtc.taxonomies.models import SdgGoal

register = template.Library()


@register.simple_tag
def sdg_badge(goal: SdgGoal | int | str | None) -> str:
    """An SDG goal as a pill in its official colour: number + short name.

    ``goal`` is an ``SdgGoal`` or a goal number. For a number we look the goal
    up (one small indexed query); a number we don't know still renders, with a
    generic label, so a page never breaks on reference data.
    """
    if goal is None or goal == "":
        return ""
    if not isinstance(goal, SdgGoal):
        try:
            number = int(goal)
        except (TypeError, ValueError):
            return ""
        goal = SdgGoal.objects.filter(number=number).first() or number
    if isinstance(goal, SdgGoal):
        number, short, title = goal.number, goal.short, goal.title or goal.short
    else:
        number = goal
        short = gettext("SDG %(number)s") % {"number": number}
        title = short
    return format_html(
        '<span class="badge-sdg sdg-{}" title="{}">'
        '<span class="sdg-num">{}</span> {}</span>',
        number,
        gettext("Goal %(number)s: %(title)s") % {"number": number, "title": title},
        number,
        short,
    )


@register.filter
def startswith(value: object, prefix: object) -> bool:
    """``{% if request.path|startswith:url %}``: marks the current nav item."""
    return bool(prefix) and str(value).startswith(str(prefix))


@register.simple_tag
def page_numbers(page: Page) -> list[int | None]:
    """Page numbers to link around ``page``, ``None`` where some are elided:
    1 … 4 5 [6] 7 8 … 20. Short enough for a phone."""
    paginator = page.paginator
    return [
        n if n != paginator.ELLIPSIS else None
        for n in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]


@register.filter
def may_submit(user: object) -> bool:
    """Whether the account menu offers "Submit an activity": not to a
    moderator or a person without a role, whom the form would refuse."""
    return bool(submitting_orgs(user))  # type: ignore[arg-type]
