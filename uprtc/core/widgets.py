"""A picker for long lists (249 States, 104 themes, 169 SDG targets): grouped
checkboxes folded in a ``<details>``, the chosen ones named in its summary.
It works without JavaScript; ``static/core/picker.js`` adds a filter box."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms


class Picker(forms.CheckboxSelectMultiple):
    template_name = "core/widgets/picker.html"
    # shown unfolded even with nothing chosen, e.g. when the list starts with
    # suggestions the person should see
    unfolded = False

    def __init__(
        self,
        group_by: Callable[[Any], str] | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.group_by = group_by

    def optgroups(
        self, name: str, value: list[Any], attrs: dict[str, Any] | None = None
    ) -> list[tuple[str | None, list[dict[str, Any]], int]]:
        flat = super().optgroups(name, value, attrs)
        if self.group_by is None:
            return flat
        groups: dict[str, list[dict[str, Any]]] = {}
        for _name, options, _index in flat:
            for option in options:
                instance = getattr(option["value"], "instance", None)
                key = self.group_by(instance) if instance is not None else ""
                groups.setdefault(key, []).append(option)
        return [(key, options, i) for i, (key, options) in enumerate(groups.items())]

    def get_context(
        self, name: str, value: Any, attrs: dict[str, Any] | None
    ) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen = [
            option["label"]
            for _group, options, _index in context["widget"]["optgroups"]
            for option in options
            if option["selected"]
        ]
        context["widget"]["chosen"] = chosen
        context["widget"]["unfolded"] = self.unfolded or bool(chosen)
        return context
