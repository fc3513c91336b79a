"""Importing recommendations: one service for every format.

Parsers produce plain records; :func:`import_recommendations` resolves names
and labels, then writes everything in one transaction. Re-importing the same
file changes nothing (records are keyed by their identity in the source and
compared by a content hash)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uprtc.core import audit, publication, tasks
from uprtc.countries.names import CountryResolver, normalize
from uprtc.recommendations.importers.base import (
    ImportCounts,
    ImportFormatError,
    ParsedFile,
    ParsedRecommendation,
)
from uprtc.recommendations.models import Recommendation, Response
from uprtc.search.documents import RECOMMENDATION
from uprtc.search.models import SearchDocument
from uprtc.taxonomies.models import (
    AffectedPerson,
    SdgGoal,
    SdgTarget,
    Theme,
    ThemeAlias,
)

# Older OHCHR lists write "general" for "no specific group of persons".
NO_GROUP_LABELS = ("general",)
# the numbers are stored as small positive integers (PostgreSQL smallint)
NUMBER_RANGES = {
    "session": (1, 32767),
    "cycle": (1, 32767),
    "action_category": (0, 32767),
}
SDG_CODE = re.compile(r"^\s*(?P<goal>\d{1,2})(?:\.(?P<target>[0-9a-zA-Z]{1,2}))?\b")
M2M = ("recommending_states", "themes", "sdg_goals", "sdg_targets", "affected_persons")
# Scalar fields that define a recommendation's content (and its hash).
SCALARS = (
    "state_under_review_id",
    "recommending_names",
    "cycle",
    "session",
    "text",
    "language",
    "response",
    "document_symbol",
    "paragraph",
    "response_source",
    "action_category",
    "source_labels",
    "source_id",
    "source",
)


@dataclass
class ImportSummary(ImportCounts):
    warnings: list[str] = field(default_factory=list)
    changed_ids: list[int] = field(default_factory=list)  # created or updated

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "warnings": len(self.warnings)}


class LabelIndex:
    """Vocabulary lookups, loaded once per import."""

    def __init__(self) -> None:
        self.themes = {
            normalize(n): i for i, n in Theme.objects.values_list("id", "name_en")
        }
        self.aliases: dict[str, list[int]] = {}
        for alias in ThemeAlias.objects.prefetch_related("themes"):
            self.aliases[alias.key] = [t.id for t in alias.themes.all()]
        self.affected: dict[str, int | None] = dict.fromkeys(NO_GROUP_LABELS)
        for pk, name, others in AffectedPerson.objects.values_list(
            "id", "name_en", "other_labels"
        ):
            for label in [name, *others]:
                self.affected[normalize(label)] = pk
        self.goals = dict(SdgGoal.objects.values_list("number", "id"))
        self.targets = dict(SdgTarget.objects.values_list("code", "id"))

    def theme_ids(
        self, labels: Iterable[str], generation: str
    ) -> tuple[set[int], list[str]]:
        found: set[int] = set()
        unknown = []
        for label in labels:
            key = normalize(label)
            if generation == "current" and key in self.themes:
                found.add(self.themes[key])
                continue
            # Current names may also be written the 2019 way, and the reverse.
            for gen in (generation, "2019", "2014"):
                if f"{gen}:{key}" in self.aliases:
                    found.update(self.aliases[f"{gen}:{key}"])
                    break
            else:
                if key in self.themes:
                    found.add(self.themes[key])
                else:
                    unknown.append(label)
        return found, unknown

    def affected_ids(self, labels: Iterable[str]) -> tuple[set[int], list[str]]:
        found, unknown = set(), []
        for label in labels:
            key = normalize(label)
            if key in self.affected:
                if (pk := self.affected[key]) is not None:
                    found.add(pk)
            else:
                unknown.append(label)
        return found, unknown

    def sdg_ids(self, labels: Iterable[str]) -> tuple[set[int], set[int], list[str]]:
        goals, targets, unknown = set(), set(), []
        for label in labels:
            match = SDG_CODE.match(label)
            goal = int(match.group("goal")) if match else None
            if goal not in self.goals:
                unknown.append(label)
                continue
            goals.add(self.goals[goal])
            if match and match.group("target"):
                # publishers write "1.A" where the 2030 Agenda has "1.a"
                code = f"{goal}.{match.group('target').lower()}"
                if code in self.targets:
                    targets.add(self.targets[code])
                else:
                    unknown.append(label)

        return goals, targets, unknown


def _source_key(source: str, state_id: int, rec: ParsedRecommendation) -> str:
    """A recommendation's identity. A paragraph of a cycle's report is the same
    recommendation whichever source lists it (an OHCHR thematic list, the UHRI
    export), so that identity ignores the source; the last import wins."""
    if rec.paragraph and rec.cycle:
        identity = ["paragraph", str(state_id), str(rec.cycle), rec.paragraph]
    elif rec.source_id:
        identity = [source, rec.source_id]
    else:
        text = " ".join(rec.text.split()).casefold()
        # a voluntary pledge may repeat a recommendation's words
        pledge = "pledge" if rec.response == Response.PLEDGE else ""
        identity = [source, str(state_id), str(rec.session), pledge, text]
    return hashlib.sha256("\x1f".join(identity).encode()).hexdigest()


def _content_hash(values: dict[str, Any], links: dict[str, set[int]]) -> str:
    payload = {k: values[k] for k in SCALARS}
    payload.update({k: sorted(v) for k, v in links.items()})
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, default=str).encode()
    ).hexdigest()


def _check_numbers(rec: ParsedRecommendation) -> None:
    """A number the database cannot hold refuses the file, naming where: a
    session of -5 or 99999 is a broken file, not a recommendation."""
    for name, (low, high) in NUMBER_RANGES.items():
        value = getattr(rec, name)
        if value is not None and not low <= value <= high:
            raise ImportFormatError(
                _("%(value)s is not a plausible %(name)s (%(low)s to %(high)s)")
                % {
                    "value": value,
                    "name": name.replace("_", " "),
                    "low": low,
                    "high": high,
                },
                line=rec.line,
                column=name,
            )


def _prepare(
    records: list[ParsedRecommendation], source: str, summary: ImportSummary
) -> list[tuple[str, dict[str, Any], dict[str, set[int]]]]:
    resolver = CountryResolver.from_db()
    labels = LabelIndex()
    prepared = []
    for rec in records:
        _check_numbers(rec)
        state_id = resolver.resolve(rec.state)
        if state_id is None:
            summary.skipped.append(
                _("line %(line)s: unknown State under review %(name)r")
                % {"line": rec.line, "name": rec.state}
            )
            continue
        recommending: set[int] = set()
        for name in rec.recommending:
            cid = resolver.resolve(name)
            if cid is None:
                summary.warnings.append(
                    _(
                        "line %(line)s: recommending State %(name)r not recognised; "
                        "kept as written"
                    )
                    % {"line": rec.line, "name": name}
                )
            else:
                recommending.add(cid)
        themes, unknown_themes = labels.theme_ids(
            rec.theme_labels, rec.theme_generation
        )
        affected, unknown_affected = labels.affected_ids(rec.affected_labels)
        goals, targets, unknown_sdgs = labels.sdg_ids(rec.sdg_labels)
        source_labels = dict(rec.source_labels)
        for name, unknown in (
            ("themes", unknown_themes),
            ("affected_persons", unknown_affected),
            ("sdgs", unknown_sdgs),
        ):
            if unknown:
                source_labels[f"unmapped_{name}"] = unknown
                summary.warnings.append(
                    _("line %(line)s: %(kind)s not in the vocabulary: %(labels)s")
                    % {"line": rec.line, "kind": name, "labels": "; ".join(unknown)}
                )
        values = {
            "source": source,
            "state_under_review_id": state_id,
            "recommending_names": "; ".join(rec.recommending)[:1000],
            "cycle": rec.cycle or 0,
            "session": rec.session,
            "text": rec.text.strip(),
            "language": rec.language,
            "response": rec.response,
            "document_symbol": rec.document_symbol[:60],
            "paragraph": rec.paragraph[:20],
            "response_source": rec.response_source[:120],
            "action_category": rec.action_category,
            "source_labels": source_labels,
            "source_id": rec.source_id[:100],
        }
        links = {
            "recommending_states": recommending,
            "themes": themes,
            "sdg_goals": goals,
            "sdg_targets": targets,
            "affected_persons": affected,
        }
        prepared.append((_source_key(source, state_id, rec), values, links))
    return prepared


def _m2m(name: str) -> Any:
    """The many-to-many field ``name``: Any, as the stubs cannot type its
    through model."""
    return Recommendation._meta.get_field(name)


def _write_links(rows: list[tuple[int, dict[str, set[int]]]]) -> None:
    for name in M2M:
        field = _m2m(name)
        through = field.remote_field.through
        target_col = through._meta.get_field(field.m2m_reverse_field_name()).attname
        objs = [
            through(recommendation_id=rec_id, **{target_col: target})
            for rec_id, links in rows
            for target in links[name]
        ]
        through.objects.bulk_create(objs, batch_size=2000)


def import_recommendations(
    parsed: ParsedFile,
    *,
    source: str,
    actor: Any = None,
    file_name: str = "",
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Create or update recommendations from parsed records, all or nothing."""
    summary = ImportSummary(
        read=parsed.rows, skipped=list(parsed.skipped), warnings=list(parsed.warnings)
    )
    prepared = _prepare(parsed.records, source, summary)
    now = timezone.now()
    with transaction.atomic():
        existing = {
            key: (pk, digest)
            for key, pk, digest in Recommendation.objects.values_list(
                "source_key", "id", "content_hash"
            )
        }
        to_create, create_links, to_update, update_links = [], [], [], []
        seen: set[str] = set()
        for key, values, links in prepared:
            if key in seen:
                summary.warnings.append(
                    _("a record appears twice in the file; the first is kept")
                )
                continue
            seen.add(key)
            digest = _content_hash(values, links)
            if key not in existing:
                to_create.append(
                    Recommendation(
                        source_key=key,
                        content_hash=digest,
                        imported_at=now,
                        updated_at=now,
                        **values,
                    )
                )
                create_links.append(links)
            elif existing[key][1] != digest:
                to_update.append((existing[key][0], values, digest))
                update_links.append(links)
            else:
                summary.unchanged += 1
            if progress:
                progress(1)
        created = Recommendation.objects.bulk_create(to_create, batch_size=1000)
        publication.bump()  # bulk_create sends no signal
        _write_links(
            [(obj.pk, links) for obj, links in zip(created, create_links, strict=True)]
        )
        summary.created = len(created)
        summary.changed_ids = [obj.pk for obj in created] + [
            pk for pk, _v, _d in to_update
        ]
        _apply_updates(to_update, update_links, actor, now)
        summary.updated = len(to_update)
        if summary.changed_ids:
            _enqueue_continuity(now)
        audit.record(
            "recommendations.import.completed",
            actor=actor,
            data={
                "source": source,
                "file": file_name,
                **summary.as_dict(),
                "skipped_reasons": summary.skipped[:200],
            },
        )
    return summary


def _enqueue_continuity(now: Any) -> None:
    """A State's cycle that changed, with earlier cycles present: propose
    which earlier recommendations each continues, in the background, after
    the import commits (``recommendations.continuity``)."""

    # what this import created or updated carries its time (no list of ids:
    # an import may change more than SQLite takes as parameters)
    changed = set(
        Recommendation.objects.filter(updated_at=now, cycle__gt=0)
        .values_list("state_under_review__iso3", "cycle")
        .distinct()
    )
    lowest: dict[str, int] = {}
    for iso3, cycle in changed:
        lowest[iso3] = min(cycle, lowest.get(iso3, cycle))
    # an earlier cycle imported after a later one changes the later's candidates
    for iso3, first in sorted(lowest.items()):
        cycles = sorted(
            set(
                Recommendation.objects.filter(
                    state_under_review__iso3=iso3, cycle__gt=0
                ).values_list("cycle", flat=True)
            )
        )
        for cycle in cycles[1:]:
            if cycle >= first:
                tasks.enqueue(
                    "recommendations.propose_continuity", state=iso3, cycle=cycle
                )


def _apply_updates(
    to_update: list[tuple[int, dict[str, Any], str]],
    links: list[dict[str, set[int]]],
    actor: Any,
    now: Any,
) -> None:
    if not to_update:
        return
    objs = Recommendation.objects.in_bulk([pk for pk, _v, _d in to_update])
    changed = []
    for pk, values, digest in to_update:
        obj = objs[pk]
        before = {k: getattr(obj, k) for k in SCALARS if getattr(obj, k) != values[k]}
        for k, v in values.items():
            setattr(obj, k, v)
        obj.content_hash, obj.updated_at = digest, now
        changed.append(obj)
        audit.record(
            "recommendations.recommendation.updated",
            actor=actor,
            obj=obj,
            before=before,
            after={k: values[k] for k in before},
        )
    Recommendation.objects.bulk_update(
        changed, [*SCALARS, "content_hash", "updated_at"], batch_size=500
    )
    publication.bump()  # bulk_update sends no signal
    ids = [pk for pk, _v, _d in to_update]
    for name in M2M:
        through = _m2m(name).remote_field.through
        through.objects.filter(recommendation_id__in=ids).delete()
    _write_links(list(zip(ids, links, strict=True)))


def ids_to_index(summary: ImportSummary) -> list[int]:
    """What an import must (re)index: what it changed, and any recommendation
    with no search document yet. The index is written after the import
    commits, so an import killed in between left its rows unindexed; the
    rerun, finding them unchanged, still indexes them."""

    indexed = SearchDocument.objects.filter(kind=RECOMMENDATION).values("object_id")
    missing = Recommendation.objects.exclude(pk__in=indexed).values_list(
        "pk", flat=True
    )
    return [*summary.changed_ids, *missing]
