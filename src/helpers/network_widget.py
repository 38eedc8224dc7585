"""The network explorer widget: move through the days of the negotiation and see who dealt with whom.

(The file is called network_widget.py, not network_explorer.py, so that the module's name does not
hide the function `helpers.network_explorer()` once the module has been imported.)

A thin wrapper: every control calls `negotiation_graph` (graph.py), the metrics (metrics.py), the
drawing engine (network_plot.py) and the text alternative (network_text.py). Nothing here
computes anything of its own.

Controls (attributes of the explorer, so tests and notebooks can set them from Python):
    date_slider        the day shown (15 April - 12 May 1994), with the date as its readout
    window_toggle      "cumulative" (ties from 15 April up to that day) or "day" (that day only)
    type_filter        relation types shown (a checkbox each, grouped by family of tie)
    certainty_filter   certainty levels shown (a checkbox each)
    kind_filter        kinds of actor shown: people, delegations, institutions, documents (checkboxes)
The three filters are `CheckboxGroup`s: tick or untick a box (no Ctrl-click as in a multiple
selection list); from Python, `.value` is the tuple of ticked values, as before.
    actor_picker       an actor whose ego network (everyone one step away) stays bright
    tie_picker         a tie; "why is this tie here?" shows its relations and full sources
Outputs: picture (the figure: an HTML <img> with alt text; its PNG bytes in `png`), metrics_html
(who is central / brokers, each measure explained
in plain words next to its numbers), why_html (sources of
the picked tie), text_html (the text alternative and the table of ties), message_html (friendly
messages, e.g. when the filters leave nothing). After each change, `graph` holds the network
shown and `description` its text alternative.

The figure is one matplotlib Figure reused for every redraw and sent as a PNG inside an <img> with
alt text (ipywidgets' Image has no alt, and its tooltip breaks the view): no pyplot, no figure left open.
"""

from __future__ import annotations

import base64
import re

import ipywidgets as widgets
import pandas as pd
import traitlets

from .citations import sources_table
from .dataset import shared_dataset
from .graph import (
    CERTAINTY_ORDER,
    DEFAULT_KIND_GROUPS,
    KIND_GROUPS,
    allowed,
    negotiation_graph,
    resolve_actor,
    term,
)
from .metrics import brokerage_table, centrality_table, ego_nodes
from .network_plot import DPI, FIG_SIZE, NetworkCanvas, window_title
from .network_text import describe_network, edge_table
from .strings import resolve_language, t
from .tie_families import families_in, family_of
from .ui import FULL_LABEL, esc, format_date, message_html, perspective_label

# The days of the negotiation: the CIS heads-of-state statement of 15 April 1994 [S05;S18] to the
# ceasefire in force on 12 May 1994 [S20;S48].
FIRST_DAY, LAST_DAY = "1994-04-15", "1994-05-12"
WINDOWS = ("cumulative", "day")
MAX_TABLE_ROWS = 300  # the widget shows at most this many ties in its table (edge_table() has them all)


class CheckboxGroup(widgets.VBox):
    """A labelled group of checkboxes, one per option; `value` is the tuple of ticked options.

    Used instead of a multiple-selection list, where a plain click silently unticks everything
    else. `groups` (optional): {heading: [values]} shows the boxes under small headings.
    """

    value = traitlets.Tuple()

    def __init__(self, options, value=(), description: str = "", groups: dict | None = None, **kwargs):
        self.options = list(options)
        self.description = description
        self.boxes = {v: widgets.Checkbox(value=v in tuple(value), description=label, indent=False,
                                          layout=widgets.Layout(width="auto", margin="0 0 0 8px"))
                      for label, v in self.options}
        rows: list = [widgets.HTML(f"<b>{esc(description)}</b>")]
        if groups:  # one column per group, side by side (short enough to keep the figure in view)
            columns = [widgets.VBox([widgets.HTML(f"<i>{esc(heading)}</i>"), *members],
                                    layout=widgets.Layout(margin="0 16px 0 0"))
                       for heading, values in groups.items()
                       if (members := [self.boxes[v] for v in values if v in self.boxes])]
            rows.append(widgets.HBox(columns, layout=widgets.Layout(flex_flow="row wrap")))
        else:
            rows += list(self.boxes.values())
        super().__init__(rows, layout=widgets.Layout(margin="0 24px 8px 0"), **kwargs)
        self._syncing = False
        self.value = tuple(v for _, v in self.options if v in tuple(value))
        for box in self.boxes.values():
            box.observe(self._from_boxes, names="value")
        self.observe(self._to_boxes, names="value")

    def _from_boxes(self, _change):
        if not self._syncing:
            self.value = tuple(v for _, v in self.options if self.boxes[v].value)

    def _to_boxes(self, change):
        unknown = [v for v in change["new"] if v not in self.boxes]
        if unknown:
            raise ValueError(f"unknown option(s) {unknown}; choose from {[v for _, v in self.options]}")
        self._syncing = True
        try:
            for v, box in self.boxes.items():
                box.value = v in change["new"]
        finally:
            self._syncing = False


class NetworkExplorer(widgets.VBox):
    """The explorer (see the module docstring for its controls and outputs)."""

    def __init__(self, ds=None, lang: str | None = None, day=None, window: str = "cumulative",
                 relation_types=None, certainty=None, kinds=None, actor: str | None = None):
        self.ds = shared_dataset(ds)
        self.lang = lang = resolve_language(lang)
        self.days = list(pd.date_range(FIRST_DAY, LAST_DAY, freq="D"))
        everything = list(KIND_GROUPS)
        # every view is a part of the network of the slider's days: names and key are laid out for it once
        full = negotiation_graph(self.ds, start=FIRST_DAY, end=LAST_DAY, kinds=everything, lang=lang)
        self.canvas = NetworkCanvas(full, lang=lang, fast=True)
        self.graph = full
        self.description = ""
        self.updates = 0
        self._build_controls(day, window, relation_types, certainty, kinds, actor)
        super().__init__(self._layout())
        self._observe()
        self.update()

    # -------------------------------------------------------------- controls

    def _build_controls(self, day, window, relation_types, certainty, kinds, actor):
        lang, style = self.lang, FULL_LABEL
        options = [(format_date(d, "day", lang), d) for d in self.days]
        start = pd.Timestamp(day) if day is not None else self.days[-1]
        self.date_slider = widgets.SelectionSlider(
            options=options, value=start if start in self.days else self.days[-1],
            description=t("network.ui.date", lang), continuous_update=False, style=style,
            layout=widgets.Layout(width="560px"))
        self.window_toggle = widgets.ToggleButtons(
            options=[(t(f"network.ui.window_{w}", lang), w) for w in WINDOWS], value=window,
            description=t("network.ui.window", lang), style=style | {"button_width": "auto"},
            layout=widgets.Layout(margin="0 0 0 24px"))  # room between the date readout and this label
        types = _relation_types(self.ds)
        groups = {t(f"network.family.{f}", lang): [x for x in types if family_of(x) == f] for f in families_in(types)}
        self.type_filter = CheckboxGroup(
            options=[(term("type", x, lang), x) for x in types],
            value=tuple(types if relation_types is None else relation_types),
            description=t("network.ui.types", lang), groups=groups)
        self.certainty_filter = CheckboxGroup(
            options=[(term("certainty", c, lang), c) for c in CERTAINTY_ORDER],
            value=tuple(CERTAINTY_ORDER if certainty is None else certainty),
            description=t("network.ui.certainty", lang))
        self.kind_filter = CheckboxGroup(
            options=[(t(f"network.kind_group.{k}", lang), k) for k in KIND_GROUPS],
            value=tuple(DEFAULT_KIND_GROUPS if kinds is None else kinds),
            description=t("network.ui.kinds", lang))
        actors = sorted(zip(self.ds.actors[f"label_{lang}"], self.ds.actors["id"], strict=True))
        self.actor_picker = widgets.Dropdown(
            options=[(t("common.none", lang), "")] + actors, value="",
            description=t("network.ui.actor", lang), style=style)
        if actor:
            self.actor_picker.value = resolve_actor(actor, self.ds)
        self.tie_picker = widgets.Dropdown(options=[(t("common.none", lang), "")], value="",
                                           description=t("network.ui.tie", lang), style=style,
                                           layout=widgets.Layout(width="460px"))
        # shown at its own size (840 px), never enlarged: names are then 11 pt on screen
        # shown at its own size (never enlarged): an <img> with alt text (the full text alternative is
        # below it), focusable so keyboard users can reach and scroll it
        self.png = b""
        self.picture = widgets.HTML(layout=widgets.Layout(width="100%", max_width=f"{round(FIG_SIZE[0] * DPI)}px"))
        self.message_html = widgets.HTML()
        self.metrics_html = widgets.HTML(layout=widgets.Layout(min_width="260px"))
        self.why_html = widgets.HTML()
        self.text_html = widgets.HTML()

    def _layout(self):
        return [
            widgets.HBox([self.date_slider, self.window_toggle], layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HBox([self.type_filter, self.certainty_filter, self.kind_filter],
                         layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HBox([self.actor_picker, self.tie_picker], layout=widgets.Layout(flex_flow="row wrap")),
            self.message_html,
            widgets.HBox([self.picture, self.metrics_html], layout=widgets.Layout(flex_flow="row wrap")),
            self.why_html,
            self.text_html,
        ]

    def _observe(self):
        for control in (self.date_slider, self.window_toggle, self.type_filter, self.certainty_filter,
                        self.kind_filter, self.actor_picker):
            control.observe(self.update, names="value")
        self.tie_picker.observe(self._show_tie, names="value")

    # -------------------------------------------------------------- one update

    def window(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """First and last day of the ties shown, from the slider and the window toggle."""
        day = self.date_slider.value
        return (day, day) if self.window_toggle.value == "day" else (self.days[0], day)

    def update(self, change=None) -> None:
        """Rebuild the network from the controls and redraw figure, metrics and text in place."""
        lang = self.lang
        start, end = self.window()
        graph = negotiation_graph(self.ds, start=start, end=end, relation_types=list(self.type_filter.value),
                                  certainty=list(self.certainty_filter.value),
                                  kinds=list(self.kind_filter.value), lang=lang)
        self.graph = graph
        centre = self.actor_picker.value or None
        messages = []
        if graph.number_of_edges() == 0:
            messages.append(t("network.text.empty", lang))
        if centre and centre not in graph:
            label = self.ds.actor_label(centre, lang) if hasattr(self.ds, "actor_label") else centre
            messages.append(t("network.ui.not_in_view", lang, actor=label))
            centre = None
        bright = ego_nodes(graph, centre) if centre else None
        title = window_title(start, end, lang)
        self.canvas.update(graph, highlight=bright, centre=centre, title=title,
                           message=t("network.text.empty", lang) if graph.number_of_edges() == 0 else "")
        self.png = self.canvas.to_png()
        self.picture.value = picture_html(self.png, t("network.ui.image_name", lang) + " " + title)
        self.message_html.value = "".join(message_html(m, "warning") for m in messages)
        self.metrics_html.value = self._metrics_html(graph, centre, bright)
        self.description = describe_network(graph, lang)
        self.text_html.value = self._text_html(graph)
        self._refresh_ties(graph)
        self.updates += 1

    def _metrics_html(self, graph, centre, bright) -> str:
        lang = self.lang
        if graph.number_of_edges() == 0:
            return ""
        central = centrality_table(graph, lang).head(5)
        brokers = brokerage_table(graph, lang, top=5)
        brokers = brokers[brokers["brokerage"] > 0]
        parts = [f"<h4>{esc(t('network.ui.metrics_title', lang))}</h4>",
                 _table_html(central, ["rank", "actor", "degree", "betweenness"], lang),
                 _explain(["degree", "betweenness"], lang)]
        if len(brokers):
            parts += [f"<h4>{esc(t('network.ui.brokers_title', lang))}</h4>",
                      _table_html(brokers, ["actor", "brokerage", "between_sides"], lang),
                      _explain(["brokerage", "between_sides"], lang)]
        if centre:
            names = sorted(graph.nodes[v].get("label", v) for v in bright if v != centre)
            parts += [f"<h4>{esc(t('network.ui.ego_title', lang, actor=graph.nodes[centre]['label']))}</h4>",
                      "<ul>" + "".join(f"<li>{esc(n)}</li>" for n in names) + "</ul>"]
        return "".join(parts)

    def _text_html(self, graph) -> str:
        lang = self.lang
        lines = "".join(f"<li>{esc(line)}</li>" for line in self.description.splitlines())
        html = (f"<h4>{esc(t('network.ui.text_title', lang))}</h4>"
                f"<ul class='bishkek-network-text text-alternative'>{lines}</ul>")
        if graph.number_of_edges():
            table = edge_table(graph, lang)
            shown = table.head(MAX_TABLE_ROWS).assign(first_date=lambda d: d["first_date"].dt.strftime("%Y-%m-%d"))
            more = (f"<p>{esc(t('network.ui.edges_more', lang, shown=len(shown), n=len(table)))}</p>"
                    if len(table) > len(shown) else "")
            html += (f"<details><summary>{esc(t('network.ui.edges_title', lang, n=len(table)))}</summary>"
                     + _table_html(shown, ["actor_a", "actor_b", "types", "first_date", "certainty", "source_ids"],
                                   lang) + more + "</details>")
        return html

    # -------------------------------------------------------------- why is this tie here?

    def _refresh_ties(self, graph) -> None:
        previous = self.tie_picker.value
        ties = sorted(((f"{graph.nodes[u]['label']} – {graph.nodes[v]['label']}", f"{u}|{v}")
                       for u, v in graph.edges()), key=lambda x: x[0])
        self.tie_picker.options = [(t("common.none", self.lang), "")] + ties
        keys = {key for _, key in ties}
        self.tie_picker.value = previous if previous in keys else ""
        self._show_tie()

    def _show_tie(self, change=None) -> None:
        lang = self.lang
        key = self.tie_picker.value
        if not key:
            self.why_html.value = f"<p><i>{esc(t('network.ui.why_prompt', lang))}</i></p>"
            return
        u, v = key.split("|")
        data = self.graph.edges[u, v]
        items = []
        for i, rid in enumerate(data["relation_ids"]):
            src, dst = data["directions"][i].split(">")
            head = (f"<b>{esc(rid)}</b>: {esc(self.graph.nodes[src]['label'])} → "
                    f"{esc(self.graph.nodes[dst]['label'])}, {esc(term('type', data['types'][i], lang))}, "
                    f"{esc(format_date(data['dates'][i], 'day', lang))}, "
                    f"{esc(term('certainty', data['certainties'][i], lang))}")
            if data["places"][i]:
                head += f", {esc(data['places'][i])}"
            note = f"<br>{esc(data['notes'][i])}" if data["notes"][i] else ""
            refs = sources_table(self.ds, data["relation_source_ids"][i], lang)
            sources = "".join(
                f"<li><b>{esc(r.id)}</b> {_italics(esc(r.reference))} "
                f"<i>({esc(perspective_label(r.perspective, lang))})</i> – {esc(r.reliability)}</li>"
                for r in refs.itertuples())
            items.append(f"<li>{head}{note}<ul>{sources}</ul></li>")
        title = t("network.ui.why_title", lang, a=self.graph.nodes[u]["label"], b=self.graph.nodes[v]["label"])
        self.why_html.value = f"<h4>{esc(title)}</h4><ul>{''.join(items)}</ul>"


def _explain(measures, lang) -> str:
    """What each measure means, in plain words, right under the table that shows it."""
    items = "".join(f"<li><b>{esc(t(f'network.col.{m}', lang))}</b>: {esc(t(f'network.explain.{m}', lang))}</li>"
                    for m in measures)
    return f"<ul class='bishkek-measures' style='font-size:0.95em'>{items}</ul>"


def picture_html(png: bytes, alt: str) -> str:
    """The PNG as an <img> shown at its own width at most, with `alt` as its accessible name."""
    data = base64.b64encode(png).decode("ascii")
    return (f"<img src='data:image/png;base64,{data}' alt='{esc(alt)}' tabindex='0' "
            "style='width:100%;height:auto;display:block'>")


def _italics(text: str) -> str:
    """*Title* (Markdown, as citations write titles) -> <i>Title</i>; `text` is already escaped."""
    return re.sub(r"\*([^*]+)\*", r"<i>\1</i>", text)


def _relation_types(ds) -> list[str]:
    """Relation types that occur in the data, in the schema's order."""
    present = set(ds.relations["type"])
    return [x for x in allowed("relations", "type", ds) if x in present]


def _table_html(table: pd.DataFrame, columns, lang) -> str:
    """A small accessible HTML table (header cells with scope), every value escaped."""
    head = "".join(f"<th scope='col'>{esc(t(f'network.col.{c}', lang))}</th>" for c in columns)
    rows = "".join("<tr>" + "".join(f"<td>{esc(_cell(value, lang))}</td>" for value in values) + "</tr>"
                   for values in zip(*(table[c] for c in columns), strict=True))
    return f"<table class='bishkek-table tex2jax_ignore'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _cell(value, lang) -> str:
    if isinstance(value, float):
        text = f"{value:.2f}"
        return text.replace(".", ",") if lang == "es" else text
    return "" if value is None else str(value)


def network_explorer(ds=None, lang: str | None = None, **options) -> NetworkExplorer:
    """The network explorer widget (display it as the last line of a cell).

    options: day ('1994-05-05'), window ('cumulative' or 'day'), relation_types, certainty, kinds
    (groups: 'people', 'delegations', 'institutions', 'documents') and actor (a name to highlight).
    """
    return NetworkExplorer(ds, lang=lang, **options)
