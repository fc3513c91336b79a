"""Matchmaking quality (issue 5): nDCG@10 and recall@10 of the engine
against two simpler baselines, on an evaluation set built from real data.

How the set is built (and its weaknesses):
* requests: the accepted recommendations of OHCHR's thematic list for
  Slovenia, cycle 3 (shipped demo file), with the SDG goals OHCHR assigned;
  the need is the recommendation's text; 182 requests, 169 with SDG goals;
* offers: the 216 real IATI human-rights activities of the demo file, their
  title and description as the expertise, the SDG goals their publishers
  assigned (120 have some), themes from their DAC sectors;
* relevance: an offer is relevant to a request when they share an SDG goal
  (human labels on both sides). The SDG labels are held out: no system sees
  them. The systems see the texts, the request's UHRI themes (OHCHR's labels)
  and the offer's themes derived from its DAC sectors. Weaknesses: goals are
  coarse (goal 16 and 5 dominate), OHCHR tags generic recommendations with
  many goals, publishers label unevenly, and Slovenia is not a recipient of
  these activities, so the geographic constraints are switched off (every
  offer serves anywhere) and only topical fit is measured;
* systems: the engine (all features, default weights); text similarity
  alone (cosine of the multilingual embeddings); theme overlap alone.

    DEBUG=1 .venv/bin/python bench/matching_quality.py
"""

from __future__ import annotations

import math

import numpy as np
from _common import machine, setup_django

K = 10


def ndcg(ranked: list[int], relevant: set[int], k: int = K) -> float:
    gains = sum(1 / math.log2(i + 2) for i, o in enumerate(ranked[:k]) if o in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return gains / ideal if ideal else 0.0


def recall(ranked: list[int], relevant: set[int], k: int = K) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def main() -> None:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # the vocabularies
    from uprtc import embeddings
    from uprtc.demo.activities import DATA, SECTOR_THEMES
    from uprtc.demo.iati_seed import read_seed
    from uprtc.matching.engine import OfferData, RequestData
    from uprtc.matching.matrix import OfferMatrix
    from uprtc.recommendations.importers import ohchr_docx
    from uprtc.recommendations.services import SDG_CODE, LabelIndex
    from uprtc.recommendations.tests.test_import_ohchr_docx import CYCLE3
    from uprtc.taxonomies.models import Theme

    print(machine())
    seeds = read_seed(DATA)
    offer_vectors = embeddings.embed([f"{s.title}\n{s.description}" for s in seeds])
    offer_goals = [frozenset(str(g) for g in s.sdg_goals) for s in seeds]
    offers = [
        OfferData(
            id=i,
            languages=frozenset({"en"}),
            capacity=10**6,
            themes=frozenset(
                t for c in s.dac_sectors for t in SECTOR_THEMES.get(c, [])
            ),
            vector=offer_vectors[i],
        )
        for i, s in enumerate(seeds)
    ]
    recs = [r for r in ohchr_docx.parse(CYCLE3).records if r.response == "supported"]
    labels = LabelIndex()
    slugs = dict(Theme.objects.values_list("pk", "slug"))
    rec_themes = [
        frozenset(slugs[t] for t in labels.theme_ids(r.theme_labels, "current")[0])
        for r in recs
    ]
    goals = [
        frozenset(
            m.group("goal") for label in r.sdg_labels if (m := SDG_CODE.match(label))
        )
        for r in recs
    ]
    rec_vectors = embeddings.embed([r.text for r in recs])
    matrix = OfferMatrix(offers)
    results: dict[str, list[tuple[float, float]]] = {
        "engine": [],
        "text similarity": [],
        "theme overlap": [],
    }
    evaluated = 0
    for i in range(len(recs)):
        relevant = {o.id for o in offers if offer_goals[o.id] & goals[i]}
        if not goals[i] or not relevant:
            continue
        evaluated += 1
        request = RequestData(
            id=i,
            state="SVN",
            languages=frozenset({"en"}),
            themes=rec_themes[i],
            vector=rec_vectors[i],
        )
        engine_rank = matrix.rank(request).offer_ids.tolist()
        text_rank = list(np.argsort(-(offer_vectors @ rec_vectors[i]), kind="stable"))
        overlap = [len(o.themes & rec_themes[i]) for o in offers]
        theme_rank = list(np.argsort(-np.array(overlap), kind="stable"))
        for name, ranked in (
            ("engine", engine_rank),
            ("text similarity", text_rank),
            ("theme overlap", theme_rank),
        ):
            results[name].append((ndcg(ranked, relevant), recall(ranked, relevant)))
    print(f"  {evaluated} requests with labels, {len(offers)} offers")
    for name, scores in results.items():
        arr = np.array(scores)
        print(
            f"  {name:16} nDCG@10 {arr[:, 0].mean():.3f}  "
            f"recall@10 {arr[:, 1].mean():.3f}"
        )


if __name__ == "__main__":
    main()
