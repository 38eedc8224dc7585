"""The timeline: events from 1988 to 2023, zoomable, with every disputed date shown.

Plain functions do the work and tests call them:
    timeline_events(ds, zoom="may_1994", phases=["signing"])   -> the events shown (a table)
    date_versions(ds)                                          -> the dates other sources give
    describe_timeline(...)                                     -> the text alternative (a list)
    draw_timeline(...)                                         -> a matplotlib Figure
    event_details_html(event_id, ds)                           -> one event with its sources
`timeline_explorer()` wraps them in a widget (zoom presets, phase filter, event picker).

Where sources disagree on a date, the claims table holds one row per version with the event id
and the ISO date: the timeline draws a hollow diamond for each version, labelled with its source
ids, joined to the event by a dotted line. The event's own date is the dataset's reading.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from .citations import split_ids
from .dataset import shared_dataset
from .strings import resolve_language, t
from .suggest import did_you_mean
from .ui import FULL_LABEL, esc, figure_html, format_date, format_span, sources_html

PHASES = ("context", "negotiation", "signing", "ceasefire", "aftermath")
# Okabe-Ito colours (colour-blind safe), one per phase
PHASE_COLOURS = {"context": "#0072B2", "negotiation": "#E69F00", "signing": "#D55E00",
                 "ceasefire": "#009E73", "aftermath": "#CC79A7"}
FIG_WIDTH_IN, LANE_HEIGHT_IN = 10, 1.0
SLOTS = (0.0, 0.3, -0.3, 0.15, -0.15)  # vertical places for events inside a phase's lane, tried in order
VERSION_ROW = -0.44  # where a lane's "date given by a source" diamonds sit
ISO_DATE_OR_RANGE = r"^\s*(\d{4}-\d{2}-\d{2})(?:\s*/\s*(\d{4}-\d{2}-\d{2}))?\s*$"
ZOOMS = {  # zoom preset -> (first day, last day)
    "all": ("1988-01-01", "2023-12-31"),
    "1993_1994": ("1993-01-01", "1994-12-31"),
    "may_1994": ("1994-04-15", "1994-05-12"),
}


def zoom_window(zoom: str = "all", start=None, end=None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The (start, end) of a zoom preset; explicit `start`/`end` dates override the preset."""
    if zoom not in ZOOMS:
        hint = did_you_mean(str(zoom), ZOOMS)
        raise ValueError(f"unknown zoom {zoom!r}; use one of {', '.join(ZOOMS)}"
                         + (f" ({hint})" if hint else ""))
    first, last = ZOOMS[zoom]
    return pd.Timestamp(start or first), pd.Timestamp(end or last)


def check_phases(phases) -> list[str]:
    """The phases to show: None means all; unknown names raise a ValueError with a hint."""
    if phases is None:
        return list(PHASES)
    if isinstance(phases, str):
        phases = [phases]
    for phase in phases:
        if phase not in PHASES:
            hint = did_you_mean(str(phase), PHASES)
            raise ValueError(f"unknown phase {phase!r}; phases are {', '.join(PHASES)}"
                             + (f" ({hint})" if hint else ""))
    return [p for p in PHASES if p in phases]


def date_versions(ds=None, disputed_only: bool = False) -> pd.DataFrame:
    """Dates that sources give for events: claims with an event id and an ISO date value.

    A value may also be a range ('1994-05-08/1994-05-09'). Column `disputed` is True for every
    version of an event whose sources (and the event row itself) give more than one date;
    `disputed_only=True` keeps just those.
    """
    ds = shared_dataset(ds)
    claims = ds.claims
    columns = ["event_id", "claim_id", "topic", "date", "date_end", "version_en", "version_es",
               "source_ids", "disputed"]
    if len(claims) == 0:
        return pd.DataFrame(columns=columns)
    parts = claims["value"].astype(str).str.extract(ISO_DATE_OR_RANGE)
    dates = pd.to_datetime(parts[0], format="%Y-%m-%d", errors="coerce")
    ends = pd.to_datetime(parts[1], format="%Y-%m-%d", errors="coerce")
    keep = (claims["event_id"] != "") & dates.notna()
    out = pd.DataFrame({
        "event_id": claims.loc[keep, "event_id"], "claim_id": claims.loc[keep, "id"],
        "topic": claims.loc[keep, "topic"], "date": dates[keep], "date_end": ends[keep],
        "version_en": claims.loc[keep, "version_en"], "version_es": claims.loc[keep, "version_es"],
        "source_ids": claims.loc[keep, "source_ids"],
    })
    def span(start, end):
        return (start, start if pd.isna(end) else end)

    own = {e.id: span(e.date, e.date_end) for e in ds.events.itertuples()}
    spans: dict[str, set] = {}  # event id -> every (start, end) given for it, the event's own included
    for v in out.itertuples():
        spans.setdefault(v.event_id, {own[v.event_id]} if v.event_id in own else set()).add(span(v.date, v.date_end))
    out["disputed"] = [len(spans[e]) > 1 for e in out["event_id"]]
    if disputed_only:
        out = out[out["disputed"]]
    return out.sort_values(["event_id", "date", "claim_id"], kind="stable").reset_index(drop=True)


def _short_ids(source_ids: list[str], most: int = 2) -> str:
    """'S04;S09 +9': a marker label that stays short when many sources agree."""
    head = ";".join(source_ids[:most])
    return head + (f" +{len(source_ids) - most}" if len(source_ids) > most else "")


def timeline_events(ds=None, zoom: str = "all", start=None, end=None, phases=None) -> pd.DataFrame:
    """The events shown for a window and phases, in date order, numbered from 1.

    An event is shown when its span, or any date a source gives for it, falls in the window.
    """
    ds = shared_dataset(ds)
    first, last = zoom_window(zoom, start, end)
    phases = check_phases(phases)
    events = ds.events
    ends = events["date_end"].fillna(events["date"])
    in_window = (events["date"] <= last) & (ends >= first)
    versions = date_versions(ds, disputed_only=True)
    dated_in_window = set(versions.loc[versions["date"].between(first, last), "event_id"])
    shown = events[(in_window | events["id"].isin(dated_in_window)) & events["phase"].isin(phases)].copy()
    shown = shown.sort_values(["date", "id"], kind="stable").reset_index(drop=True)
    shown.insert(0, "number", range(1, len(shown) + 1))
    counts = versions.groupby("event_id").size()
    shown["date_versions"] = [int(counts.get(e, 0)) for e in shown["id"]]
    return shown


def _version_date(v, lang: str) -> str:
    return format_span(v.date, v.date_end, "day", lang)


def _versions_text(versions: pd.DataFrame, lang: str) -> str:
    """'5 May 1994 [S04;S09]; 8 May 1994 [S01]': one part per date, every source that gives it."""
    by_date: dict[str, list[str]] = {}
    for v in versions.itertuples():
        by_date.setdefault(_version_date(v, lang), []).extend(split_ids(v.source_ids))
    parts = [f"{day} [{';'.join(dict.fromkeys(ids))}]" for day, ids in by_date.items()]
    return t("timeline.versions_text", lang, versions="; ".join(parts))


def describe_timeline(ds=None, zoom: str = "all", start=None, end=None, phases=None,
                      lang: str | None = None) -> str:
    """The text alternative of the timeline: one numbered line per event shown."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    first, last = zoom_window(zoom, start, end)
    shown = timeline_events(ds, zoom, start, end, phases)
    head = t("timeline.describe_head", lang, start=format_date(first, "day", lang),
             end=format_date(last, "day", lang), count=len(shown),
             phases=", ".join(t(f"phase.{p}", lang) for p in check_phases(phases)))
    if shown.empty:
        return head + "\n" + t("timeline.empty", lang)
    versions = date_versions(ds, disputed_only=True)
    lines = [head]
    for e in shown.itertuples():
        line = (f"{e.number}. {format_span(e.date, e.date_end, e.precision, lang)} - "
                f"{getattr(e, f'title_{lang}')} ({t(f'phase.{e.phase}', lang)}")
        place = getattr(e, f"place_{lang}")
        line += f"; {place})" if place else ")"
        line += f" [{e.source_ids}]"
        mine = versions[versions["event_id"] == e.id]
        if len(mine):
            line += " " + _versions_text(mine, lang)
        lines.append(line)
    return "\n".join(lines)


def _tick_formatter(first, last, lang):
    span_days = (last - first).days

    def fmt(x, _pos):
        stamp = pd.Timestamp(mdates.num2date(x).replace(tzinfo=None))
        if span_days > 3 * 366:
            return str(stamp.year)
        if span_days > 90:
            return t("date.month_format", lang, month=t(f"date.month.{stamp.month}", lang), year=stamp.year)
        return t("date.day_month_format", lang, day=stamp.day, month=t(f"date.month.{stamp.month}", lang))
    return FuncFormatter(fmt)


def _set_ticks(ax, first, last) -> None:
    """About eight readable date ticks: years, months or days depending on the window."""
    days = (last - first).days
    if days > 3 * 366:
        ax.xaxis.set_major_locator(mdates.YearLocator(max(1, -(-(last.year - first.year) // 8))))
    elif days > 90:
        ax.xaxis.set_major_locator(mdates.MonthLocator(interval=max(1, -(-days // (30 * 8)))))
    else:
        ax.set_xticks(list(pd.date_range(first, last, freq=f"{max(1, -(-days // 8))}D")))


def draw_timeline(ds=None, zoom: str = "all", start=None, end=None, phases=None, selected=None,
                  lang: str | None = None) -> Figure:
    """Draw the events shown (one lane per phase, numbered as in `describe_timeline`).

    Returns a matplotlib Figure (not registered with pyplot, so nothing is left open). Print
    `describe_timeline(...)` with the same arguments for its text alternative.
    """
    ds, lang = shared_dataset(ds), resolve_language(lang)
    first, last = zoom_window(zoom, start, end)
    phases = check_phases(phases)
    shown = timeline_events(ds, zoom, start, end, phases)
    versions = date_versions(ds, disputed_only=True)
    height = 1.3 + LANE_HEIGHT_IN * len(phases)
    fig = Figure(figsize=(FIG_WIDTH_IN, height))
    # Fixed margins (room for the lane names on the left and the legend on the right): much faster
    # than an automatic layout, which matters when a learner clicks through the zoom presets.
    fig.subplots_adjust(left=0.13, right=0.80, top=1 - 0.45 / height, bottom=0.55 / height)
    ax = fig.add_subplot()
    markers: dict[tuple, tuple[list, list]] = {}  # (colour, hollow) -> xs, ys: one artist per style
    lane = {p: len(phases) - 1 - i for i, p in enumerate(phases)}
    px_per_day = FIG_WIDTH_IN * 0.75 * 96 / max((last - first).days, 1)  # about, for spacing only

    def days(pixels: float) -> pd.Timedelta:
        return pd.Timedelta(days=pixels / px_per_day)

    in_window = versions[versions["date"].between(first, last)]
    versions_by_event = {event_id: group for event_id, group in in_window.groupby("event_id")}
    slot_free_from = {}  # (phase, slot) -> first date where that slot is free again
    label_free_from = {}  # phase -> first date where the version-label row is free again
    for e in shown.itertuples():
        colour = PHASE_COLOURS[e.phase]
        x = min(max(e.date, first), last)  # a span that starts before the window shows from its edge
        free = [i for i in range(len(SLOTS)) if slot_free_from.get((e.phase, i), x) <= x]
        slot = free[0] if free else min(range(len(SLOTS)), key=lambda i: slot_free_from[(e.phase, i)])
        end = e.date_end if pd.notna(e.date_end) and e.date_end > e.date else e.date
        slot_free_from[(e.phase, slot)] = max(min(end, last), x) + days(14 + 7 * len(str(e.number)))
        y = lane[e.phase] + SLOTS[slot]
        if end > e.date:
            ax.plot([e.date, end], [y, y], color=colour, linewidth=5, alpha=0.45, solid_capstyle="butt")
        xs, ys = markers.setdefault((colour, e.certainty in ("disputed", "unknown")), ([], []))
        xs.append(x)
        ys.append(y)
        if selected is not None and e.id == selected:
            ax.plot([x], [y], marker="o", markersize=16, markerfacecolor="none",
                    markeredgecolor="black", markeredgewidth=2, linestyle="none")
        if free:  # when every slot is crowded, the number is left to the text list (no overprint)
            ax.annotate(str(e.number), (x, y), xytext=(11 if e.id == selected else 6, 0), textcoords="offset points",
                        ha="left", va="center", fontsize=8)
        if e.id not in versions_by_event:
            continue
        row = lane[e.phase] + VERSION_ROW
        for day, group in versions_by_event[e.id].groupby("date", sort=True):  # one diamond per date, all its sources
            ids = list(dict.fromkeys(i for ids in group["source_ids"] for i in split_ids(ids)))
            ax.plot([x, day], [y, row], color=colour, linestyle=":", linewidth=1)
            ax.plot([day], [row], marker="d", markersize=7, color=colour, markerfacecolor="white",
                    linestyle="none")
            label = _short_ids(ids)
            if label_free_from.get(e.phase, day) <= day:
                ax.annotate(label, (day, row), xytext=(5, 0), textcoords="offset points",
                            ha="left", va="center", fontsize=6)
                label_free_from[e.phase] = day + days(10 + 4.2 * len(label))
    for (colour, hollow), (xs, ys) in markers.items():
        ax.plot(xs, ys, marker="o", markersize=8, color=colour, linestyle="none",
                markerfacecolor="white" if hollow else colour)
    ax.set_xlim(first - (last - first) * 0.02, last + (last - first) * 0.02)
    ax.set_ylim(-0.7, len(phases) - 0.3)
    ax.set_yticks([lane[p] for p in phases], [t(f"phase.{p}", lang) for p in phases])
    _set_ticks(ax, first, last)
    ax.xaxis.set_major_formatter(_tick_formatter(first, last, lang))
    ax.grid(axis="x", color="#dddddd", linewidth=0.5)
    ax.set_title(t("timeline.title", lang, start=format_date(first, "day", lang),
                   end=format_date(last, "day", lang)))
    if shown.empty:
        ax.text(0.5, 0.5, t("timeline.empty", lang), transform=ax.transAxes, ha="center", va="center")
    handles = [Line2D([], [], marker="o", color=PHASE_COLOURS[p], linestyle="none",
                      label=t(f"phase.{p}", lang)) for p in phases]
    handles.append(Line2D([], [], marker="d", color="#555555", markerfacecolor="white", linestyle="none",
                          label=t("timeline.legend_version", lang)))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return fig


def event_details(event_id: str, ds=None, lang: str | None = None) -> dict:
    """One event as plain values: title, when, where, phase, certainty, description, sources, versions."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    match = ds.events[ds.events["id"] == event_id]
    if match.empty:
        hint = did_you_mean(str(event_id), ds.events["id"])
        raise ValueError(f"unknown event id {event_id!r}" + (f"; {hint}" if hint else ""))
    e = match.iloc[0]
    versions = date_versions(ds, disputed_only=True)
    mine = versions[versions["event_id"] == event_id]
    return {
        "id": event_id, "title": e[f"title_{lang}"], "when": format_span(e["date"], e["date_end"],
                                                                         e["precision"], lang),
        "place": e[f"place_{lang}"], "phase": t(f"phase.{e['phase']}", lang),
        "certainty": t(f"certainty.{e['certainty']}", lang), "description": e[f"description_{lang}"],
        "source_ids": e["source_ids"],
        "versions": [{"date": _version_date(v, lang), "version": getattr(v, f"version_{lang}"),
                      "source_ids": v.source_ids} for v in mine.itertuples()],
    }


def event_details_html(event_id: str, ds=None, lang: str | None = None) -> str:
    """`event_details` as escaped HTML, with the sources and every date version listed."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    d = event_details(event_id, ds, lang)
    rows = [(t("timeline.when", lang), d["when"]), (t("timeline.where", lang), d["place"] or "-"),
            (t("timeline.phase", lang), d["phase"]), (t("timeline.certainty", lang), d["certainty"])]
    html = f"<h4>{esc(d['title'])}</h4><p>{esc(d['description'])}</p><dl>"
    html += "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows) + "</dl>"
    html += f"<p><b>{esc(t('common.sources', lang))}</b></p>" + sources_html(ds, d["source_ids"], lang)
    if d["versions"]:
        html += f"<p><b>{esc(t('timeline.versions_head', lang))}</b></p><ul>"
        for v in d["versions"]:
            html += (f"<li>{esc(v['date'])}: {esc(v['version'])}"
                     f"{sources_html(ds, v['source_ids'], lang)}</li>")
        html += "</ul>"
    return html


def _text_html(text: str) -> str:
    head, *lines = text.split("\n")
    items = "".join(f"<li>{esc(line.split('. ', 1)[-1])}</li>" for line in lines if line[:1].isdigit())
    rest = "".join(f"<p>{esc(line)}</p>" for line in lines if not line[:1].isdigit())
    return f"<p>{esc(head)}</p>" + (f"<ol>{items}</ol>" if items else "") + rest


def timeline_explorer(ds=None, lang: str | None = None, zoom: str = "all"):
    """The timeline widget: zoom presets, phase checkboxes, an event picker and its details.

    Controls (attributes of the returned box): `.zoom` (ToggleButtons), `.phase_boxes` (dict
    phase -> Checkbox), `.event` (Dropdown of the events shown), `.figure` (HTML image with alt
    text), `.text` (the text alternative), `.details` (the chosen event and its sources).
    """
    import ipywidgets as widgets

    ds, lang = shared_dataset(ds), resolve_language(lang)
    zoom_window(zoom)
    zoom_box = widgets.ToggleButtons(
        options=[(t(f"timeline.zoom.{z}", lang), z) for z in ZOOMS], value=zoom,
        description=t("timeline.zoom_label", lang), style=FULL_LABEL)
    phase_boxes = {p: widgets.Checkbox(value=True, description=t(f"phase.{p}", lang), indent=False,
                                       layout=widgets.Layout(width="auto")) for p in PHASES}
    phase_label = widgets.Label(t("timeline.phase_label", lang))
    event = widgets.Dropdown(description=t("timeline.event_label", lang), style=FULL_LABEL,
                             layout=widgets.Layout(width="auto"))
    figure = widgets.HTML()
    text = widgets.HTML()
    details = widgets.HTML()
    box = widgets.VBox([zoom_box, widgets.HBox([phase_label, *phase_boxes.values()]), figure,
                        widgets.HTML(f"<b>{esc(t('timeline.text_head', lang))}</b>"), text, event, details])
    box.zoom, box.phase_boxes, box.event = zoom_box, phase_boxes, event
    box.figure, box.text, box.details = figure, text, details

    busy = {"options": False}

    def chosen_phases():
        return [p for p, cb in phase_boxes.items() if cb.value]

    def refresh_options():
        shown = timeline_events(ds, zoom_box.value, phases=chosen_phases())
        keep = event.value if event.value in set(shown["id"]) else None
        busy["options"] = True
        event.options = [(t("timeline.choose_event", lang), None)] + [
            (f"{e.number}. {format_date(e.date, e.precision, lang)} - {getattr(e, f'title_{lang}')}", e.id)
            for e in shown.itertuples()]
        event.value = keep
        busy["options"] = False

    def render():
        phases = chosen_phases()
        description = describe_timeline(ds, zoom_box.value, phases=phases, lang=lang)
        fig = draw_timeline(ds, zoom_box.value, phases=phases, selected=event.value, lang=lang)
        figure.value = figure_html(fig, description.split("\n", 1)[0] + " " + t("timeline.alt_tail", lang))
        text.value = _text_html(description)
        details.value = event_details_html(event.value, ds, lang) if event.value else ""

    def on_filter(_change):
        refresh_options()
        render()

    def on_event(_change):
        if not busy["options"]:
            render()

    zoom_box.observe(on_filter, "value")
    for cb in phase_boxes.values():
        cb.observe(on_filter, "value")
    event.observe(on_event, "value")
    on_filter(None)
    return box
