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

from functools import lru_cache

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
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
# Sizes, for a projector: figures are 8.75 in wide at 96 dpi (840 px) and shown at that size in a
# notebook or dashboard 1280 px wide, so a point on screen is a point here (see tests/unit/figure_checks.py).
DPI = 96
FIG_WIDTH_IN = 8.75
SIDE_IN, TITLE_IN, KEY_LINE_IN, BOTTOM_IN = 0.2, 0.42, 0.3, 0.45  # margins and rows outside the axes
AXES_WIDTH_PX = (FIG_WIDTH_IN - 2 * SIDE_IN) * DPI
LABEL_PT, TAG_PT, TICK_PT, TITLE_PT, KEY_PT = 11, 10, 11, 13, 11  # never under 10 pt
ROW_PX = 24  # one row of labels (an 11 pt line is about 17 px high)
MAX_ROWS_PER_PAGE = 12  # the explorer pages through periods that need more rows than this
MARKER_PX, LABEL_GAP_PX, ITEM_GAP_PX, KEY_SWATCH_PX = 7, 9, 8, 22
SHORT_SPAN_PX = 150  # a span shorter than this has its label after its bar, not over it
ISO_DATE_OR_RANGE = r"^\s*(\d{4}-\d{2}-\d{2})(?:\s*/\s*(\d{4}-\d{2}-\d{2}))?\s*$"
ZOOMS = {  # zoom preset -> (first day, last day)
    "1988_1991": ("1988-01-01", "1991-12-31"),
    "1992_1994": ("1992-01-01", "1994-03-31"),
    "apr_may_1994": ("1994-04-01", "1994-05-31"),
    "1994_2025": ("1994-06-01", "2025-12-31"),
    "all": ("1988-01-01", "2025-12-31"),
    "1993_1994": ("1993-01-01", "1994-12-31"),
    "may_1994": ("1994-04-15", "1994-05-12"),
}
# the periods a seminar reads one at a time (the explorer's buttons; every preset above still works)
SEMINAR_ZOOMS = ("1988_1991", "1992_1994", "apr_may_1994", "1994_2025", "all")


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
    """About six to eight readable date ticks: years, months or days depending on the window."""
    days = (last - first).days
    if days > 3 * 366:
        years = (last.year - first.year) / 7
        ax.xaxis.set_major_locator(mdates.YearLocator(next(s for s in (1, 2, 5, 10, 20, 50, 100) if s >= years)))
    elif days > 90:
        ax.xaxis.set_major_locator(mdates.MonthLocator(interval=max(1, -(-days // (30 * 5)))))
    else:
        ax.set_xticks(list(pd.date_range(first, last, freq=f"{max(1, -(-days // 8))}D")))


def short_title(event, lang: str) -> str:
    """The event's short title (column short_en / short_es), or its full title when there is none."""
    short = getattr(event, f"short_{lang}", "")
    return short if isinstance(short, str) and short.strip() else getattr(event, f"title_{lang}")


def _implied_span(e) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day an event may cover: a date known only to the month (year) spans that
    whole month (year), so a year-dated event is not drawn on 1 January."""
    end = e.date_end if pd.notna(e.date_end) and e.date_end > e.date else e.date
    if e.precision == "month":
        end = end + pd.offsets.MonthEnd(0)
    elif e.precision == "year":
        end = end + pd.offsets.YearEnd(0)
    return e.date, end


@lru_cache(maxsize=4096)
def _text_width(text: str, size: float, weight: str = "normal") -> float:
    """Width of a one-line text in pixels at DPI (the same renderer the figure is saved with)."""
    global _RENDERER
    if _RENDERER is None:
        from matplotlib.backends.backend_agg import RendererAgg
        _RENDERER = RendererAgg(10, 10, DPI)
    width, _, _ = _RENDERER.get_text_width_height_descent(
        text, FontProperties(size=size, weight=weight), ismath=False)
    return width


_RENDERER = None


def _fit(text: str, size: float, room: float, weight: str = "normal") -> str:
    """`text`, cut with an ellipsis if it is wider than `room` pixels (never happens with short titles)."""
    if _text_width(text, size, weight) <= room:
        return text
    while len(text) > 4 and _text_width(text + "…", size, weight) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def timeline_layout(ds=None, zoom: str = "all", start=None, end=None, phases=None, selected=None,
                    lang: str | None = None, max_rows: int | None = None) -> list[list[dict]]:
    """Where every marker and label of the timeline goes, as pages of placed items.

    Each event is one item: its marker (on its day; a month- or year-dated event in the middle
    of its month or year, with a bar over the whole period), its label 'number. short title'
    beside it (right, or left near the right edge), and one item per date a source gives for it.
    Items go on the first row where nothing else is in the way, so no two labels overlap.
    With `max_rows`, an event that finds no free row starts a new page. Returns a list of pages,
    each a list of dicts (kind, row, x pixels, label, ...); used by `draw_timeline`, and by tests.
    """
    ds, lang = shared_dataset(ds), resolve_language(lang)
    first, last = zoom_window(zoom, start, end)
    shown = timeline_events(ds, zoom, start, end, phases)
    versions = date_versions(ds, disputed_only=True)
    in_window = versions[versions["date"].between(first, last)]
    by_event = {event_id: group for event_id, group in in_window.groupby("event_id")}
    lo, hi = _xlim(first, last)
    width = AXES_WIDTH_PX
    scale = width / max((hi - lo) / pd.Timedelta(days=1), 1e-9)

    def px(day) -> float:
        return (day - lo) / pd.Timedelta(days=1) * scale

    def beside(anchor: float, text: str, size: float, weight: str = "normal") -> tuple[float, str, str]:
        """x where the label starts, its alignment, and the text (cut if it cannot fit)."""
        room_right, room_left = width - (anchor + LABEL_GAP_PX), anchor - LABEL_GAP_PX
        if _text_width(text, size, weight) <= room_right or room_right >= room_left:
            return anchor + LABEL_GAP_PX, "left", _fit(text, size, room_right, weight)
        return anchor - LABEL_GAP_PX, "right", _fit(text, size, room_left, weight)

    pages: list[list[dict]] = [[]]
    rows: list[list[tuple[float, float]]] = []

    def free(row: int, span: tuple[float, float]) -> bool:
        return row >= len(rows) or all(span[1] + ITEM_GAP_PX <= a or b + ITEM_GAP_PX <= span[0] for a, b in rows[row])

    def take(row: int, span) -> None:
        while len(rows) <= row:
            rows.append([])
        rows[row].append(span)

    for e in shown.itertuples():
        x0, x1 = _implied_span(e)
        day_known = e.precision == "day" or (pd.notna(e.date_end) and e.date_end > e.date)
        when = x0 if day_known else x0 + (x1 - x0) / 2
        marker = px(min(max(when, first), last))
        bar = (px(max(x0, first)), px(min(x1, last))) if x1 > x0 else None
        if bar and bar[1] - bar[0] < (3 if not day_known else 2) * MARKER_PX:
            bar = None  # too short to show at this scale (under the marker): the text list gives it
        bold = "bold" if e.id == selected else "normal"
        # a short span's label starts after its bar, so the bar stays visible
        anchor = bar[1] if bar and day_known and bar[1] - marker < SHORT_SPAN_PX else marker
        lx, align, label = beside(anchor, f"{e.number}. {short_title(e, lang)}", LABEL_PT, bold)
        if align == "right" and anchor != marker:  # no room after the bar: the label goes left of the marker
            lx, align, label = beside(marker, f"{e.number}. {short_title(e, lang)}", LABEL_PT, bold)
        lw = _text_width(label, LABEL_PT, bold)
        label_span = (lx, lx + lw) if align == "left" else (lx - lw, lx)
        edges = [marker - MARKER_PX, marker + MARKER_PX, *label_span, *(bar or ())]
        items = [{"kind": "event", "id": e.id, "phase": e.phase, "x": marker, "bar": bar,
                  "span_kind": ("span" if day_known else e.precision) if bar else None,
                  "hollow": e.certainty in ("disputed", "unknown"), "selected": e.id == selected,
                  "label": label, "label_x": lx, "align": align, "weight": bold,
                  "span": (min(edges), max(edges))}]
        for day, group in (by_event[e.id].groupby("date", sort=True) if e.id in by_event else ()):
            ids = list(dict.fromkeys(i for ids in group["source_ids"] for i in split_ids(ids)))
            where = px(day)
            tx, talign, tag = beside(where, _short_ids(ids), TAG_PT)
            tw = _text_width(tag, TAG_PT)
            tag_span = (tx, tx + tw) if talign == "left" else (tx - tw, tx)
            items.append({"kind": "version", "id": e.id, "phase": e.phase, "x": where, "event_x": marker,
                          "label": tag, "label_x": tx, "align": talign,
                          "span": (min(where - MARKER_PX, *tag_span), max(where + MARKER_PX, *tag_span))})
        placed = _place_group(items, free, max_rows)
        if placed is None:  # no room left on this page: the event starts the next one
            pages.append([])
            rows.clear()
            placed = _place_group(items, free, None)
        for item, row in zip(items, placed, strict=True):
            take(row, item["span"])
            item["row"] = row
        event_row = placed[0]
        for item in items[1:]:
            item["event_row"] = event_row
        pages[-1].extend(items)
    return pages


def _place_group(items, free, max_rows) -> list[int] | None:
    """Rows for an event and its date versions (versions below the event); None if past max_rows."""
    limit = max_rows if max_rows is not None else 10_000
    row = next((r for r in range(limit) if free(r, items[0]["span"])), None)
    if row is None:
        return None
    out, taken = [row], {row: [items[0]["span"]]}
    for item in items[1:]:
        r = row + 1
        while r < limit and not (free(r, item["span"]) and all(
                item["span"][1] + ITEM_GAP_PX <= a or b + ITEM_GAP_PX <= item["span"][0] for a, b in taken.get(r, []))):
            r += 1
        if r >= limit:
            return None
        out.append(r)
        taken.setdefault(r, []).append(item["span"])
    return out


def _xlim(first, last) -> tuple[pd.Timestamp, pd.Timestamp]:
    pad = (last - first) * 0.015
    return first - pad, last + pad


def timeline_pages(ds=None, zoom: str = "all", start=None, end=None, phases=None, lang: str | None = None,
                   max_rows: int = MAX_ROWS_PER_PAGE) -> int:
    """How many pages the timeline needs at `max_rows` rows of labels per page (the explorer pages)."""
    return len(timeline_layout(ds, zoom, start, end, phases, lang=lang, max_rows=max_rows))


def draw_timeline(ds=None, zoom: str = "all", start=None, end=None, phases=None, selected=None,
                  lang: str | None = None, page: int | None = None,
                  max_rows: int = MAX_ROWS_PER_PAGE) -> Figure:
    """Draw the events shown: each marker with 'number. short title' beside it (numbered as in
    `describe_timeline`), coloured by phase, on rows chosen so that no two labels overlap.

    page: None draws every event in one figure (as many rows as needed); 1, 2, ... draws that
    page only, with at most `max_rows` rows of labels (the explorer pages through dense periods).
    Returns a matplotlib Figure (not registered with pyplot, so nothing is left open). Print
    `describe_timeline(...)` with the same arguments for its text alternative.
    """
    ds, lang = shared_dataset(ds), resolve_language(lang)
    first, last = zoom_window(zoom, start, end)
    phase_list = check_phases(phases)
    pages = timeline_layout(ds, zoom, start, end, phase_list, selected, lang,
                            max_rows=None if page is None else max_rows)
    number = 1 if page is None else min(max(int(page), 1), len(pages))
    items = pages[number - 1]
    n_rows = max((i["row"] for i in items), default=0) + 1
    key = _key_entries(items, lang)
    key_lines = _flow_key(key)
    top_in = TITLE_IN + len(key_lines) * KEY_LINE_IN + 0.1
    axes_in = (n_rows + 0.3) * ROW_PX / DPI
    height = top_in + axes_in + BOTTOM_IN
    fig = Figure(figsize=(FIG_WIDTH_IN, height), dpi=DPI)
    fig.subplots_adjust(left=SIDE_IN / FIG_WIDTH_IN, right=1 - SIDE_IN / FIG_WIDTH_IN,
                        top=1 - top_in / height, bottom=BOTTOM_IN / height)
    ax = fig.add_subplot()
    lo, hi = _xlim(first, last)
    ax.set_xlim(lo, hi)
    ax.set_ylim(n_rows - 0.35, -0.65)  # row 0 at the top
    scale = (hi - lo) / AXES_WIDTH_PX

    def day(px: float):
        return lo + scale * px

    markers: dict[tuple, tuple[list, list]] = {}
    for item in items:
        colour = PHASE_COLOURS[item["phase"]]
        y = item["row"]
        if item["kind"] == "version":
            ax.plot([day(item["event_x"]), day(item["x"])], [item["event_row"], y], color=colour, linestyle=":",
                    linewidth=1.2, zorder=1)
            ax.plot([day(item["x"])], [y], marker="d", markersize=8, color=colour, markerfacecolor="white",
                    linestyle="none", zorder=3)
            _label(ax, day(item["label_x"]), y, item["label"], TAG_PT, item["align"])
            continue
        if item["bar"]:
            a, b = day(item["bar"][0]), day(item["bar"][1])
            if item["span_kind"] == "span":
                ax.plot([a, b], [y, y], color=colour, linewidth=6, alpha=0.45, solid_capstyle="butt", zorder=1)
            else:  # only the month or year is known: a thin bracket over the whole period
                ax.plot([a, b], [y, y], color=colour, linewidth=1.5, zorder=1)
                ax.plot([a, b], [y, y], color=colour, marker="|", markersize=10, linestyle="none", zorder=1)
        xs, ys = markers.setdefault((colour, item["hollow"]), ([], []))
        xs.append(day(item["x"]))
        ys.append(y)
        if item["selected"]:
            ax.plot([day(item["x"])], [y], marker="o", markersize=17, markerfacecolor="none",
                    markeredgecolor="black", markeredgewidth=2, linestyle="none", zorder=4)
        _label(ax, day(item["label_x"]), y, item["label"], LABEL_PT, item["align"], item["weight"])
    for (colour, hollow), (xs, ys) in markers.items():
        ax.plot(xs, ys, marker="o", markersize=9, color=colour, linestyle="none", zorder=3,
                markerfacecolor="white" if hollow else colour, markeredgewidth=1.5)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.set_yticks([])
    _set_ticks(ax, first, last)
    ax.xaxis.set_major_formatter(_tick_formatter(first, last, lang))
    ax.tick_params(axis="x", labelsize=TICK_PT)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    title = t("timeline.title", lang, start=format_date(first, "day", lang), end=format_date(last, "day", lang))
    if page is not None and len(pages) > 1:
        numbers = [int(i["label"].split(".", 1)[0]) for i in items if i["kind"] == "event"]
        title += " " + t("timeline.page_of", lang, page=number, pages=len(pages),
                         first=min(numbers, default=0), last=max(numbers, default=0))
    fig.text(SIDE_IN / FIG_WIDTH_IN, 1 - 0.08 / height, title, ha="left", va="top", fontsize=TITLE_PT,
             weight="bold", parse_math=False)
    if not items:
        ax.text(0.5, 0.5, t("timeline.empty", lang), transform=ax.transAxes, ha="center", va="center",
                fontsize=LABEL_PT, parse_math=False)
    _draw_key(fig, key_lines, height)
    return fig


def _label(ax, x, y, text, size, align, weight="normal"):
    """A plain-text label (never read as mathtext) on a white patch, so lines behind it do not
    lower its contrast."""
    ax.text(x, y, text, fontsize=size, ha=align, va="center", weight=weight, zorder=5, parse_math=False,
            bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none", "alpha": 0.9})


def _key_entries(items, lang) -> list[tuple[dict, str]]:
    """The key: only the phases, marks and bars that this view shows."""
    phases = [p for p in PHASES if any(i["phase"] == p and i["kind"] == "event" for i in items)]
    entries = [({"marker": "o", "color": PHASE_COLOURS[p], "linestyle": "none", "markersize": 9},
                t(f"phase.{p}", lang)) for p in phases]
    if any(i["kind"] == "event" and i["hollow"] for i in items):
        entries.append(({"marker": "o", "color": "#555555", "markerfacecolor": "white", "linestyle": "none",
                         "markersize": 9}, t("timeline.legend_uncertain", lang)))
    if any(i["kind"] == "event" and i["span_kind"] == "span" for i in items):
        entries.append(({"color": "#555555", "linewidth": 6, "alpha": 0.45, "solid_capstyle": "butt"},
                        t("timeline.legend_span", lang)))
    if any(i["kind"] == "event" and i["span_kind"] in ("month", "year") for i in items):
        entries.append(({"color": "#555555", "linewidth": 1.5, "marker": "|", "markersize": 10},
                        t("timeline.legend_period", lang)))
    if any(i["kind"] == "version" for i in items):
        entries.append(({"marker": "d", "color": "#555555", "markerfacecolor": "white", "linestyle": "none",
                         "markersize": 8}, t("timeline.legend_version", lang)))
    return entries


def _flow_key(entries) -> list[list[tuple[dict, str, float]]]:
    """Key entries on as many lines as the figure's width needs."""
    lines: list[list] = [[]]
    used, room = 0.0, FIG_WIDTH_IN * DPI - 2 * SIDE_IN * DPI
    for style, label in entries:
        width = KEY_SWATCH_PX + 6 + _text_width(label, KEY_PT) + 20
        if lines[-1] and used + width > room:
            lines.append([])
            used = 0.0
        lines[-1].append((style, label, used))
        used += width
    return [line for line in lines if line]


def _draw_key(fig, lines, height) -> None:
    width_px = FIG_WIDTH_IN * DPI
    for n, line in enumerate(lines):
        y = 1 - (TITLE_IN + (n + 0.5) * KEY_LINE_IN) / height
        for style, label, offset in line:
            x = SIDE_IN / FIG_WIDTH_IN + offset / width_px
            if style.get("linestyle") == "none":
                xs = [x + KEY_SWATCH_PX / 2 / width_px]
            else:
                xs = [x, x + KEY_SWATCH_PX / width_px]
            fig.add_artist(Line2D(xs, [y] * len(xs), transform=fig.transFigure, **style))
            fig.text(x + (KEY_SWATCH_PX + 6) / width_px, y, label, fontsize=KEY_PT, va="center", parse_math=False)


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


def timeline_explorer(ds=None, lang: str | None = None, zoom: str = "apr_may_1994"):
    """The timeline widget: period buttons, phase checkboxes, pages, an event picker and its details.

    Controls (attributes of the returned box): `.zoom` (ToggleButtons: the seminar periods, plus
    `zoom` if it is another preset), `.phase_boxes` (dict phase -> Checkbox), `.page` (which page
    of a dense period, with `.previous` / `.next` buttons), `.event` (Dropdown of the events shown),
    `.figure` (HTML image with alt text), `.text` (the text alternative), `.details` (the chosen
    event and its sources).
    """
    import ipywidgets as widgets

    ds, lang = shared_dataset(ds), resolve_language(lang)
    zoom_window(zoom)
    presets = list(SEMINAR_ZOOMS) + ([zoom] if zoom not in SEMINAR_ZOOMS else [])
    zoom_box = widgets.ToggleButtons(
        options=[(t(f"timeline.zoom.{z}", lang), z) for z in presets], value=zoom,
        description=t("timeline.zoom_label", lang), style=FULL_LABEL | {"button_width": "auto"})
    phase_boxes = {p: widgets.Checkbox(value=True, description=t(f"phase.{p}", lang), indent=False,
                                       layout=widgets.Layout(width="auto")) for p in PHASES}
    phase_label = widgets.Label(t("timeline.phase_label", lang))
    page = widgets.IntSlider(value=1, min=1, max=1, description=t("timeline.page_label", lang), style=FULL_LABEL,
                             continuous_update=False)
    previous = widgets.Button(description=t("timeline.page_previous", lang), icon="arrow-left")
    following = widgets.Button(description=t("timeline.page_next", lang), icon="arrow-right")
    pager = widgets.HBox([previous, page, following])
    event = widgets.Dropdown(description=t("timeline.event_label", lang), style=FULL_LABEL,
                             layout=widgets.Layout(width="auto"))
    figure = widgets.HTML()
    text = widgets.HTML()
    details = widgets.HTML()
    box = widgets.VBox([zoom_box, widgets.HBox([phase_label, *phase_boxes.values()]), pager, figure,
                        widgets.HTML(f"<b>{esc(t('timeline.text_head', lang))}</b>"), text, event, details])
    box.zoom, box.phase_boxes, box.event, box.page = zoom_box, phase_boxes, event, page
    box.previous, box.next, box.pager = previous, following, pager
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
        pages = timeline_pages(ds, zoom_box.value, phases=chosen_phases(), lang=lang)
        page.value, page.max = 1, max(pages, 1)
        pager.layout.display = "flex" if pages > 1 else "none"
        busy["options"] = False

    def render():
        phases = chosen_phases()
        description = describe_timeline(ds, zoom_box.value, phases=phases, lang=lang)
        fig = draw_timeline(ds, zoom_box.value, phases=phases, selected=event.value, lang=lang, page=page.value)
        figure.value = figure_html(fig, description.split("\n", 1)[0] + " " + t("timeline.alt_tail", lang))
        text.value = _text_html(description)
        details.value = event_details_html(event.value, ds, lang) if event.value else ""
        previous.disabled, following.disabled = page.value <= page.min, page.value >= page.max

    def on_filter(_change):
        refresh_options()
        render()

    def on_change(_change):
        if not busy["options"]:
            render()

    def on_event(_change):
        if busy["options"] or not event.value:
            return on_change(None)
        # turn to the page that shows the chosen event
        pages = timeline_layout(ds, zoom_box.value, phases=chosen_phases(), lang=lang, max_rows=MAX_ROWS_PER_PAGE)
        where = next((n for n, items in enumerate(pages, 1) if any(i["id"] == event.value for i in items)), page.value)
        if where != page.value:
            page.value = where  # redraws
        else:
            render()

    def step(delta):
        page.value = min(max(page.value + delta, page.min), page.max)

    zoom_box.observe(on_filter, "value")
    for cb in phase_boxes.values():
        cb.observe(on_filter, "value")
    page.observe(on_change, "value")
    event.observe(on_event, "value")
    previous.on_click(lambda _b: step(-1))
    following.on_click(lambda _b: step(1))
    on_filter(None)
    return box
