"""Long forms in titled sections: a form lists the field that opens each
section, and its fields, in their order, fall into the section they follow.
The fields stay declared where they are; only the page is cut."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from django import forms


@dataclass
class Section:
    title: str
    fields: list[forms.BoundField] = field(default_factory=list)


def sectioned(form: forms.BaseForm, starts: dict[str, Any]) -> list[Section]:
    """``form``'s visible fields cut into sections: ``starts`` maps the name
    of the field that opens a section to the section's title. Fields before
    the first one named form an untitled section."""
    sections: list[Section] = []
    for bound in form.visible_fields():
        if bound.name in starts or not sections:
            sections.append(Section(str(starts.get(bound.name, ""))))
        sections[-1].fields.append(bound)
    return sections


class Sectioned:
    """A form whose page is cut into ``SECTIONS`` (see :func:`sectioned`)."""

    SECTIONS: ClassVar[dict[str, Any]] = {}

    def sections(self) -> list[Section]:
        assert isinstance(self, forms.BaseForm)
        return sectioned(self, self.SECTIONS)
