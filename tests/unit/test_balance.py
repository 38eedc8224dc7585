"""Balance: the parallel-wording rule over the events table, displacement of both communities,
the aftermath dated to the day, and the lecturer's balance report per perspective and notebook."""

import json

import pandas as pd
import pytest

from helpers import balance_report, load_dataset
from helpers.balance import parallel_wording_problems


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def test_every_violence_event_follows_the_parallel_wording_rule(ds):
    assert parallel_wording_problems(ds) == []


def test_violence_against_both_communities_is_recorded(ds):
    violence = ds.events[ds.events["kind"] == "violence"]
    victims = " ".join(violence["victims_en"])
    assert "Armenian" in victims and "Azerbaijani" in victims
    # Baku, January 1990: the pogrom and Black January are two events, not one
    baku = violence[violence["date"].between("1990-01-01", "1990-01-31")]
    assert len(baku) == 2


def test_every_violence_event_has_a_range_from_more_than_one_counter_or_says_it_has_one(ds):
    figures = ds.event_figures[ds.event_figures["measure"] == "killed"]
    for event in ds.events[ds.events["kind"] == "violence"].itertuples():
        counters = figures.loc[figures["event_id"] == event.id, "counted_by_en"].nunique()
        single_side = "no independent" in event.description_en or "partisan" in event.description_en \
            or event.certainty in ("probable", "disputed")
        assert counters >= 2 or single_side, event.id


def _with_bad_violence_event(ds):
    bad = ds.copy()
    row = bad.events.iloc[0].copy()
    row["id"], row["kind"], row["victims_en"], row["perpetrators_es"] = "ev_planted", "violence", "", ""
    bad.tables["events"] = pd.concat([bad.events, row.to_frame().T], ignore_index=True)
    return bad


def test_a_planted_violence_event_without_victims_figures_or_terms_fails(ds):
    problems = parallel_wording_problems(_with_bad_violence_event(ds))
    mine = [p for p in problems if "ev_planted" in p]
    assert any("victims_en is empty" in p for p in mine)
    assert any("perpetrators_es is empty" in p for p in mine)
    assert any("no death-toll figure" in p for p in mine)
    assert any("no attributed term" in p for p in mine)
    assert len(problems) == len(mine)  # the real events still pass


def test_a_figure_without_its_counter_fails(ds):
    bad = ds.copy()
    first = bad.event_figures.index[bad.event_figures["measure"] == "killed"][0]
    bad.event_figures.loc[first, "counted_by_en"] = ""
    problems = parallel_wording_problems(bad)
    assert problems == [f"event {bad.event_figures.loc[first, 'event_id']}: figure "
                        f"{bad.event_figures.loc[first, 'id']} does not say who gives it or where we read it"]


def test_displacement_of_both_communities_with_figures_from_several_counters(ds):
    moves = ds.events[ds.events["kind"] == "displacement"]
    for community in ("Azerbaijani", "Armenian"):
        rows = moves[moves["victims_en"].str.startswith(community)]
        assert not rows.empty, community
        counts = ds.event_figures[ds.event_figures["event_id"].isin(rows["id"])]
        assert counts["counted_by_en"].nunique() >= 3, community


def test_aftermath_since_2020_is_dated_to_the_day_or_month(ds):
    recent = ds.events[ds.events["date"] >= "2020-01-01"]
    assert len(recent) >= 10
    assert (recent["precision"] != "year").all(), list(recent.loc[recent["precision"] == "year", "id"])
    for day in ("2020-09-27", "2020-11-09", "2023-09-19", "2025-08-08", "2025-09-01"):
        assert (recent["date"] == day).any(), day


def test_balance_report_counts_sources_and_citations_per_perspective(ds):
    table = balance_report(ds, lang="en")
    assert list(table.columns[:4]) == ["Perspective", "Sources in the data", "Citations in the data",
                                       "Sources cited in the notebooks"]
    assert table["Perspective"].iloc[-1] == "All perspectives"
    body = table.iloc[:-1]
    assert body["Sources in the data"].sum() == len(ds.sources) == table["Sources in the data"].iloc[-1]
    assert "Karabakh Armenian perspective" in set(body["Perspective"])
    assert "Cited in notebook 04" in table.columns
    assert table.index.tolist() == list(range(len(table)))


def test_balance_report_reads_the_notebooks_listed_in_the_course_file(ds, tmp_path):
    cells = [{"cell_type": "markdown", "source": ["As [S01] and [S27] say; S01 again."], "metadata": {}},
             {"cell_type": "code", "source": ["# S04 in code is not a citation"], "metadata": {},
              "outputs": [], "execution_count": None}]
    (tmp_path / "09_test.ipynb").write_text(json.dumps({"cells": cells}), encoding="utf-8")
    (tmp_path / "course.json").write_text(json.dumps([{"file": "09_test.ipynb", "title_en": "T", "title_es": "T",
                                                       "minutes": 1}]), encoding="utf-8")
    table = balance_report(ds, lang="es", course_file=tmp_path / "course.json")
    col = "Citadas en el cuaderno 09"
    by = dict(zip(table["Perspectiva"], table[col], strict=True))
    assert by["perspectiva azerbaiyana"] == 1 and by["gobierno de un tercer Estado"] == 1
    assert by["obra de referencia o base de datos"] == 0
    assert table[col].iloc[-1] == 2 and table["Fuentes citadas en los cuadernos"].iloc[-1] == 2


def test_voice_groups_cover_every_interpretation_once(ds):
    from helpers import voice_groups
    table = voice_groups(ds, lang="en")
    assert list(table.columns) == ["Voice group", "Voices", "Claims", "Sources cited"]
    assert table["Claims"].sum() == len(ds.interpretations)
    groups = set(table["Voice group"])
    for label in ("Azerbaijani perspective", "Armenian perspective", "Karabakh Armenian perspective",
                  "Russian mediator", "international organisation", "scholarly"):
        assert label in groups
    scholarly = table.set_index("Voice group").loc["scholarly", "Voices"]
    assert "Thomas de Waal" in scholarly and "Other scholars" in scholarly  # Fawn is not filed as Azerbaijani
    assert "Grupo de voces" in voice_groups(ds, lang="es").columns
