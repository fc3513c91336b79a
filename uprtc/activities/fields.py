"""An activity's fields, declared once: what each is, how people enter it and
where it is shown. The workflow's ``SCALARS`` and ``M2M``, the API and file
inputs, the bulk template's columns, the form, the plain serialization (API,
feeds, exports) and the open-data columns are all read from ``FIELDS``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from uprtc.activities.models import Activity

SCALAR = "scalar"  # a column of the activity, set through ``ActivityData.scalars``
MANY = "many"  # a many-to-many, set through ``ActivityData.m2m``
RELATION = "relation"  # set through a table of its own (consents, participants)
READ = "read"  # a column the workflow keeps: read, never entered
DERIVED = "derived"  # computed by the serializer


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    # the value's type as the open data dictionary names it (opendata.columns.TYPES)
    type: str = "text"
    label: Promise | str = ""  # in the form
    description: Promise | str = ""  # in the open data dictionary
    help: Promise | str = ""  # in the form
    required: bool = False
    form: bool = True
    bulk: bool = True  # a column of the upload template
    api: bool = True  # an input of the API (and of the file, through the same code)
    public: bool = True  # in the serialization, hence the API output and open data
    code: str = ""  # m2m: the attribute that names each item, in and out

    def choices(self) -> list[str]:
        """The codes a coded column accepts (none: any value)."""
        column: Any = Activity._meta.get_field(self.name)
        return [value for value, _label in column.choices or []]

    def related(self) -> Any:
        """The model of a many-to-many's items."""
        return Activity._meta.get_field(self.name).related_model


def _shown(name: str, kind: str, type: str, description: Promise) -> Field:
    """A field that is shown and never entered."""
    return Field(
        name, kind, type, description=description, form=False, bulk=False, api=False
    )


FIELDS: tuple[Field, ...] = (
    _shown("id", READ, "integer", _("Identifier of the activity in uprtc.")),
    Field("title", SCALAR, "text", _("Title"), _("Title."), required=True),
    Field(
        "description",
        SCALAR,
        "text",
        _("Description"),
        _("Description."),
        required=True,
    ),
    Field(
        "language",
        SCALAR,
        "code",
        _("Language of title and description"),
        _("Language of the title and description (ISO 639-1)."),
    ),
    _shown("status", DERIVED, "code", _("Publication stage; always “published” here.")),
    Field(
        "concerned_states",
        RELATION,
        "codes",
        _("Concerned States"),
        _("States concerned (ISO 3166 alpha-3); each consented to publication."),
        help=_("Each of them must consent before the activity is published."),
        required=True,
    ),
    Field(
        "participants",
        RELATION,
        "texts",
        description=_("Participating organizations, each as “name (role)”."),
        form=False,
        bulk=False,
    ),
    Field(
        "recommendations",
        MANY,
        "integers",
        _("UPR recommendations it helps implement"),
        _("UPR recommendations supported (ids of the recommendations data set)."),
        help=_(
            "The accepted recommendations of the concerned States closest to the "
            "title and description are suggested here; use the finder for others."
        ),
        code="pk",
    ),
    Field(
        "themes",
        MANY,
        "codes",
        _("Human rights themes"),
        _("Human rights themes (UHRI identifiers)."),
        code="slug",
    ),
    # the form derives the goals from the targets chosen
    Field(
        "sdg_goals",
        MANY,
        "integers",
        description=_("Sustainable Development Goals (numbers)."),
        form=False,
        bulk=False,
        code="number",
    ),
    Field(
        "sdg_targets",
        MANY,
        "codes",
        _("SDG targets"),
        _("SDG targets (codes such as 16.3)."),
        code="code",
    ),
    Field(
        "modality", SCALAR, "code", _("Modality"), _("Modality (training, advice, …).")
    ),
    Field(
        "cooperation_type",
        SCALAR,
        "code",
        _("Cooperation type"),
        _("Type of cooperation."),
    ),
    Field(
        "implementation_status",
        SCALAR,
        "code",
        _("Status"),
        _("Implementation status (IATI ActivityStatus, by name)."),
    ),
    Field("start_date", SCALAR, "date", _("Start date"), _("Start date.")),
    Field("end_date", SCALAR, "date", _("End date"), _("End date.")),
    Field("budget", SCALAR, "decimal", _("Budget"), _("Budget.")),
    Field(
        "currency",
        SCALAR,
        "code",
        _("Currency (ISO 4217, e.g. USD)"),
        _("Currency of the budget (ISO 4217)."),
    ),
    Field(
        "funding_source", SCALAR, "code", _("Funding source"), _("Source of funding.")
    ),
    Field("results", SCALAR, "text", _("Results"), _("Results.")),
    Field("lessons", SCALAR, "text", _("Lessons learned"), _("Lessons learned.")),
    Field(
        "good_practice",
        SCALAR,
        "boolean",
        _("A good practice to share"),
        _("Presented as a good practice."),
    ),
    Field(
        "links",
        SCALAR,
        "texts",
        _("Links (one address per line)"),
        _("Links to documents and pages."),
    ),
    Field(
        "languages",
        SCALAR,
        "codes",
        _("Working languages"),
        _("Working languages (ISO 639-1)."),
    ),
    Field(
        "confidential",
        SCALAR,
        "boolean",
        _("Confidential: visible to moderators only, never published"),
        public=False,
    ),
    Field(
        "contact_name", SCALAR, "text", _("Contact person (never public)"), public=False
    ),
    Field(
        "contact_email",
        SCALAR,
        "text",
        _("Contact e-mail (never public)"),
        public=False,
    ),
    _shown(
        "provenance",
        READ,
        "code",
        _("How the activity reached uprtc (form, file, IATI …)."),
    ),
    # set by the IATI import and export only
    _shown(
        "iati_identifier", SCALAR, "code", _("IATI identifier, when published to IATI.")
    ),
    _shown("published_at", READ, "datetime", _("When it was published in uprtc.")),
    _shown("url", DERIVED, "url", _("Page of the activity.")),
)


def names(fields: Any) -> tuple[str, ...]:
    return tuple(f.name for f in fields)


BY_NAME = {f.name: f for f in FIELDS}
SCALARS = names(f for f in FIELDS if f.kind == SCALAR)
MANY_FIELDS = tuple(f for f in FIELDS if f.kind == MANY)
M2M = names(MANY_FIELDS)
FORM = tuple(f for f in FIELDS if f.form)
API = tuple(f for f in FIELDS if f.api)
PUBLIC = tuple(f for f in FIELDS if f.public)
# The template: the columns a row needs first, the never-published ones last.
BULK = tuple(
    sorted(
        (f for f in FIELDS if f.bulk),
        key=lambda f: (not f.required, not f.public, f.kind == MANY),
    )
)
