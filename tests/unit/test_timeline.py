"""Timeline: window and phase filters, disputed dates shown per source, text alternative, widget."""

import pandas as pd
import pytest
from learner_toy_data import toy_dataset
from matplotlib import pyplot as plt

from helpers import timeline as tl

MAY_1994 = ["ev_cis_summit", "ev_bishkek_meeting", "ev_protocol_signed", "ev_baku_signature", "ev_ceasefire"]


@pytest.fixture
def ds():
    return toy_dataset()


def _add_claim(ds, **row):
    base = {"id": "C099", "topic": "signing_date", "version_en": "v", "version_es": "v", "value": "",
            "event_id": "", "source_ids": "S09"}
    base.update(row)
    ds.claims = pd.concat([ds.claims, pd.DataFrame([base])], ignore_index=True)
    return ds


def test_zoom_presets_and_errors():
    assert tl.zoom_window("may_1994") == (pd.Timestamp("1994-04-15"), pd.Timestamp("1994-05-12"))
    assert tl.zoom_window("all", start="1994-01-01")[0] == pd.Timestamp("1994-01-01")
    with pytest.raises(ValueError, match="did you mean 'may_1994'"):
        tl.zoom_window("may1994")
    with pytest.raises(ValueError, match="did you mean 'signing'"):
        tl.check_phases(["signin"])


def test_events_in_the_may_1994_window_are_numbered_in_date_order(ds):
    shown = tl.timeline_events(ds, "may_1994")
    assert list(shown["id"]) == MAY_1994
    assert list(shown["number"]) == [1, 2, 3, 4, 5]
    assert list(shown["date_versions"]) == [0, 0, 3, 0, 0]


def test_whole_period_and_phase_filter(ds):
    assert len(tl.timeline_events(ds, "all")) == 7
    signing = tl.timeline_events(ds, "all", phases=["signing"])
    assert list(signing["id"]) == ["ev_protocol_signed", "ev_baku_signature"]
    assert tl.timeline_events(ds, "may_1994", phases="aftermath").empty


def test_date_versions_one_per_claim_and_only_real_disagreements_are_disputed(ds):
    _add_claim(ds, id="C098", value="1994-05-12", event_id="ev_ceasefire")  # agrees with the event
    _add_claim(ds, id="C099", value="1994-05-08/1994-05-09", event_id="ev_baku_signature")  # a range
    _add_claim(ds, id="C100", value="about a week later", event_id="ev_baku_signature")  # not a date
    versions = tl.date_versions(ds)
    assert set(versions["claim_id"]) == {"C001", "C002", "C003", "C098", "C099"}
    disputed = dict(zip(versions["claim_id"], versions["disputed"], strict=True))
    assert not disputed["C098"]  # the only source agrees with the event's date
    assert disputed["C001"]  # 5, 8 and 12 May for one event
    assert disputed["C099"]  # the event says 8 May, this source 8-9 May
    ranged = versions[versions["claim_id"] == "C099"].iloc[0]
    assert ranged["date_end"] == pd.Timestamp("1994-05-09")


def test_event_outside_the_window_is_shown_when_a_source_dates_it_inside(ds):
    _add_claim(ds, value="1994-05-01", event_id="ev_budapest")  # budapest is 6 Dec 1994
    assert "ev_budapest" in set(tl.timeline_events(ds, "may_1994")["id"])


def test_text_alternative_lists_every_event_and_every_date_version(ds):
    text = tl.describe_timeline(ds, "may_1994")
    lines = text.splitlines()
    assert len(lines) == 1 + 5
    assert lines[3].startswith("3. 5 May 1994 - Protocol signed in Bishkek")
    for piece in ("5 May 1994 [S04]", "8 May 1994 [S01;S27]", "12 May 1994 [S09]"):
        assert piece in lines[3]
    spanish = tl.describe_timeline(ds, "may_1994", lang="es")
    assert "8 de mayo de 1994 [S01;S27]" in spanish
    assert "Firma del protocolo en Bishkek" in spanish


def test_empty_window_says_so(ds):
    assert "No events" in tl.describe_timeline(ds, "1993_1994", phases=["aftermath"], start="1993-01-01",
                                              end="1993-12-31")


def test_figure_has_one_diamond_per_disputed_date_and_leaks_nothing(ds):
    before = plt.get_fignums()
    fig = tl.draw_timeline(ds, "may_1994", selected="ev_protocol_signed")
    diamonds = [line for ax in fig.axes for line in ax.get_lines()
                if line.get_marker() == "d" and len(line.get_xdata()) == 1]
    assert len(diamonds) == 3
    labels = {text.get_text() for text in fig.axes[0].texts}
    assert {"S04", "S01;S27", "S09", "1. CIS summit", "5. Ceasefire in force"} <= labels  # versions, titles
    assert plt.get_fignums() == before


def test_marker_label_stays_short_when_many_sources_agree():
    assert tl._short_ids(["S04", "S09", "S10", "S12", "S14"]) == "S04;S09 +3"


def test_event_details_and_escaping(ds):
    details = tl.event_details("ev_protocol_signed", ds)
    assert [v["source_ids"] for v in details["versions"]] == ["S04", "S01;S27", "S09"]
    ds.events.loc[ds.events["id"] == "ev_baku_signature", "title_en"] = "<script>alert(1)</script>"
    html = tl.event_details_html("ev_baku_signature", ds)
    assert "<script>" not in html and "&lt;script&gt;" in html
    with pytest.raises(ValueError, match="did you mean 'ev_ceasefire'"):
        tl.event_details("ev_ceasfire", ds)


def test_widget_zoom_phase_and_event_picker(ds):
    assert tl.timeline_explorer(ds).zoom.value == "apr_may_1994"  # opens on the days of the protocol
    w = tl.timeline_explorer(ds, zoom="all")
    assert len(w.event.options) == 1 + 7
    w.zoom.value = "apr_may_1994"
    assert [value for _, value in w.event.options][1:] == MAY_1994
    assert "<img" in w.figure.value and "alt='Timeline from 1 April 1994" in w.figure.value
    assert w.text.value.count("<li>") == 5
    w.event.value = "ev_protocol_signed"
    assert "Protocol signed in Bishkek" in w.details.value and "S01" in w.details.value
    w.phase_boxes["signing"].value = False
    assert "ev_protocol_signed" not in [value for _, value in w.event.options]
    assert w.event.value is None and w.details.value == ""
    assert w.text.value.count("<li>") == 3
    assert all(cb.description for cb in w.phase_boxes.values()) and w.zoom.description and w.event.description


def test_widget_with_every_phase_unticked_says_so(ds):
    w = tl.timeline_explorer(ds, lang="es")
    for checkbox in w.phase_boxes.values():
        checkbox.value = False
    assert "No hay sucesos" in w.text.value and len(w.event.options) == 1


# ---------------------------------------------------------------- legible on a projector

def _event_texts(fig):
    return {text.get_text(): text for text in fig.axes[0].texts}


def test_each_event_has_its_short_title_beside_its_marker(ds):
    ds.events["short_en"] = ["Vote", "Summit", "Meeting", "Signed in Bishkek", "Baku signs", "Ceasefire", "Budapest"]
    fig = tl.draw_timeline(ds, "apr_may_1994", lang="en")
    texts = _event_texts(fig)
    assert {"1. Summit", "3. Signed in Bishkek", "5. Ceasefire"} <= set(texts)
    # beside its marker (or after its short bar): on the marker's row, a few pixels away
    ds.events.loc[ds.events["id"] == "ev_bishkek_meeting", "date_end"] = pd.Timestamp("1994-05-09")
    layout = tl.timeline_layout(ds, "apr_may_1994", lang="en")[0]
    events = [i for i in layout if i["kind"] == "event"]
    for item in events:
        start = max(item["x"], item["bar"][1]) if item["bar"] and item["align"] == "left" else item["x"]
        gap = item["label_x"] - start if item["align"] == "left" else item["x"] - item["label_x"]
        assert 0 < gap <= 12
    meeting = next(i for i in events if i["id"] == "ev_bishkek_meeting")
    assert meeting["bar"] and meeting["label_x"] > meeting["bar"][1]  # the bar is not hidden under it


def test_without_a_short_title_the_full_title_is_used(ds):
    assert "3. Protocol signed in Bishkek" in _event_texts(tl.draw_timeline(ds, "apr_may_1994", lang="en"))


def test_labels_never_overlap_even_when_every_event_falls_on_one_day(ds):
    from figure_checks import measure

    crowd = ds.events.iloc[[3] * 30].copy()
    crowd["id"] = [f"ev_same_day_{i}" for i in range(30)]
    crowd["title_en"] = [f"Event number {i} on the same day" for i in range(30)]
    ds.events = pd.concat([ds.events, crowd], ignore_index=True)
    whole = tl.draw_timeline(ds, "apr_may_1994")
    assert measure(whole)["overlaps"] == []
    pages = tl.timeline_pages(ds, "apr_may_1994")
    assert pages >= 3  # at most MAX_ROWS_PER_PAGE rows of labels per page
    shown = []
    for page in range(1, pages + 1):
        fig = tl.draw_timeline(ds, "apr_may_1994", page=page)
        result = measure(fig)
        assert result["overlaps"] == [] and result["min_pt"] >= 10
        shown += [t.split(".")[0] for t in _event_texts(fig) if t[:1].isdigit()]
        assert f"page {page} of {pages}" in fig.texts[0].get_text()
    assert sorted(map(int, shown)) == list(range(1, 1 + len(tl.timeline_events(ds, "apr_may_1994"))))


def test_day_dated_events_sit_on_their_day_and_year_dated_ones_span_their_year(ds):
    ds.events.loc[ds.events["id"] == "ev_budapest", ["date", "precision"]] = [pd.Timestamp("2003-01-01"), "year"]
    items = {i["id"]: i for i in tl.timeline_layout(ds, "1994_2025")[0] if i["kind"] == "event"}
    first, last = tl._xlim(*tl.zoom_window("1994_2025"))
    per_day = tl.AXES_WIDTH_PX / ((last - first) / pd.Timedelta(days=1))

    def px(day):
        return (pd.Timestamp(day) - first) / pd.Timedelta(days=1) * per_day

    year = items["ev_budapest"]
    assert year["span_kind"] == "year"
    assert year["bar"] == pytest.approx((px("2003-01-01"), px("2003-12-31")))
    assert year["x"] == pytest.approx(px("2003-07-02"), abs=per_day)  # the middle of 2003, not 1 January
    may = {i["id"]: i for i in tl.timeline_layout(ds, "apr_may_1994")[0] if i["kind"] == "event"}
    first, last = tl._xlim(*tl.zoom_window("apr_may_1994"))
    per_day = tl.AXES_WIDTH_PX / ((last - first) / pd.Timedelta(days=1))
    assert may["ev_protocol_signed"]["x"] == pytest.approx(px("1994-05-05"))
    assert may["ev_protocol_signed"]["bar"] is None


def test_seminar_periods_cover_every_event_from_1988(ds):
    from helpers import load_dataset

    real = load_dataset()
    seen = set()
    for zoom in tl.SEMINAR_ZOOMS[:-1]:  # the four periods, without the whole-conflict overview
        seen |= set(tl.timeline_events(real, zoom)["id"])
    assert seen == set(real.events["id"])
    first, last = tl.zoom_window("apr_may_1994")
    assert tl.SEMINAR_ZOOMS[-1] == "all" and (last - first).days < 92


def test_key_lists_only_what_the_view_shows(ds):
    fig = tl.draw_timeline(ds, "apr_may_1994", phases=["signing"])
    texts = {t.get_text() for t in fig.texts}
    assert "Signing" in texts and "Context" not in texts and "Ceasefire" not in texts
    assert "date given by a source" in texts  # the protocol's date is disputed
    fig = tl.draw_timeline(ds, "1988_1991")
    assert "date given by a source" not in {t.get_text() for t in fig.texts}


def test_titles_with_dollar_signs_are_drawn_as_plain_text(ds):
    """'$' in data is text, never mathtext (an unbalanced '$\\frac' would crash the drawing)."""
    hostile = "Cost $5 and $\\frac{1 $x^2$"
    ds.events.loc[ds.events["id"] == "ev_protocol_signed", "title_en"] = hostile
    fig = tl.draw_timeline(ds, "apr_may_1994", selected="ev_protocol_signed")
    from helpers.ui import figure_png
    assert figure_png(fig)[:4] == b"\x89PNG"
    label = _event_texts(fig)[f"3. {hostile}"]
    assert label.get_parse_math() is False
    assert all(text.get_parse_math() is False for text in fig.texts)
    w = tl.timeline_explorer(ds, zoom="apr_may_1994")
    assert "<img" in w.figure.value


def test_explorer_pages_through_a_dense_period(ds):
    crowd = ds.events.iloc[[3] * 30].copy()
    crowd["id"] = [f"ev_same_day_{i}" for i in range(30)]
    ds.events = pd.concat([ds.events, crowd], ignore_index=True)
    w = tl.timeline_explorer(ds)
    assert w.pager.layout.display == "flex" and w.page.max == tl.timeline_pages(ds, "apr_may_1994")
    first = w.figure.value
    assert w.previous.disabled and not w.next.disabled
    w.next.click()
    assert w.page.value == 2 and w.figure.value != first
    w.event.value = "ev_same_day_29"  # choosing an event turns to its page
    pages = tl.timeline_layout(ds, "apr_may_1994", max_rows=tl.MAX_ROWS_PER_PAGE)
    assert any(i["id"] == "ev_same_day_29" for i in pages[w.page.value - 1])
    w.zoom.value = "1988_1991"
    assert w.page.value == 1 and w.pager.layout.display == "none"
