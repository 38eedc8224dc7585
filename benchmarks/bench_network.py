"""How fast is one update of the network explorer? (a benchmark, not a test)

Prints one `name: value` line per figure:
- update_median_ms: one explorer update on the real data (filter the relations, build the graph,
  compute the metrics and the text alternative, redraw, encode the PNG shown by the widget),
  median over the days of the negotiation;
- bare_draw_median_ms: in the same run, a bare matplotlib draw of a graph of the same size
  (a new Figure, one scatter, one LineCollection, the same names the explorer shows, at the same
  size, saved as PNG);
- update_vs_bare_ratio: the first over the second (goal: <= 1.5; update goal: < 100 ms);
- synthetic_<n>_update_s: one update (median of 5) on a synthetic dataset of n actors and 5 n
  relations, through the same path, for n = 100, 300, 1000 (goal for 1000: < 1.5 s);
- synthetic_growth_100_to_1000: how many times slower 1000 actors are than 100;
- timeline_draw_median_ms / timeline_draw_max_ms: one timeline figure as the timeline explorer
  draws it (lay out the labels, draw, encode the PNG), median and slowest over every page of
  every seminar period (goal: median < 300 ms, so clicking through the periods feels immediate).

Run: .venv/bin/python benchmarks/bench_network.py
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from helpers import load_dataset  # noqa: E402
from helpers.network_plot import FONT_SIZE  # noqa: E402
from helpers.network_widget import NetworkExplorer  # noqa: E402
from helpers.timeline import SEMINAR_ZOOMS, draw_timeline, timeline_pages  # noqa: E402
from helpers.ui import figure_png  # noqa: E402


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def show_day(explorer: NetworkExplorer, day) -> None:
    """Move the slider to `day` (one update; if it is there already, update anyway)."""
    if explorer.date_slider.value == day:
        explorer.update()
    else:
        explorer.date_slider.value = day


def bare_draw(explorer: NetworkExplorer) -> float:
    """A plain matplotlib drawing of the graph the explorer shows, from scratch, to PNG."""
    graph, pos = explorer.graph, explorer.canvas.pos
    labelled = [v for v in graph if v in explorer.canvas.labels and explorer.canvas.labels[v].get_visible()]

    def draw():
        fig = Figure(figsize=explorer.canvas.figure.get_size_inches(), dpi=explorer.canvas.figure.dpi)
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.add_collection(LineCollection([(pos[u], pos[v]) for u, v in graph.edges()], colors="#333333"))
        xy = np.array([pos[v] for v in graph])
        ax.scatter(xy[:, 0], xy[:, 1], c="#0072B2", s=120)
        for v in labelled:
            ax.text(pos[v][0], pos[v][1], graph.nodes[v]["label"], fontsize=FONT_SIZE)
        fig.savefig(io.BytesIO(), format="png")
    return timed(draw)


def synthetic_dataset(n_actors: int, n_relations: int, seed: int = 0) -> SimpleNamespace:
    """Random actors and relations with the schema's columns, dated inside the explorer's window."""
    rng = np.random.default_rng(seed)
    sides = ["azerbaijani", "armenian", "karabakh_armenian", "russian", "cis", "international", "iranian",
             "commentator"]
    kinds = ["person", "delegation", "state", "organisation"]
    types = ["negotiated_with", "mediated", "consulted", "represented", "member_of", "addressed"]
    ids = [f"a{i:04d}" for i in range(n_actors)]
    actors = pd.DataFrame({
        "id": ids, "label_en": [f"Actor {i}" for i in range(n_actors)],
        "label_es": [f"Actor {i}" for i in range(n_actors)], "variants": "",
        "kind": rng.choice(kinds, n_actors), "side": rng.choice(sides, n_actors), "affiliation": "",
        "role_en": "", "role_es": "", "source_ids": "S01"})
    source = rng.integers(0, n_actors, n_relations)
    target = (source + rng.integers(1, n_actors, n_relations)) % n_actors
    days = pd.Timestamp("1994-04-15") + pd.to_timedelta(rng.integers(0, 28, n_relations), unit="D")
    relations = pd.DataFrame({
        "id": [f"R{i:05d}" for i in range(n_relations)], "source": [ids[i] for i in source],
        "target": [ids[i] for i in target], "type": rng.choice(types, n_relations),
        "directed": rng.random(n_relations) < 0.5, "date": days, "date_end": pd.NaT, "precision": "day",
        "place_en": "", "place_es": "", "event_id": "",
        "certainty": rng.choice(["certain", "probable", "disputed", "unknown"], n_relations),
        "note_en": "", "note_es": "", "source_ids": "S01"})
    events = pd.DataFrame({"id": ["ev_a"], "date": [pd.Timestamp("1994-05-05")], "date_end": [pd.NaT],
                           "phase": ["signing"]})
    sources = pd.DataFrame({"id": ["S01"], "author": ["synthetic"], "title": ["synthetic"], "publisher": [""],
                            "year": pd.array([2024], dtype="Int64"), "url": [""], "type": ["database"],
                            "perspective": ["reference"], "reliability_en": [""], "reliability_es": [""]})
    return SimpleNamespace(actors=actors, relations=relations, events=events, sources=sources)


def main() -> None:
    ds = load_dataset()
    explorer = NetworkExplorer(ds, lang="en")
    show_day(explorer, explorer.days[0])  # warm-up
    bare_draw(explorer)
    updates, bares = [], []
    for day in explorer.days:
        updates.append(timed(lambda d=day: show_day(explorer, d)))
        bares.append(bare_draw(explorer))
    update_ms = statistics.median(updates) * 1000
    bare_ms = statistics.median(bares) * 1000
    print(f"real_actors_last_day: {explorer.graph.number_of_nodes()}")
    print(f"real_ties_last_day: {explorer.graph.number_of_edges()}")
    print(f"update_median_ms: {update_ms:.1f}")
    print(f"bare_draw_median_ms: {bare_ms:.1f}")
    print(f"update_vs_bare_ratio: {update_ms / bare_ms:.2f}")

    results = {}
    for n in (100, 300, 1000):
        synthetic = NetworkExplorer(synthetic_dataset(n, 5 * n), lang="en", day="1994-05-11")
        last, before = synthetic.days[-1], synthetic.days[-2]
        times = [timed(lambda d=(last if i % 2 == 0 else before), e=synthetic: show_day(e, d)) for i in range(5)]
        results[n] = statistics.median(times)
        print(f"synthetic_{n}_update_s: {results[n]:.3f}")
    print(f"synthetic_growth_100_to_1000: {results[1000] / results[100]:.1f}")

    draws = []
    figure_png(draw_timeline(ds, zoom=SEMINAR_ZOOMS[0], page=1, lang="en"))  # warm-up
    for zoom in SEMINAR_ZOOMS:
        for page in range(1, timeline_pages(ds, zoom, lang="en") + 1):
            draws.append(timed(lambda z=zoom, p=page: figure_png(draw_timeline(ds, zoom=z, page=p, lang="en"))))
    print(f"timeline_draw_median_ms: {statistics.median(draws) * 1000:.1f}")
    print(f"timeline_draw_max_ms: {max(draws) * 1000:.1f}")


if __name__ == "__main__":
    main()
