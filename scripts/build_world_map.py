"""Build the home page's world map data from Natural Earth 1:110m.

Input: ``countries-110m.json`` of the npm package ``world-atlas@2`` (TopoJSON
of Natural Earth's admin-0 countries, public domain; ISO 3166 numeric ids).
Output: ``uprtc/countries/data/world-110m-paths.json``, the SVG path of every
country in an Equal Earth projection, keyed by ISO 3166 alpha-3 (through the
numeric codes of ``country-codes.csv``), so that the site needs neither the
TopoJSON nor a geographic library at run time.

    cd /tmp && npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_world_map.py /tmp/package/countries-110m.json

Pure Python, standard library only. Steps: decode the quantised, delta-encoded
arcs; simplify each arc once (arcs are shared by neighbours, so borders stay
shared and no gap opens between two countries); project; write relative path
commands rounded to whole units on a 2000-unit-wide view box.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "uprtc" / "countries" / "data"
OUT = DATA / "world-110m-paths.json"
# Whole units on a 2000-unit-wide box: half a pixel of a 1000-px-wide map,
# and shorter than tenths on a 1000-unit box ("3" instead of "1.5").
WIDTH = 2000
ANTARCTICA = "010"
# Natural Earth draws three areas with no ISO code apart from the State the UN
# counts them in: they are drawn as part of it (the shared border removed).
PART_OF = {"N. Cyprus": "196", "Somaliland": "706", "Kosovo": "688"}
TOLERANCE = 1.2  # simplification, in view-box units (0.6 px on a 1000 px map)
MIN_RING_AREA = 3  # islands smaller than this are dropped, never a whole State

Point = tuple[float, float]


# --- Equal Earth (Šavrič, Patterson, Jenny 2018) ----------------------------
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> Point:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (2 * math.sqrt(3) * lam * math.cos(theta)) / (
        3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1)
    )
    y = A4 * t6 * t2 * theta + A3 * t6 * theta + A2 * t2 * theta + A1 * theta
    return x, -y  # SVG's y grows downwards


# --- TopoJSON ---------------------------------------------------------------
def decode_arcs(topology: dict) -> list[list[tuple[int, int]]]:
    """Arcs as absolute quantised positions (delta decoding)."""
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x, y))
        arcs.append(points)
    return arcs


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker, iterative; the end points always stay."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if norm:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / norm
            else:
                d = math.hypot(px - ax, py - ay)
            if d > worst:
                worst, index = d, i
        if worst > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring_arcs(ring: list[int], arcs: list[list[Point]]) -> list[list[Point]]:
    """A ring's arcs in order; ``~i`` is arc ``i`` reversed."""
    return [arcs[i] if i >= 0 else arcs[~i][::-1] for i in ring]


def join(pieces: list[list[Point]]) -> list[Point]:
    ring: list[Point] = []
    for piece in pieces:
        ring.extend(piece[1:] if ring else piece)
    return ring


Ends = dict[int, tuple[tuple[int, int], tuple[int, int]]]


def merge_rings(polygons: list[list[list[int]]], ends: Ends) -> list[list[int]]:
    """Outer rings of several polygons merged: an arc used by two of them (a
    shared border) is dropped, the others are chained end to start. Holes
    are kept as they are."""
    outer = [ring for polygon in polygons for ring in polygon[:1]]
    holes = [ring for polygon in polygons for ring in polygon[1:]]
    used = Counter(i if i >= 0 else ~i for ring in outer for i in ring)
    free = [i for ring in outer for i in ring if used[i if i >= 0 else ~i] == 1]
    return [*chain(free, ends), *holes]


def chain(arc_ids: list[int], ends: Ends) -> list[list[int]]:
    """Arc ids (``~i`` reversed) chained into closed rings by their first and
    last positions (quantised, so equal positions are equal integers)."""
    rings, left = [], list(arc_ids)
    while left:
        ring = [left.pop(0)]
        while ends[ring[-1]][1] != ends[ring[0]][0]:
            end = ends[ring[-1]][1]
            nxt = next(i for i in left if ends[i][0] == end)
            left.remove(nxt)
            ring.append(nxt)
        rings.append(ring)
    return rings


def split_at_antimeridian(ring: list[Point]) -> list[list[Point]]:
    """Natural Earth cuts Russia's and Fiji's rings at 180°, but a ring still
    runs from 180° to -180° and back: projected, it would draw a line across
    the world. Each side's run of points becomes a ring of its own."""
    half = WIDTH / 2
    jumps = [i for i in range(len(ring)) if abs(ring[i][0] - ring[i - 1][0]) > half]
    if not jumps:
        return [ring]
    turned = ring[jumps[0] :] + ring[: jumps[0]]
    runs, run = [], [turned[0]]
    for a, b in zip(turned, turned[1:], strict=False):
        if abs(b[0] - a[0]) > half:
            runs.append(run)
            run = []
        run.append(b)
    runs.append(run)
    return [r for r in runs if len(r) > 2]


def area(ring: list[Point]) -> float:
    return abs(
        sum(
            x0 * y1 - x1 * y0
            for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
        )
        / 2
    )


def path(rings: list[list[Point]]) -> str:
    """Relative commands between positions rounded to whole units (so that
    no rounding error adds up along a ring); "-" needs no separator."""
    out = []
    cx = cy = 0  # the pen
    for ring in rings:
        ints = [(round(x), round(y)) for x, y in ring]
        dedup = [p for i, p in enumerate(ints) if i == 0 or p != ints[i - 1]]
        if dedup[-1] == dedup[0]:
            dedup.pop()
        if len(dedup) < 3:
            continue
        (x, y), rest = dedup[0], dedup[1:]
        # the first move of a path is absolute, later ones relative
        move = f"M{x}{sep(y)}" if not out else f"m{x - cx}{sep(y - cy)}"
        steps, px, py = [], x, y
        for qx, qy in rest:
            step = f"{qx - px}{sep(qy - py)}"
            steps.append(step if not steps or step[0] == "-" else " " + step)
            px, py = qx, qy
        out.append(f"{move}l{''.join(steps)}z")
        cx, cy = x, y  # after "z" the pen is back at the ring's start
    return "".join(out)


def sep(value: int) -> str:
    return str(value) if value < 0 else f",{value}"


def iso3_by_numeric(csv_path: Path) -> dict[str, str]:
    with csv_path.open(encoding="utf-8") as fh:
        return {
            row["ISO3166-1-numeric"].zfill(3): row["ISO3166-1-Alpha-3"]
            for row in csv.DictReader(fh)
            if row["ISO3166-1-numeric"] and row["ISO3166-1-Alpha-3"]
        }


def build(topology: dict, codes: dict[str, str]) -> dict:
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    quantised = decode_arcs(topology)
    ends: Ends = {}
    for i, arc in enumerate(quantised):
        ends[i] = (arc[0], arc[-1])
        ends[~i] = (arc[-1], arc[0])
    projected = [
        [equal_earth(x * sx + tx, y * sy + ty) for x, y in arc] for arc in quantised
    ]
    xs = [x for arc in projected for x, _ in arc]
    scale = WIDTH / (max(xs) - min(xs))
    x0 = min(xs)

    # group polygons by State
    polygons: dict[str, list[list[list[int]]]] = {}
    merged = set()
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if code is None:
            code = PART_OF[geometry["properties"]["name"]]
            merged.add(codes[code])
        if code == ANTARCTICA:
            continue
        polys = geometry["arcs"]
        if geometry["type"] == "Polygon":
            polys = [polys]
        polygons.setdefault(codes[code], []).extend(polys)

    # Simplify arcs once, on the projected plane in view-box units
    units = [[((x - x0) * scale, y * scale) for x, y in arc] for arc in projected]
    simple = [simplify(arc, TOLERANCE) for arc in units]
    y0 = min(y for arc in units for _, y in arc)

    paths = {}
    bottom = 0.0
    for iso3, polys in sorted(polygons.items()):
        if iso3 in merged:
            ring_ids = merge_rings(polys, ends)
        else:
            ring_ids = [ring for polygon in polys for ring in polygon]
        rings = [
            piece
            for r in ring_ids
            for piece in split_at_antimeridian(join(ring_arcs(r, simple)))
        ]
        rings = [[(x, y - y0) for x, y in ring] for ring in rings]
        biggest = max(area(r) for r in rings)
        rings = [r for r in rings if area(r) >= min(MIN_RING_AREA, biggest)]
        bottom = max([bottom, *(y for ring in rings for _, y in ring)])
        paths[iso3] = path(rings)
    return {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), "
        "via world-atlas@2 (ISC); Equal Earth projection; built by "
        "scripts/build_world_map.py",
        "width": WIDTH,
        "height": math.ceil(bottom),
        "paths": paths,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("topojson", type=Path, help="countries-110m.json")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    topology = json.loads(args.topojson.read_text(encoding="utf-8"))
    data = build(topology, iso3_by_numeric(DATA / "country-codes.csv"))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    size = sum(len(d) for d in data["paths"].values())
    print(f"{args.out}: {len(data['paths'])} countries, paths {size:,} bytes")


if __name__ == "__main__":
    main()
