"""The built-in taxonomies: their labels, their descriptions in the six
languages (for zero-shot) and how label strings found in files map to them.
Any other taxonomy name takes its labels from the training file."""

from __future__ import annotations

from collections.abc import Callable

from uprtc.recommendations.services import SDG_CODE
from uprtc.taxonomies.models import AffectedPerson, SdgGoal, SdgTarget, Theme

BUILT_IN = ("uhri-themes", "sdg-goals", "sdg-targets", "affected-persons")
LANGS = ("en", "fr", "es", "ar", "zh", "ru")


def descriptions(taxonomy: str) -> dict[str, list[str]]:
    if taxonomy == "uhri-themes":
        return {
            t.slug: [getattr(t, f"name_{s}") for s in LANGS if getattr(t, f"name_{s}")]
            for t in Theme.objects.all()
        }
    if taxonomy == "affected-persons":
        return {
            a.slug: [getattr(a, f"name_{s}") for s in LANGS if getattr(a, f"name_{s}")]
            for a in AffectedPerson.objects.all()
        }
    if taxonomy == "sdg-goals":
        return {
            str(g.number): [getattr(g, f"title_{s}") for s in LANGS]
            + [getattr(g, f"short_{s}") for s in LANGS]
            for g in SdgGoal.objects.all()
        }
    if taxonomy == "sdg-targets":
        return {
            t.code: [getattr(t, f"title_{s}") for s in LANGS]
            for t in SdgTarget.objects.all()
        }
    return {}


def normaliser(taxonomy: str) -> Callable[[str], str | None]:
    """Maps a label as written in a file to the taxonomy's identifier."""
    if taxonomy in ("sdg-goals", "sdg-targets"):

        def sdg(label: str) -> str | None:
            match = SDG_CODE.match(label)
            if not match:
                return None
            if taxonomy == "sdg-goals":
                return match.group("goal")
            target = match.group("target")
            return f"{match.group('goal')}.{target.lower()}" if target else None

        return sdg
    if taxonomy in ("uhri-themes", "affected-persons"):
        from uprtc.recommendations.services import LabelIndex

        index = LabelIndex()
        if taxonomy == "uhri-themes":
            slugs = dict(Theme.objects.values_list("pk", "slug"))

            def theme(label: str) -> str | None:
                found, _unknown = index.theme_ids([label], "current")
                return slugs[sorted(found)[0]] if found else None

            return theme
        slugs = dict(AffectedPerson.objects.values_list("pk", "slug"))

        def person(label: str) -> str | None:
            found, _unknown = index.affected_ids([label])
            return slugs[sorted(found)[0]] if found else None

        return person
    return lambda label: label.strip() or None
