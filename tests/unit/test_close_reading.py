"""Close reading: the amended clause before and after, highlighted words, loaded terms, prompts."""

import pytest
from learner_toy_data import toy_dataset

from helpers import close_reading as cr

NUMBERS = {"amendment_1": 1, "amendment_2": 2}


@pytest.fixture
def ds():
    return toy_dataset()


def test_find_word_matches_whole_words_and_alternatives():
    assert cr.find_word("the preoccupied occupied land", "occupied") == (16, 24)  # not inside "preoccupied"
    assert cr.find_word("send monitors now", "observers/monitors") == (5, 13)
    assert cr.find_word("nothing here", "occupied") is None


def test_before_marks_the_words_that_will_change(ds):
    segments = cr.clause_segments(ds, "before", "en")
    marked = [(s.text, s.kind, s.amendment) for s in segments if s.kind != "text"]
    assert marked == [("observers", "anchor", "amendment_1"), ("occupied", "changed", "amendment_2")]
    assert [s.text for s in segments if s.loaded] == ["occupied"]
    assert "".join(s.text for s in segments) == cr.clause_text(ds, "en")


def test_after_inserts_and_replaces_in_english_and_spanish_word_order(ds):
    english = cr.segments_text(cr.clause_segments(ds, "after", "en"), NUMBERS, "en")
    assert "international[inserted, change 1] observers" in english
    assert "occupied[removed, change 2][loaded term] seized[inserted, change 2] territories" in english
    spanish = cr.segments_text(cr.clause_segments(ds, "after", "es"), NUMBERS, "es")
    assert "observadores internacionales[añadido, cambio 1]" in spanish


def test_insert_without_word_before_uses_a_key_term_as_anchor():
    ds = toy_dataset(insert_anchor="")
    segments = cr.clause_segments(ds, "after", "en")
    inserted = [i for i, s in enumerate(segments) if s.kind == "inserted" and s.amendment == "amendment_1"]
    assert inserted and segments[inserted[0] + 2].text == "observers"


def test_an_amendment_not_found_in_the_summary_is_listed_not_lost(ds):
    ds.protocol.loc[ds.protocol["id"] == "amendment_2", "word_before_en"] = "captured"
    located = {a["id"]: a["span"] for a in cr.locate_amendments(ds, "en")}
    assert located["amendment_2"] is None
    html = cr.close_reading_html(ds, "after", "en")
    assert "not in our summary" in html and "Replaced \u201ccaptured\u201d by \u201cseized\u201d" in html


def test_html_highlights_attributes_and_shows_the_disputed_direction(ds):
    html = cr.close_reading_html(ds, "after", "en")
    assert ">international</ins>" in html and ">occupied</del>" in html and ">seized</ins>" in html
    assert "[inserted, change 1]" in html  # a visible tag: colour is not the only cue
    assert "Loaded terms" in html and "rejected by Karabakh Armenians" in html
    assert "&#x27;Occupied&#x27; became &#x27;seized&#x27;." in html  # version 1 of the dispute
    assert "&#x27;Captured&#x27; became &#x27;occupied&#x27;." in html  # version 2
    for source in ("S01", "S27", "S29"):
        assert f"<b>{source}</b>" in html
    before = cr.close_reading_html(ds, "before", "en")
    assert "<mark" in before and "<del" not in before


def test_data_text_is_escaped(ds):
    ds.protocol.loc[ds.protocol["id"] == "clause_4", "summary_en"] = "<img src=x onerror=alert(1)> observers"
    html = cr.close_reading_html(ds, "after", "en")
    assert "<img" not in html and "&lt;img" in html


def test_prompts_specific_then_generic(ds):
    located = cr.locate_amendments(ds, "en")
    assert "international" in cr.prompt_for(located[0], "en") and "[S27]" in cr.prompt_for(located[0], "en")
    unknown = dict(located[1], id="amendment_9")
    assert "\u201coccupied\u201d" in cr.prompt_for(unknown, "en")


def test_amended_clause_needs_an_amendment():
    ds = toy_dataset()
    ds.protocol = ds.protocol[ds.protocol["part"] != "amendment"]
    with pytest.raises(ValueError, match="amends"):
        cr.amended_clause_id(ds)


def test_widget_toggles_and_gives_one_journal_box_per_prompt(ds, tmp_path, monkeypatch):
    monkeypatch.setenv("BISHKEK_JOURNAL_DIR", str(tmp_path))
    w = cr.amendment_close_reading(ds)
    assert "<del" in w.clause.value
    w.version.value = "before"
    assert "<del" not in w.clause.value and "<mark" in w.clause.value
    assert len(w.prompts) == 2 and [b.prompt_id for b in w.journal_boxes] == [
        "close_reading.amendment_1", "close_reading.amendment_2"]
    assert w.version.description


def test_an_insertion_keeps_a_slash_pair_together(ds):
    for column, words in (("summary_en", "observers/monitors"), ("summary_es", "observadores/monitores")):
        text = ds.protocol.loc[ds.protocol["id"] == "clause_4", column].iloc[0]
        ds.protocol.loc[ds.protocol["id"] == "clause_4", column] = text.replace(words.split("/")[0], words, 1)
    english = cr.segments_text(cr.clause_segments(ds, "after", "en"), NUMBERS, "en")
    spanish = cr.segments_text(cr.clause_segments(ds, "after", "es"), NUMBERS, "es")
    assert "international[inserted, change 1] observers/monitors" in english
    assert "observadores/monitores internacionales[añadido, cambio 1]" in spanish
