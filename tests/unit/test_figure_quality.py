"""Every figure the notebooks and the dashboard draw is legible on a projector.

For each figure (the notebooks' own calls, found by parsing them, and the widgets at their
defaults and at extreme settings): no two texts overlap, no text under 10 pt at display size
(actor names at least 11 pt), text contrast at least 4.5:1 against its background (WCAG AA),
and at most 5 tie styles in a network key. How display size is assumed: figure_checks.py.
"""

from __future__ import annotations

import functools

import pytest
from figure_checks import (
    ASSUMED_DISPLAY_PX,
    MAX_TIE_STYLES,
    MIN_CONTRAST,
    MIN_NAME_PT,
    MIN_PT,
    measure,
    notebook_calls,
)

from helpers import load_dataset
from helpers.graph import KIND_GROUPS, negotiation_graph
from helpers.network_plot import draw_network
from helpers.network_widget import NetworkExplorer
from helpers.timeline import SEMINAR_ZOOMS, ZOOMS, draw_timeline, timeline_pages

KEY_DAYS = ("1994-04-15", "1994-04-20", "1994-04-28", "1994-05-02", "1994-05-04", "1994-05-05", "1994-05-08",
            "1994-05-09", "1994-05-11", "1994-05-12")
EVERY_KIND = tuple(KIND_GROUPS)


@functools.cache
def dataset():
    return load_dataset()


@functools.cache
def explorer(lang="en"):
    return NetworkExplorer(dataset(), lang=lang)


def explorer_state(lang="en", day="1994-05-12", window="cumulative", kinds=None, actor="", types=None,
                   certainty=None):
    """Set every control of the (shared) explorer, then measure what it shows."""
    e = explorer(lang)
    e.kind_filter.value = tuple(kinds or ("people", "delegations", "institutions"))
    e.type_filter.value = tuple(types or [v for _, v in e.type_filter.options])
    e.certainty_filter.value = tuple(certainty or [v for _, v in e.certainty_filter.options])
    e.window_toggle.value = window
    e.date_slider.value = dict((str(d.date()), d) for d in e.days)[day]
    e.actor_picker.value = actor
    return e


def measure_explorer(e):
    names = [text for text in e.canvas.labels.values() if text.get_visible()]
    return measure(e.canvas.figure, pixels=e.canvas.render(), names=names)


def measure_figure(fig):
    canvas = getattr(fig, "network_canvas", None)
    names = [text for text in canvas.labels.values() if text.get_visible()] if canvas else ()
    return measure(fig, names=names)


def timeline_case(**kwargs):
    return lambda: measure_figure(draw_timeline(dataset(), **kwargs))


def explorer_case(**state):
    return lambda: measure_explorer(explorer_state(**state))


def cases() -> dict:
    out = {}
    # the timeline explorer's figures: every seminar period, every page, both languages
    for lang in ("en", "es"):
        for zoom in SEMINAR_ZOOMS:
            for page in range(1, timeline_pages(dataset(), zoom, lang=lang) + 1):
                out[f"timeline-{zoom}-p{page}-{lang}"] = timeline_case(zoom=zoom, page=page, lang=lang)
    # whole periods in one figure (as a notebook may draw them), one phase only, a chosen event
    for zoom in ZOOMS:
        out[f"timeline-{zoom}-whole"] = timeline_case(zoom=zoom)
    out["timeline-one-phase"] = timeline_case(zoom="apr_may_1994", phases=["signing"], page=1)
    out["timeline-selected"] = timeline_case(zoom="apr_may_1994", selected="ev_bishkek_signing", page=1)
    # the network explorer: its default, the dashboard's view, every day in both windows with
    # every kind of actor, highlights, single filters, Spanish
    out["network-default"] = explorer_case()
    out["network-dashboard"] = explorer_case(day="1994-05-05", window="day", actor="p_kazimirov")
    for day in KEY_DAYS:
        for window in ("day", "cumulative"):
            out[f"network-{day}-{window}-every-kind"] = explorer_case(day=day, window=window, kinds=EVERY_KIND)
    for actor in ("p_kazimirov", "p_aliyev_h", "del_am", "del_nk", "p_jalilov"):
        out[f"network-highlight-{actor}"] = explorer_case(actor=actor, kinds=EVERY_KIND)
    out["network-mediated-only"] = explorer_case(types=["mediated"])
    out["network-unknown-only"] = explorer_case(certainty=["unknown"], kinds=EVERY_KIND)
    out["network-es"] = explorer_case(lang="es", kinds=EVERY_KIND)
    out["draw-network-cumulative"] = lambda: measure_figure(draw_network(
        negotiation_graph(dataset(), start="1994-04-15", end="1994-05-12", kinds=list(EVERY_KIND)), lang="en"))
    out["draw-network-highlight"] = lambda: measure_figure(draw_network(
        negotiation_graph(dataset(), start="1994-04-15", end="1994-05-12"), highlight="Kazimirov", lang="en"))
    # every call in the notebooks and the dashboard, with its own arguments
    for n, (notebook, function, kwargs, _resolved) in enumerate(notebook_calls()):
        out[f"notebook-{notebook}-{function}-{n}"] = notebook_case(function, kwargs)
    return out


def notebook_case(function, kwargs):
    kwargs = {k: v for k, v in kwargs.items() if k != "ds"}
    if function == "draw_timeline":
        return timeline_case(**kwargs)
    if function == "timeline_explorer":
        zoom = kwargs.get("zoom", "apr_may_1994")
        return lambda: worst([measure_figure(draw_timeline(dataset(), zoom=zoom, page=p, lang=kwargs.get("lang")))
                              for p in range(1, timeline_pages(dataset(), zoom) + 1)])
    if function == "network_explorer":
        return lambda: measure_explorer(NetworkExplorer(dataset(), **kwargs))
    # draw_network(G, ...): the graph is a variable; draw the densest the course uses
    options = {k: v for k, v in kwargs.items() if k in ("highlight", "lang", "title")}
    return lambda: measure_figure(draw_network(
        negotiation_graph(dataset(), start="1994-04-15", end="1994-05-12", kinds=list(EVERY_KIND)), **options))


def worst(results: list[dict]) -> dict:
    return {"overlaps": [o for r in results for o in r["overlaps"]], "min_pt": min(r["min_pt"] for r in results),
            "min_name_pt": min(r["min_name_pt"] for r in results), "smallest": "",
            "min_contrast": min(r["min_contrast"] for r in results), "lowest_contrast": "",
            "tie_styles": max(r["tie_styles"] for r in results), "width_px": max(r["width_px"] for r in results),
            "texts": sum(r["texts"] for r in results)}


CASES = cases()


def test_the_notebooks_figure_calls_are_found_and_read():
    calls = notebook_calls()
    functions = {function for _, function, _, _ in calls}
    assert {"timeline_explorer", "network_explorer"} <= functions
    dashboard = [c for c in calls if c[0] == "app_dashboard.ipynb"]
    assert {c[1] for c in dashboard} == {"timeline_explorer", "network_explorer"}
    unread = [c for c in calls if not c[3] and c[1] != "draw_network"]
    assert not unread, f"figure calls with arguments the test cannot read: {unread}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_figure_is_legible_on_a_projector(name):
    result = CASES[name]()
    assert result["texts"] > 0
    assert not result["overlaps"], f"texts overlap: {result['overlaps'][:5]}"
    assert result["min_pt"] >= MIN_PT, f"text of {result['min_pt']:.1f} pt: {result['smallest']!r}"
    assert result["min_name_pt"] >= MIN_NAME_PT
    assert result["min_contrast"] >= MIN_CONTRAST, f"contrast {result['min_contrast']:.2f}: {result['lowest_contrast']!r}"
    assert result["tie_styles"] <= MAX_TIE_STYLES
    assert result["width_px"] <= ASSUMED_DISPLAY_PX  # shown at its own size, so points are points


def test_the_checks_catch_bad_figures():
    """The measures are not blind: overlapping, tiny, pale text fails each check."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(12, 4), dpi=96)
    fig.text(0.1, 0.5, "first label", fontsize=10)
    fig.text(0.12, 0.5, "second label", fontsize=10)
    fig.text(0.5, 0.2, "pale", fontsize=12, color="#bbbbbb")
    result = measure(fig)
    assert result["overlaps"] == [("first label", "second label")]
    assert result["min_pt"] == pytest.approx(10 * ASSUMED_DISPLAY_PX / (12 * 96))  # scaled down to fit
    assert result["min_contrast"] < MIN_CONTRAST
