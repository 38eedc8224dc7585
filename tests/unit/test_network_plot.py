"""Drawing: fixed positions, colours by side, shapes by kind, names that do not collide, no leaks."""

import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from network_toy_data import toy_network_dataset
from PIL import Image

from helpers.graph import negotiation_graph
from helpers.layout import compute_layout, layout_positions, load_stored, place_labels
from helpers.network_plot import KIND_MARKERS, SIDE_COLOURS, NetworkCanvas, draw_network
from helpers.strings import t
from helpers.tie_families import family_of

EVERYTHING = ["people", "delegations", "institutions", "documents"]


@pytest.fixture()
def ds():
    return toy_network_dataset()


def test_draw_network_returns_a_figure_without_touching_pyplot(ds):
    before = plt.get_fignums()
    fig = draw_network(negotiation_graph(ds), lang="en")
    assert isinstance(fig, Figure)
    assert plt.get_fignums() == before
    png = io.BytesIO()
    fig.savefig(png, format="png")  # a plain save works (nothing is hidden as 'animated')
    assert png.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"


def test_in_a_notebook_the_figure_shows_with_its_text_alternative(ds):
    fig = draw_network(negotiation_graph(ds), lang="en")
    assert fig.description.startswith("The network shows 7 actors")
    page = fig._repr_html_()
    assert page.startswith("<img src='data:image/png;base64,")
    assert "alt='The network shows 7 actors" in page
    assert "<details><summary>Text description of the figure</summary>" in page
    assert fig._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"


def test_markers_colour_by_side_and_shape_by_kind(ds):
    full = negotiation_graph(ds, kinds=EVERYTHING)
    canvas = NetworkCanvas(full, lang="en")
    canvas.update(full)
    people = [v for v, k in full.nodes(data="kind") if k == "person"]
    artist = canvas.markers["person"]
    assert len(artist.get_offsets()) == len(people)
    faces = [tuple(c) for c in artist.get_facecolors()]
    assert faces == [to_rgba(SIDE_COLOURS[full.nodes[v]["side"]]) for v in people]
    assert len(canvas.markers["document"].get_offsets()) == 1
    assert set(canvas.markers) >= {"person", "delegation", "organisation", "document"}
    assert KIND_MARKERS["person"] != KIND_MARKERS["document"]


def test_positions_do_not_move_between_views(ds):
    full = negotiation_graph(ds, kinds=EVERYTHING)
    canvas = NetworkCanvas(full, lang="en")
    canvas.update(negotiation_graph(ds, end="1994-04-30"))
    early = canvas.markers["person"].get_offsets().copy()
    canvas.update(negotiation_graph(ds))
    offsets = {tuple(p) for p in canvas.markers["person"].get_offsets()}
    assert {tuple(p) for p in early} <= offsets
    assert {tuple(p) for p in early} == {tuple(canvas.pos[v]) for v in ("med", "az1")}


def test_edge_style_depends_on_the_family_of_the_tie(ds):
    g = negotiation_graph(ds, kinds=EVERYTHING)
    canvas = NetworkCanvas(g, lang="en")
    canvas.update(g)
    talks, refusal = canvas.edges["talks"], canvas.edges["objection"]
    assert len(talks.get_segments()) == 3 and len(refusal.get_segments()) == 1
    assert talks.get_linestyle() != refusal.get_linestyle()
    for family, collection in canvas.edges.items():
        assert len(collection.get_segments()) == sum(family_of(d["type"]) == family for *_, d in g.edges(data=True))
    styles = {(str(c.get_linestyle()), tuple(c.get_linewidth())) for f, c in canvas.edges.items() if f != "other"}
    assert len(styles) == 5  # five families, five styles a reader can tell apart


def test_less_certain_ties_are_fainter(ds):
    canvas = NetworkCanvas(negotiation_graph(ds), lang="en")
    canvas.update(negotiation_graph(ds, relation_types="negotiated_with"))
    alphas = sorted(c[3] for c in canvas.edges["talks"].get_colors())
    assert alphas == [0.75, 1.0, 1.0]  # Karabakh One's tie is only probable


def test_names_shown_only_for_actors_in_view_and_do_not_overlap(ds):
    full = negotiation_graph(ds, kinds=EVERYTHING)
    canvas = NetworkCanvas(full, lang="en")
    view = negotiation_graph(ds)
    canvas.update(view)
    shown = {v for v, text in canvas.labels.items() if text.get_visible()}
    assert shown == set(view)
    renderer = canvas.canvas.get_renderer()
    boxes = [canvas.labels[v].get_window_extent(renderer) for v in shown]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


def test_highlighted_ego_network_stays_bright(ds):
    g = negotiation_graph(ds)
    canvas = NetworkCanvas(g, lang="en")
    canvas.update(g, highlight={"med", "am1", "ka1", "az1"}, centre="med")
    people = [v for v, k in g.nodes(data="kind") if k == "person"]
    alpha = dict(zip(people, canvas.markers["person"].get_facecolors()[:, 3], strict=True))
    assert alpha["med"] == 1.0 and alpha["az2"] < 0.5
    assert canvas.labels["med"].get_fontweight() == "bold"


def test_empty_view_shows_a_message(ds):
    g = negotiation_graph(ds)
    fig = draw_network(negotiation_graph(ds, relation_types="hosted"), lang="es")
    assert fig is not None
    canvas = NetworkCanvas(g, lang="en")
    canvas.update(negotiation_graph(ds, relation_types="hosted"), message=t("network.text.empty", "en"))
    assert canvas.message.get_text() == t("network.text.empty", "en")


def test_legend_in_the_chosen_language(ds):
    fig = draw_network(negotiation_graph(ds, lang="es"), lang="es")
    texts = {text.get_text() for text in fig.texts}
    assert {"Azerbaiyano", "Ruso", "Persona", "negociaciones o mensajes", "Lado"} <= texts
    assert "Azerbaijani" not in texts


def test_legend_rows_sit_in_the_margin_without_overlapping(ds):
    canvas = NetworkCanvas(negotiation_graph(ds, kinds=EVERYTHING), lang="en")
    canvas.update(negotiation_graph(ds))
    renderer = canvas.canvas.get_renderer()
    boxes = [text.get_window_extent(renderer) for text in canvas.legend_texts]
    network_right = canvas.ax.get_window_extent().x1
    assert len(boxes) > 10 and all(box.x0 >= network_right and box.y0 > 0 for box in boxes)
    for upper, lower in zip(boxes, boxes[1:], strict=False):
        assert lower.y1 <= upper.y0 + 0.5  # each row below the one before, no overlap


def test_fast_redraw_gives_the_same_picture_as_a_full_draw(ds):
    full = negotiation_graph(ds, kinds=EVERYTHING)
    slow, fast = NetworkCanvas(full, lang="en"), NetworkCanvas(full, lang="en", fast=True)
    for view in (negotiation_graph(ds), negotiation_graph(ds, end="1994-04-30")):
        slow.update(view, title="x")
        fast.update(view, title="x")
        a = np.asarray(Image.open(io.BytesIO(slow.to_png())), dtype=int)
        b = np.asarray(Image.open(io.BytesIO(fast.to_png())), dtype=int)
        assert a.shape == b.shape
        assert np.abs(a - b).max() <= 2


def test_layout_is_deterministic_and_grouped_by_side(ds):
    g = negotiation_graph(ds, kinds=EVERYTHING)
    first, second = compute_layout(g), compute_layout(g)
    assert first == second
    assert first["az1"][0] < first["med"][0] < first["am1"][0]  # Azerbaijani left, mediators middle


def test_stored_positions_are_used_and_missing_actors_get_one(ds, tmp_path):
    g = negotiation_graph(ds)
    stored = {"med": (0.1, 0.2), "az1": (-0.5, 0.0)}
    pos = layout_positions(g, stored=stored)
    assert pos["med"] == (0.1, 0.2) and pos["az1"] == (-0.5, 0.0)
    assert set(pos) == set(g)
    file = tmp_path / "layout.json"
    file.write_text('{"positions": {"med": [0.3, 0.4]}}', encoding="utf-8")
    assert load_stored(file) == {"med": (0.3, 0.4)}
    assert load_stored(tmp_path / "missing.json") == {}


def test_place_labels_avoids_collisions():
    points = np.array([[100.0, 100.0], [110.0, 100.0], [100.0, 108.0]])
    sizes = np.array([[60.0, 12.0]] * 3)
    centres, overlap, _ = place_labels(sizes, points, radius=4, bounds=(0, 0, 400, 400))
    assert overlap.sum() == 0
    boxes = np.column_stack([centres - sizes / 2, centres + sizes / 2])
    for i in range(3):
        for j in range(i + 1, 3):
            a, b = boxes[i], boxes[j]
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_every_relation_type_in_the_schema_has_one_of_five_families():
    import json
    from pathlib import Path

    from helpers.tie_families import FAMILIES, FAMILY_STYLES, OTHER

    package = json.loads((Path(__file__).resolve().parents[2] / "data" / "datapackage.json").read_text("utf-8"))
    relations = next(r for r in package["resources"] if r["name"] == "relations")
    types = next(f for f in relations["schema"]["fields"] if f["name"] == "type")["constraints"]["enum"]
    assert types and all(family_of(x) in FAMILIES for x in types), [x for x in types if family_of(x) == OTHER]
    assert len(FAMILIES) <= 5
    assert sorted(x for kinds in FAMILIES.values() for x in kinds) == sorted(set(x for kinds in FAMILIES.values()
                                                                                 for x in kinds))  # one family each
    styles = {(str(style[0]), style[1]) for family, style in FAMILY_STYLES.items() if family != OTHER}
    assert len(styles) == len(FAMILIES)
    assert family_of("a_type_a_lecturer_added") == OTHER


def test_key_shows_only_what_the_view_contains(ds):
    full = negotiation_graph(ds, kinds=EVERYTHING)
    canvas = NetworkCanvas(full, lang="en")
    for view in (negotiation_graph(ds, relation_types="negotiated_with"), negotiation_graph(ds, kinds=EVERYTHING),
                 negotiation_graph(ds, end="1994-04-30")):
        canvas.update(view)
        shown = {(section, key) for section, key, heading, line, text in canvas.legend_rows
                 if not heading and text.get_visible()}
        sides = {d["side"] for _, d in view.nodes(data=True)}
        kinds = {d["kind"] for _, d in view.nodes(data=True)}
        families = {family_of(x) for *_, d in view.edges(data=True) for x in d["types"]}
        unsure = any(d["certainty"] != "certain" for *_, d in view.edges(data=True))
        assert {k for s, k in shown if s == "sides"} == sides
        assert {k for s, k in shown if s == "kinds"} == kinds
        assert {k for s, k in shown if s == "ties"} == families | ({"fainter"} if unsure else set())
        assert len({k for s, k in shown if s == "ties"} - {"fainter"}) <= 5
        texts = [t.get_text() for t in canvas.legend_texts]
        assert len(texts) == len(shown) + len({s for s, _ in shown})  # rows and their headings only


def test_names_with_dollar_signs_are_plain_text_in_figure_and_explorer(ds):
    """Two '$' in a name used to make matplotlib read it as mathtext and crash the drawing."""
    from helpers.network_widget import network_explorer

    hostile = "Mia $\\frac{1 and $5"
    ds.actors.loc[ds.actors["id"] == "med", "label_en"] = hostile
    fig = draw_network(negotiation_graph(ds), highlight="med", lang="en")
    assert fig._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"
    canvas = fig.network_canvas
    assert canvas.labels["med"].get_text() == hostile and canvas.labels["med"].get_visible()
    assert all(text.get_parse_math() is False for text in fig.texts + canvas.ax.texts)
    explorer = network_explorer(ds, lang="en", actor="med")
    assert explorer.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "tex2jax_ignore" in explorer.metrics_html.value  # tables: no MathJax either


def test_names_are_eleven_points_and_the_figure_is_shown_at_its_own_size(ds):
    from helpers.network_plot import DPI, FIG_SIZE, FONT_SIZE
    from helpers.network_widget import network_explorer

    assert FONT_SIZE >= 11
    explorer = network_explorer(ds, lang="en")
    width = round(FIG_SIZE[0] * DPI)
    assert Image.open(io.BytesIO(explorer.image.value)).size[0] == width
    assert explorer.image.layout.max_width == f"{width}px"  # never enlarged (nor blurred)
    assert all(text.get_fontsize() >= 11 for text in explorer.canvas.labels.values())
