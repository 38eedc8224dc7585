"""The explorer widget, driven from Python: set a control, check what changed."""

import gc
import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure
from network_toy_data import toy_network_dataset

from helpers.network_widget import NetworkExplorer, network_explorer
from helpers.strings import t

CONTROLS = ("date_slider", "window_toggle", "type_filter", "certainty_filter", "kind_filter", "actor_picker",
            "tie_picker")


@pytest.fixture()
def explorer():
    return network_explorer(toy_network_dataset(), lang="en")


def day(text):
    return pd.Timestamp(text)


def test_it_is_a_widget_with_labelled_controls(explorer):
    assert isinstance(explorer, widgets.VBox)
    for name in CONTROLS:
        control = getattr(explorer, name)
        assert control.description.strip(), f"{name} has no visible label"
    assert explorer.date_slider.description == "Day"
    assert explorer.png[:8] == b"\x89PNG\r\n\x1a\n"


def test_spanish_labels():
    e = network_explorer(toy_network_dataset(), lang="es")
    assert e.date_slider.description == "Día"
    assert e.description.startswith("La red muestra")
    assert ("4 de mayo de 1994", day("1994-05-04")) in e.date_slider.options


def test_date_slider_covers_the_days_of_the_negotiation(explorer):
    options = explorer.date_slider.options
    assert len(options) == 28
    assert options[0] == ("15 April 1994", day("1994-04-15"))
    assert options[-1] == ("12 May 1994", day("1994-05-12"))
    assert explorer.date_slider.value == day("1994-05-12")
    assert explorer.date_slider.readout


def test_moving_the_slider_changes_figure_and_text(explorer):
    image, text = explorer.png, explorer.text_html.value
    assert explorer.graph.number_of_edges() == 6
    explorer.date_slider.value = day("1994-04-20")
    assert explorer.graph.number_of_edges() == 1  # only the talks of 20 April so far
    assert explorer.png != image and explorer.text_html.value != text
    assert "2 actors and 1 ties" in explorer.description


def test_one_day_window(explorer):
    explorer.window_toggle.value = "day"
    explorer.date_slider.value = day("1994-05-07")
    assert {tuple(sorted(e)) for e in explorer.graph.edges()} == {("az1", "az2"), ("del_az", "org_cis")}


def test_type_certainty_and_kind_filters(explorer):
    explorer.type_filter.value = ("negotiated_with",)
    assert explorer.graph.number_of_edges() == 3
    explorer.certainty_filter.value = ("certain",)
    assert explorer.graph.number_of_edges() == 2  # Karabakh One's tie is only probable
    explorer.type_filter.value = tuple(v for _, v in explorer.type_filter.options)
    explorer.certainty_filter.value = ("certain", "probable", "disputed", "unknown")
    explorer.kind_filter.value = ("people", "documents")
    assert "doc" in explorer.graph and "del_az" not in explorer.graph


def test_empty_filters_show_a_message_not_an_error(explorer):
    explorer.type_filter.value = ()
    assert explorer.graph.number_of_edges() == 0
    assert "No ties match these filters" in explorer.message_html.value
    assert explorer.metrics_html.value == ""
    assert explorer.png[:8] == b"\x89PNG\r\n\x1a\n"
    explorer.type_filter.value = ("negotiated_with",)
    assert explorer.message_html.value == ""


def test_actor_picker_highlights_the_ego_network(explorer):
    explorer.actor_picker.value = "med"
    assert "Mediator Mia and the actors one step away" in explorer.metrics_html.value
    for name in ("Azer One", "Armen One", "Karabakh One"):
        assert name in explorer.metrics_html.value
    assert explorer.canvas.labels["med"].get_fontweight() == "bold"
    explorer.date_slider.value = day("1994-04-16")
    assert "Mediator Mia has no ties in this view" in explorer.message_html.value


def test_metrics_panel_lists_central_actors_and_brokers(explorer):
    html = explorer.metrics_html.value
    assert "Who is central?" in html and "Who brokers between sides?" in html
    assert html.index("Azer One") < html.index("Mediator Mia")  # rank 1 before rank 2


def test_why_is_this_tie_here(explorer):
    assert "Pick a tie" in explorer.why_html.value
    key = next(k for _, k in explorer.tie_picker.options if set(k.split("|")) == {"med", "az1"})
    explorer.tie_picker.value = key
    html = explorer.why_html.value
    assert "R008" in html and "R001" in html and "Note 8" in html
    assert "Author C" in html and "Page C" in html and "Partisan." in html
    explorer.date_slider.value = day("1994-05-05")  # the tie is still there: keep showing it
    assert explorer.tie_picker.value == key
    explorer.date_slider.value = day("1994-04-15")  # gone: back to the prompt
    assert explorer.tie_picker.value == "" and "Pick a tie" in explorer.why_html.value


def test_text_alternative_is_under_the_figure(explorer):
    assert explorer.children.index(explorer.text_html) > 3
    assert "Text description of the figure" in explorer.text_html.value
    assert "Table of all ties (6)" in explorer.text_html.value
    assert "<th scope='col'>" in explorer.text_html.value


def test_data_text_is_escaped():
    ds = toy_network_dataset()
    ds.actors.loc[ds.actors["id"] == "med", "label_en"] = "<b>Mia</b>"
    e = network_explorer(ds, lang="en")
    assert "<b>Mia</b>" not in e.text_html.value and "&lt;b&gt;Mia&lt;/b&gt;" in e.text_html.value


def test_redraws_reuse_one_figure_and_leak_nothing(explorer):
    figure = explorer.canvas.figure
    before_pyplot = plt.get_fignums()
    gc.collect()
    before = sum(isinstance(o, Figure) for o in gc.get_objects())
    for d in explorer.days[::3]:
        explorer.date_slider.value = d
    explorer.actor_picker.value = "az1"
    gc.collect()
    assert sum(isinstance(o, Figure) for o in gc.get_objects()) == before
    assert plt.get_fignums() == before_pyplot
    assert explorer.canvas.figure is figure
    assert explorer.updates >= 10


def test_options_set_the_starting_view():
    e = NetworkExplorer(toy_network_dataset(), lang="en", day="1994-05-04", window="day", actor="Mediator Mia",
                        relation_types=["negotiated_with"])
    assert e.date_slider.value == day("1994-05-04") and e.window_toggle.value == "day"
    assert e.actor_picker.value == "med"
    assert e.graph.number_of_edges() == 3


def test_long_tables_are_cut_with_a_note(monkeypatch):
    import helpers.network_widget as widget_module
    monkeypatch.setattr(widget_module, "MAX_TABLE_ROWS", 2)
    e = network_explorer(toy_network_dataset(), lang="en")
    assert "Showing the first 2 of 6 ties" in e.text_html.value
    assert e.text_html.value.count("<tr>") == 3  # header + 2 rows


def test_every_actor_is_named_in_the_figure_or_counted_in_its_note():
    """On the real data, names never collide: an actor whose name finds no free spot is counted in
    the figure's note (and named in the text alternative); the most connected actors and the
    highlighted one are always named."""
    from helpers import load_dataset

    e = network_explorer(load_dataset(), lang="en")
    e.kind_filter.value = tuple(option for _, option in e.kind_filter.options)  # documents too
    for window in ("cumulative", "day"):
        e.window_toggle.value = window
        for stamp in (day("1994-04-15"), day("1994-05-05"), day("1994-05-08"), day("1994-05-12")):
            e.date_slider.value = stamp
            shown = {v for v, text in e.canvas.labels.items() if text.get_visible()}
            assert shown | set(e.canvas.unnamed) == set(e.graph), f"{window} {stamp.date()}"
            top = sorted(e.graph, key=lambda v: -e.graph.degree(v))[:3]
            assert set(top) <= shown, f"{window} {stamp.date()}: a most connected actor is unnamed"
            note = e.canvas.unnamed_note.get_text().replace("\n", " ")
            assert (f": {len(e.canvas.unnamed)}." in note) if e.canvas.unnamed else note == ""
            for v in e.canvas.unnamed:  # named in the table of ties under the figure
                assert html.escape(e.graph.nodes[v]["label"]) in e.text_html.value
    e.actor_picker.value = "p_kazimirov"
    assert e.canvas.labels["p_kazimirov"].get_visible()
    assert e.canvas.labels["p_kazimirov"].get_fontweight() == "bold"


def test_filters_are_checkboxes_and_keep_their_tuple_value(explorer):
    """A plain click on one checkbox changes only that box (no multiple-selection list)."""
    for name in ("type_filter", "certainty_filter", "kind_filter"):
        group = getattr(explorer, name)
        assert not isinstance(group, widgets.SelectMultiple)
        assert all(isinstance(box, widgets.Checkbox) and box.description for box in group.boxes.values())
    group = explorer.type_filter
    before = set(group.value)
    group.boxes["negotiated_with"].value = False  # a learner unticks one box
    assert set(group.value) == before - {"negotiated_with"}
    assert all(box.value for v, box in group.boxes.items() if v != "negotiated_with")
    assert not any(d.get("type") == "negotiated_with" for *_, d in explorer.graph.edges(data=True))
    group.value = ("mediated",)  # set from Python: the boxes follow
    assert [v for v, box in group.boxes.items() if box.value] == ["mediated"]
    with pytest.raises(ValueError, match="unknown option"):
        group.value = ("negotiated",)


def test_each_measure_is_explained_where_it_is_shown(explorer):
    html = explorer.metrics_html.value
    for column in ("degree", "betweenness", "brokerage", "between_sides"):
        heading = t(f"network.col.{column}", "en")
        assert html.count(f"<b>{heading}</b>: ") == 1, column
    assert "shortest chain of ties between two other actors" in html


def test_the_picture_is_an_img_with_alt_text_and_reachable_by_keyboard():
    from html.parser import HTMLParser

    import helpers

    explorer = helpers.network_explorer(helpers.load_dataset(), day="1994-05-05", window="day")
    found = []

    class Img(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "img":
                found.append(dict(attrs))

    Img().feed(explorer.picture.value)
    assert len(found) == 1 and found[0]["src"].startswith("data:image/png;base64,")
    assert "5 May 1994" in found[0]["alt"] and found[0]["tabindex"] == "0"


def test_a_one_day_view_is_titled_with_its_day():
    from helpers.network_plot import window_title

    assert window_title("1994-05-05", "1994-05-05", "en") == "Who dealt with whom on 5 May 1994"
    assert "al" in window_title("1994-04-15", "1994-05-05", "es")
