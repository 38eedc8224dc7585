"""Perspectives comparer: two voices' claims, evidence and sources side by side, by aspect."""

import pytest
from learner_toy_data import toy_dataset

from helpers import perspectives as pv


@pytest.fixture
def ds():
    return toy_dataset()


def test_voices_and_claims_in_aspect_order(ds):
    assert pv.voices(ds) == ["kazimirov", "de_waal", "seed"]
    claims = pv.voice_claims("kazimirov", ds, "en")
    assert list(claims["aspect"]) == ["significance", "legal_nature"]
    assert list(claims["verification_label"]) == ["checked against the sources", "partly checked"]
    assert claims.iloc[0]["sources"] == "S15 V. Kazimirov (Russian mediator)"


def test_compare_lines_voices_up_by_aspect(ds):
    table = pv.compare_voices("kazimirov", "de_waal", ds, "en")
    assert list(table["aspect"]) == ["significance", "legal_nature"]
    row = table.set_index("aspect").loc["significance"]
    assert row["kazimirov"] == "Bishkek was an auxiliary step. [S15]"
    assert row["de_waal"] == "A stark choice for Baku. [S69]"
    assert table.set_index("aspect").loc["legal_nature", "de_waal"] == ""


def test_unknown_voice_gets_a_hint(ds):
    with pytest.raises(ValueError, match="did you mean 'kazimirov'"):
        pv.voice_claims("kazimirof", ds)


def test_html_attributes_every_claim_and_escapes(ds):
    ds.interpretations.loc[ds.interpretations["id"] == "I03", "claim_en"] = "<script>x</script>"
    html = pv.comparison_html("kazimirov", "de_waal", ds, "en")
    assert "Vladimir Kazimirov (Russian mediator)" in html and "Thomas de Waal" in html
    assert "Nothing recorded from this voice" in html  # de Waal on legal nature
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "Rests on:" in html and "<b>S69</b>" in html


def test_widget_defaults_and_updates(ds):
    w = pv.perspectives_comparer(ds)
    assert (w.left.value, w.right.value) == ("kazimirov", "de_waal")
    w.right.value = "seed"
    assert "It led to the ceasefire." in w.output.value and "not verified" in w.output.value
    w.right.value = "kazimirov"
    assert "same voice twice" in w.output.value
    assert w.left.description and w.right.description
    spanish = pv.perspectives_comparer(ds, lang="es", left="seed", right="de_waal")
    assert "Condujo al alto el fuego." in spanish.output.value
