"""The infrastructure behind the notebooks: a swappable dataset, tidy tables, predict-then-reveal."""

import shutil
from pathlib import Path

import pytest

import helpers
from helpers import dataset, tables
from helpers.journal import Journal
from helpers.predict import predict_then_reveal

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def copy(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    text = (folder / "events.csv").read_text(encoding="utf-8")
    (folder / "events.csv").write_text(text.replace("ev_nkao_vote_1988,1988-02-20", "ev_nkao_vote_1988,1988-02-23"),
                                       encoding="utf-8")
    yield folder
    helpers.use_dataset()  # back to the default for the other tests


def nkao_date(ds):
    return tables.event_date(ds, "ev_nkao_vote_1988")


def test_environment_variable_points_every_default_at_the_copy(copy, monkeypatch):
    monkeypatch.setenv("BISHKEK_DATA_DIR", str(copy))
    assert helpers.data_dir() == copy
    assert nkao_date(helpers.load_dataset()) == "23 February 1988"
    assert nkao_date(None) == "23 February 1988"  # helpers without a dataset use the shared copy
    monkeypatch.delenv("BISHKEK_DATA_DIR")
    assert nkao_date(None) == "20 February 1988"


def test_use_dataset_wins_over_the_environment_and_can_be_undone(copy, monkeypatch):
    monkeypatch.setenv("BISHKEK_DATA_DIR", str(ROOT / "data"))
    ds = helpers.use_dataset(copy)
    assert nkao_date(ds) == nkao_date(None) == "23 February 1988"
    assert helpers.load_dataset().path == copy
    helpers.use_dataset()
    assert nkao_date(None) == "20 February 1988"


def test_a_broken_copy_is_refused_and_the_course_keeps_its_data(copy):
    (copy / "actors.csv").write_text("id,label\nx,y\n", encoding="utf-8")
    with pytest.raises(helpers.DatasetError, match="actors.csv"):
        helpers.use_dataset(copy)
    assert helpers.data_dir() == dataset.DEFAULT_DATA_DIR


def test_tables_have_human_headers_and_names_not_ids():
    ds = helpers.load_dataset()
    members = helpers.delegation_members(ds)
    assert list(members.columns) == ["Delegation", "Person", "Certainty", "Sources"]
    assert "Afiyaddin Jalilov" in set(members["Person"]) and "p_jalilov" not in members.to_string()
    html = members._repr_html_()
    assert "<th" in html and "source_ids" not in html and ">0<" not in html  # no index column
    events = helpers.events_table(ds, ["ev_unsc_822"])
    assert events.iloc[0].tolist()[:2] == ["30 April 1993", events.iloc[0]["Event"]]
    assert "Fecha" in helpers.events_table(ds, ["ev_unsc_822"], lang="es").columns


def test_table_helpers_name_unknown_ids():
    with pytest.raises(KeyError, match="did you mean"):
        helpers.events_table(helpers.load_dataset(), ["ev_unsc_82"])


def test_actors_between_follows_the_network():
    ds = helpers.load_dataset()
    ids = tables.between(ds, ("del_az", "del_am", "del_nk"), "1994-05-04", "1994-05-05", ["mediated", "hosted"])
    graph = helpers.negotiation_graph(ds, start="1994-05-04", end="1994-05-05", relation_types=["mediated", "hosted"])
    assert ids and all(all(graph.has_edge(a, d) for d in ("del_az", "del_am", "del_nk")) for a in ids)
    assert len(helpers.actors_between(ds, start="1994-05-04", end="1994-05-05",
                                      relation_types=["mediated", "hosted"])) == len(ids)


def test_the_answer_stays_hidden_until_a_prediction_is_written(tmp_path):
    calls = []

    def answer():
        calls.append(1)
        return "42"

    panel = predict_then_reveal("t.q", "How many?", answer, journal=Journal(tmp_path), delay=0)
    assert panel.reveal_button.disabled and not panel.revealed
    panel.reveal_button.click()
    assert calls == [] and not panel.revealed
    panel.box.text.value = "  x "  # too short to count as a prediction
    assert panel.reveal_button.disabled
    panel.box.text.value = "About seven"
    assert not panel.reveal_button.disabled
    panel.reveal_button.click()
    assert calls == [1] and panel.revealed and panel.reveal_button.disabled
    assert Journal(tmp_path).text("t.q") == "About seven"  # the prediction is on disk


def test_a_saved_prediction_unlocks_the_answer_when_the_notebook_runs_again(tmp_path):
    journal = Journal(tmp_path)
    journal.set("t.q", "My earlier guess")
    journal.save()
    panel = predict_then_reveal("t.q", "How many?", "42", journal=Journal(tmp_path), delay=0)
    assert not panel.reveal_button.disabled


def test_violence_table_gives_every_event_the_same_columns_and_attributes_every_figure():
    ds = helpers.load_dataset()
    table = helpers.violence_table(ds)
    violence = ds.events[(ds.events["kind"] == "violence") & (ds.events["date"] <= "1994-05-12")]
    assert len(table) == len(violence)
    assert list(table.columns) == ["Event", "Date", "Place", "Victims", "Responsible, as the sources attribute it",
                                   "Deaths: each figure and who gives it", "Words used, and by whom", "Sources"]
    khojaly = table[table["Event"] == violence.set_index("id").loc["ev_khojaly_1992", "title_en"]].iloc[0]
    figures = ds.event_figures[(ds.event_figures["event_id"] == "ev_khojaly_1992")
                               & (ds.event_figures["measure"] == "killed")]
    for row in figures.itertuples():  # every figure appears with the one who gives it
        assert f"({row.counted_by_en})" in khojaly["Deaths: each figure and who gives it"]
    assert "at least 161" in khojaly["Deaths: each figure and who gives it"]
    assert set(khojaly["Sources"].split(", ")) >= {"S87f", "S87i"}
    spanish = helpers.violence_table(ds, ["ev_khojaly_1992"], lang="es")
    assert "al menos 161" in spanish.iloc[0]["Muertos: cada cifra y quién la da"]


def test_violence_table_says_when_no_figure_was_found():
    ds = helpers.load_dataset().copy()
    ds.tables["event_figures"] = ds.event_figures[ds.event_figures["event_id"] != "ev_maraga_1992"]
    row = helpers.violence_table(ds, ["ev_maraga_1992"]).iloc[0]
    assert row["Deaths: each figure and who gives it"] == "(none found in the sources read)"


def test_timeline_figure_has_alt_text_and_the_full_text_alternative():
    ds = helpers.load_dataset()
    html = helpers.timeline_figure(ds, start="1988-01-01", end="1994-05-12", phases=["context"]).data
    assert "<img" in html and "alt='" in html and "<details>" in html
    shown = helpers.timeline_events(ds, start="1988-01-01", end="1994-05-12", phases=["context"])
    assert html.count("<li>") == len(shown) > 0
