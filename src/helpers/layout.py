"""Where each actor sits in the network drawing, and where its name goes.

Positions are computed once for the whole network and reused for every filtered view, so an
actor never jumps between two dates of the explorer. The layout groups actors by side: the
Azerbaijani side on the left, the Armenian and Karabakh Armenian sides on the right, the Russian
and CIS mediators in the middle, other actors above and below. Within that frame a seeded
force-directed layout (networkx spring layout) spreads the actors out: same data, same picture.

data/layout_positions.json can store positions (written by `python -m helpers.layout`, from the
real data, deterministically). A lecturer may edit it to move an actor by hand. Actors without a
stored position (e.g. added to a copy of the data) get a computed one next to their side.

Names are then placed around their markers so that they do not overlap each other or the
markers: each name tries eight spots around its actor, nearest first, then rings further out,
and takes the first free one (the most connected actors choose first). The drawing may leave out
a name that finds no free spot (its actor is still drawn, and named in the text alternative).
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import networkx as nx
import numpy as np

STORE = Path(__file__).resolve().parents[2] / "data" / "layout_positions.json"
SEED = 1994

# Where each side's actors gather: a box (centre x, centre y, width, height) in a -1..1 frame.
# Azerbaijani side left, Armenian and Karabakh Armenian right, Russian and CIS mediators in the
# middle, international and Iranian actors along the top, documents and commentators at the bottom.
REGIONS = {
    "azerbaijani": (-0.82, 0.05, 0.3, 1.35),
    "russian": (0.0, 0.42, 0.75, 0.5),
    "cis": (0.0, -0.28, 0.75, 0.5),
    "armenian": (0.82, 0.42, 0.3, 0.6),
    "karabakh_armenian": (0.82, -0.33, 0.3, 0.6),
    "international": (-0.3, 0.95, 0.9, 0.08),
    "iranian": (0.55, 0.95, 0.3, 0.08),
    "commentator": (-0.85, -0.95, 0.3, 0.06),
    "document": (0.1, -0.88, 1.3, 0.2),
}
LARGE = 400  # above this many actors, a quick even spread replaces the spring layout


def _region(data: dict) -> str:
    return "document" if data.get("kind") == "document" else data.get("side", "")


def _anchor(data: dict) -> tuple[float, float]:
    box = REGIONS.get(_region(data), (0.0, 0.0, 0.3, 0.3))
    return box[0], box[1]


def _jitter(node) -> np.ndarray:
    """A small fixed offset per actor id (so equal anchors do not start on the same spot)."""
    h = zlib.crc32(str(node).encode("utf-8"))
    return np.array([(h % 1000) / 1000 - 0.5, ((h // 1000) % 1000) / 1000 - 0.5]) * 0.2


def compute_layout(graph: nx.Graph, fixed: dict | None = None, seed: int = SEED) -> dict:
    """Positions for every node: side-anchored spring layout; `fixed` positions are kept."""
    fixed = dict(fixed or {})
    undirected = nx.Graph(graph.to_undirected(as_view=True)) if graph.is_directed() else nx.Graph(graph)
    helper = nx.Graph()
    helper.add_nodes_from(undirected.nodes(data=True))
    helper.add_edges_from((u, v, {"weight": 1.0}) for u, v in undirected.edges())
    anchors = {}
    for node, data in undirected.nodes(data=True):
        anchor = ("__anchor__", _anchor(data))
        anchors[anchor] = np.array(anchor[1])
        helper.add_edge(node, anchor, weight=0.6)
    start = dict(anchors)
    for node, data in undirected.nodes(data=True):
        start[node] = np.array(fixed[node]) if node in fixed else np.array(_anchor(data)) + _jitter(node)
    keep = list(anchors) + [n for n in fixed if n in helper]
    if len(helper) == 0:
        return {}
    n = max(undirected.number_of_nodes(), 1)
    if n > LARGE:
        return _spread(undirected, fixed)
    pos = nx.spring_layout(helper, pos=start, fixed=keep or None, seed=seed, iterations=200,
                           k=1.2 / np.sqrt(n), weight="weight")
    fitted = _fit_regions(undirected, {v: pos[v] for v in undirected.nodes})
    fitted.update({v: tuple(map(float, fixed[v])) for v in fixed if v in fitted})
    return _separate(fitted, movable=[v for v in fitted if v not in fixed])


def _separate(pos: dict, movable, min_gap: float = 0.085, rounds: int = 60) -> dict:
    """Push apart actors closer than `min_gap` (so markers do not sit on each other)."""
    nodes = list(pos)
    if len(nodes) < 2 or not movable:
        return pos
    xy = np.array([pos[v] for v in nodes], dtype=float)
    free = np.array([v in set(movable) for v in nodes])
    aspect = np.array([1.0, 0.8])  # the drawing is wider than tall
    for _ in range(rounds):
        delta = (xy[:, None, :] - xy[None, :, :]) / aspect
        dist = np.sqrt((delta ** 2).sum(axis=2)) + np.eye(len(nodes))
        close = (dist < min_gap) & ~np.eye(len(nodes), dtype=bool)
        if not close.any():
            break
        push = np.where(close[:, :, None], delta / dist[:, :, None] * (min_gap - dist)[:, :, None] / 2, 0.0)
        xy += push.sum(axis=1) * aspect * free[:, None]
    return {v: (float(x), float(y)) for v, (x, y) in zip(nodes, xy, strict=True)}


def _fit_regions(graph: nx.Graph, pos: dict) -> dict:
    """Spread each side's actors evenly over that side's box, keeping their order left to right
    and top to bottom (an actor pulled towards the mediators stays on the side of its box that
    faces them). Each actor gets its own column and row in the box, so none sit on each other."""
    groups: dict = {}
    for node, data in graph.nodes(data=True):
        groups.setdefault(_region(data), []).append(node)
    out = {}
    for region, nodes in groups.items():
        cx, cy, w, h = REGIONS.get(region, (0.0, 0.0, 0.3, 0.3))
        xy = np.array([pos[v] for v in nodes], dtype=float)
        ranks = np.argsort(np.argsort(xy, axis=0, kind="stable"), axis=0, kind="stable")
        unit = (ranks + 0.5) / len(nodes)  # 0..1 within the box, evenly spaced
        for v, (ux, uy) in zip(nodes, unit, strict=True):
            out[v] = (float(cx - w / 2 + ux * w), float(cy - h / 2 + uy * h))
    return out


def _spread(graph: nx.Graph, fixed: dict) -> dict:
    """For very large networks: actors spread evenly (a sunflower spiral) around their side's spot."""
    groups: dict = {}
    for node, data in graph.nodes(data=True):
        if node not in fixed:
            groups.setdefault(_anchor(data), []).append(node)
    pos = {n: tuple(map(float, p)) for n, p in fixed.items() if n in graph}
    golden = np.pi * (3 - np.sqrt(5))
    for anchor, nodes in groups.items():
        radius = 0.35 * np.sqrt(len(nodes) / max(graph.number_of_nodes(), 1) * len(REGIONS))
        for i, node in enumerate(sorted(nodes, key=str)):
            r = radius * np.sqrt((i + 0.5) / len(nodes))
            pos[node] = (float(anchor[0] + r * np.cos(i * golden)),
                         float(anchor[1] + r * np.sin(i * golden)))
    return pos


def load_stored(path: Path | str | None = None) -> dict:
    """Stored positions {actor id: (x, y)}, or {} if there is no file."""
    path = Path(path) if path is not None else STORE
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: (float(v[0]), float(v[1])) for k, v in data.get("positions", {}).items()}


def layout_positions(graph: nx.Graph, stored: dict | bool | None = None, seed: int = SEED) -> dict:
    """Positions for every node of `graph`: stored ones where there are, computed for the rest.

    stored: a dict of positions, None to read data/layout_positions.json, False to ignore it.
    """
    if stored is False:
        known = {}
    else:
        known = load_stored() if stored is None else dict(stored)
    have = {n: known[n] for n in graph.nodes if n in known}
    if len(have) == graph.number_of_nodes():
        return have
    return compute_layout(graph, fixed=have, seed=seed)


def write_positions(path: Path | str | None = None) -> Path:
    """Compute positions for the full real network (all dates, types, kinds) and store them."""
    from .graph import negotiation_graph
    graph = negotiation_graph(kinds=["people", "delegations", "institutions", "documents"])
    pos = compute_layout(graph, seed=SEED)
    path = Path(path) if path is not None else STORE
    body = {"about": "Positions of actors in the network drawing (x, y from -1 to 1). "
                     "Written by `python -m helpers.layout`; edit by hand to move an actor.",
            "positions": {k: [round(x, 4), round(y, 4)] for k, (x, y) in sorted(pos.items())}}
    path.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------- placing names

def place_labels(boxes_wh: np.ndarray, points: np.ndarray, radius: float, bounds: tuple,
                 order=None, obstacles: np.ndarray | None = None, drop: bool = False,
                 rings: int = 4, obstacle_radii: np.ndarray | None = None, sure: int = 0):
    """Choose a spot for each name, in display pixels.

    boxes_wh: (n, 2) width and height of each name; points: (n, 2) its marker's centre; radius:
    marker radius; bounds: (x0, y0, x1, y1) of the drawing area; obstacles: centres of every
    marker to avoid (default: `points`). Returns (centres, overlap, far): where each name's box
    is centred, how many pixels² of it still overlap something, and whether it had to move
    away from its marker (the drawing then adds a thin leader line).
    drop=True: a name that finds no spot clear of the names already placed and of every marker
    (and inside the bounds) is left out: its centre is NaN (names earlier in `order` are placed first).
    rings: how far from its marker a name may go (1 = right beside it; each ring one line further).
    obstacle_radii: each obstacle marker's own radius (default: `radius`). With drop=True a name
    may cover a little of a marker, never most of it; except the first `sure` names in `order`
    (the most important ones), which may cover markers but still never another name.
    """
    n = len(points)
    order = range(n) if order is None else order
    gap = radius + 3.0
    centres, overlap, far = np.zeros((n, 2)), np.zeros(n), np.zeros(n, dtype=bool)
    placed = np.zeros((n, 4))  # x0, y0, x1, y1 of the names placed so far (first `done` rows)
    done = 0
    obstacles = points if obstacles is None else obstacles
    radii = np.full(len(obstacles), radius) if obstacle_radii is None else np.asarray(obstacle_radii, dtype=float)
    markers = np.column_stack([obstacles - radii[:, None], obstacles + radii[:, None]])
    most = 0.3 * (2 * radii.min()) ** 2 if len(radii) else 0.0  # drop: how much marker a name may cover
    x_lo, y_lo, x_hi, y_hi = bounds
    first_ring = np.array([(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1)], dtype=float)
    angles = np.deg2rad(np.arange(0, 360, 30))
    all_round = np.column_stack([np.cos(angles), np.sin(angles)])
    for rank, i in enumerate(order):
        w, h = boxes_wh[i]
        limit = np.inf if rank < sure else most
        best = None  # (cost, ring, centre, box, clash): clash = overlaps a name or leaves the bounds
        for ring in range(rings):
            # ring 0: right, left, above, below, then the four corners; then further out, all round
            reach = np.array([w / 2 + gap, h / 2 + gap]) + (0 if ring == 0 else ring * (h + 4.0))
            spots = points[i] + (first_ring if ring == 0 else all_round) * reach
            boxes = np.column_stack([spots - (w / 2, h / 2), spots + (w / 2, h / 2)])
            outside = ((np.clip(x_lo - boxes[:, 0], 0, None) + np.clip(boxes[:, 2] - x_hi, 0, None)) * h
                       + (np.clip(y_lo - boxes[:, 1], 0, None) + np.clip(boxes[:, 3] - y_hi, 0, None)) * w)
            names = _overlaps(boxes, placed[:done])
            covers = _overlaps(boxes, markers)
            clash = ((names + outside) > 0) | (covers > limit)
            cost = names + covers + 4 * outside + (1e9 * clash if drop else 0)
            k = int(np.argmin(cost))  # the first spot of the ring among the cheapest
            if best is None or cost[k] < best[0]:
                best = (float(cost[k]), ring, spots[k], boxes[k], bool(clash[k]))
            if best[0] == 0:
                break
        if drop and best[4]:
            centres[i], overlap[i], far[i] = np.nan, 0.0, False
            continue
        centres[i], overlap[i], far[i] = best[2], best[0], best[1] > 0
        placed[done] = best[3]
        done += 1
    return centres, overlap, far


def _overlaps(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """For each of `boxes`, its total overlapping area with all of `others` (pixels²)."""
    if len(others) == 0:
        return np.zeros(len(boxes))
    w = np.minimum(boxes[:, None, 2], others[None, :, 2]) - np.maximum(boxes[:, None, 0], others[None, :, 0])
    h = np.minimum(boxes[:, None, 3], others[None, :, 3]) - np.maximum(boxes[:, None, 1], others[None, :, 1])
    return (np.clip(w, 0, None) * np.clip(h, 0, None)).sum(axis=1)


if __name__ == "__main__":
    print(f"wrote {write_positions()}")
