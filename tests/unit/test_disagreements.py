"""Sources-disagree viewer: every version side by side with its source and that source's perspective."""

import pytest
from learner_toy_data import toy_dataset

from helpers import disagreements as dg


@pytest.fixture
def ds():
    return toy_dataset()


def test_table_has_one_row_per_version_with_sources_and_perspectives(ds):
    table = dg.disagreement_table("signing_date", ds, "en")
    assert list(table["claim_id"]) == ["C001", "C002", "C003"]
    assert list(table["value"]) == ["1994-05-05", "1994-05-08", "1994-05-12"]
    second = table.iloc[1]
    assert second["sources"] == "S01 Insight Karabakh; S27 US Senate"
    assert second["perspectives"] == "Azerbaijani perspective; government of a third state"


def test_unknown_topic_suggests_the_closest(ds):
    with pytest.raises(ValueError, match="did you mean 'signing_date'"):
        dg.disagreement_table("signing_dates", ds)


def test_html_shows_every_version_source_and_the_reading(ds):
    html = dg.disagreement_html("signing_date", ds, "en")
    for text in ("Signed on 5 May 1994.", "Signed on 8 May 1994.", "Signed on 12 May 1994.",
                 "Most sources: 5 May.", "Azerbaijani perspective", "reference work or database",
                 "Contemporary."):
        assert text in html
    for source in ("S01", "S04", "S09", "S27"):
        assert f"<b>{source}</b>" in html
    assert html.count("Version ") == 3
    spanish = dg.disagreement_html("signing_date", ds, "es")
    assert "Firmado el 8 de mayo de 1994." in spanish and "Versión 3" in spanish


def test_text_version_and_escaping(ds):
    ds.claims.loc[ds.claims["id"] == "C004", "version_en"] = "<b>seven</b>"
    assert "&lt;b&gt;seven&lt;/b&gt;" in dg.disagreement_html("signatory_count", ds, "en")
    text = dg.disagreement_text("signatory_count", ds, "en")
    assert text.splitlines()[1] == "Version 1: <b>seven</b> [S04] (reference work or database)"


def test_topics_table_counts_versions(ds):
    table = dg.topics_table(ds, "en")
    assert dict(zip(table["topic"], table["versions"], strict=True)) == {
        "signing_date": 3, "signatory_count": 2, "amendment_direction": 2}


def test_widget_without_topic_has_a_dropdown_and_follows_it(ds):
    w = dg.sources_disagree(ds=ds)
    assert [v for _, v in w.topic.options] == ["signing_date", "signatory_count", "amendment_direction"]
    assert "Signed on 12 May 1994." in w.output.value
    w.topic.value = "amendment_direction"
    assert "&#x27;Captured&#x27; became &#x27;occupied&#x27;." in w.output.value
    assert "Signed on 12 May 1994." not in w.output.value
    assert w.topic.description


def test_widget_with_topic_starts_there(ds):
    w = dg.sources_disagree("signatory_count", ds=ds, lang="es")
    assert w.topic.value == "signatory_count" and "Siete firmas." in w.output.value
    with pytest.raises(ValueError):
        dg.sources_disagree("nope", ds=ds)
