"""Teaching facts of notebooks 00-02, checked against the dataset AND the sentence that states them.

These facts used to be `assert` cells in the notebooks. Each test finds the sentence (by cell id and
a phrase) and checks that what it says is what the data says, so neither can change alone.
"""

import re

import pytest

import helpers
from helpers import tables
from notebook_text import cell, cells, plain, sentence, source

NB00, NB01, NB02 = "00_start_here.ipynb", "01_context.ipynb", "02_negotiation.ipynb"
MEETING = ("1994-05-04", "1994-05-05")
DELEGATIONS = ("del_az", "del_am", "del_nk")


@pytest.fixture(scope="module")
def ds():
    return helpers.load_dataset()


def date_of(ds, event_id):
    return tables.event_date(ds, event_id)


def event(ds, event_id):
    return ds.events.set_index("id").loc[event_id]


def ties(ds, **filters):
    return [tuple(r) for r in tables.ties(ds, **filters)[["source", "target"]].itertuples(index=False)]


def numbers(text):
    """Thousands written in `text` ('almost 20,000' -> 20000), in order."""
    return [int(n.replace(",", "")) for n in re.findall(r"\d{1,3}(?:,\d{3})+", text)]


# ------------------------------------------------------------------ 00 Start here

def test_00_six_signatures_in_bishkek(ds):
    text = sentence(NB00, "00-what", "signed it in Bishkek")
    signed = ties(ds, types="signed", event="ev_bishkek_signing")
    assert len(signed) == 6 and "Six people" in text
    assert date_of(ds, "ev_bishkek_signing").replace(" 1994", "") in text  # 'in Bishkek on 5 May'
    assert date_of(ds, "ev_baku_signing").replace(" 1994", "") in text  # 'in Baku on 8 May'


def test_00_death_toll_range_matches_the_claims(ds):
    text = sentence(NB00, "00-sensitive", "estimates range from")
    deaths = sorted(int(v) for v in ds.claims.loc[ds.claims["topic"] == "casualties_territory", "value"] if v.isdigit())
    assert numbers(text) == deaths


def test_00_map_lists_every_notebook_with_its_title():
    text = source(cell(NB00, "00-map"))
    for entry in helpers.notebooks():
        assert f"[{entry['title_en']}]({entry['file']})" in text, entry["file"]


def test_00_time_table_is_live_not_typed():
    assert "helpers.course_times()" in source(cell(NB00, "00-times"))
    assert "Minutes" not in source(cell(NB00, "00-map")), "the map must not repeat minutes (the live table has them)"


# ------------------------------------------------------------------ 01 Context

def test_01_war_opens_with_the_nkao_vote_and_ends_with_the_ceasefire(ds):
    opening = sentence(NB01, "01-phases", "regional council")
    assert date_of(ds, "ev_nkao_vote_1988") in opening
    dated = ds.events[ds.events["precision"] == "day"]  # year-only events are drawn on 1 January
    assert dated["date"].min() == event(ds, "ev_nkao_vote_1988")["date"]
    ceasefire = sentence(NB01, "01-phases", "The ceasefire took effect")
    assert date_of(ds, "ev_ceasefire_in_force") in ceasefire


@pytest.mark.parametrize("event_id, phrase", [
    ("ev_belovezha_1991", "Belovezha agreement"), ("ev_alma_ata_1991", "Alma-Ata Protocol"),
    ("ev_cis_kyiv_decision_1992", "in Kyiv"), ("ev_ipa_founded_1992", "signed in Almaty"),
])
def test_01_cis_founding_dates(ds, event_id, phrase):
    assert date_of(ds, event_id) in sentence(NB01, "01-cis", phrase)
    assert event_id in source(cell(NB01, "01-cis-table")), "the table must show the event the text dates"


def test_01_aland_meeting_dated_to_the_month_and_disputed(ds):
    text = sentence(NB01, "01-mediators", "Åland Islands in")
    row = event(ds, "ev_aland_meeting")
    assert (row["precision"], row["certainty"]) == ("month", "disputed")
    assert date_of(ds, "ev_aland_meeting") in text  # 'December 1993'
    assert "one partisan source" in plain(source(cell(NB01, "01-mediators")))


@pytest.mark.parametrize("number", ["822", "853", "874", "884"])
def test_01_resolution_dates(ds, number):
    row = next(line for line in source(cell(NB01, "01-unsc")).splitlines() if line.startswith(f"| **{number}** |"))
    assert f"| {date_of(ds, f'ev_unsc_{number}')} |" in row


def test_01_loaded_terms_are_marked_loaded(ds):
    ids = ["occupied_territories", "security_zone", "liberation", "aggression"]
    assert ds.glossary.set_index("id").loc[ids, "loaded"].all()
    assert str(ids).replace("'", '"') in source(cell(NB01, "01-glossary-terms"))
    assert "A loaded word" in source(cell(NB01, "01-unsc"))


def test_01_close_reading_offers_both_readings_of_the_resolutions():
    text = plain(source(cell(NB01, "01-activity2")))
    for phrase in ["local Armenian forces", "occupying forces", "use its influence",
                   "the sovereignty and territorial integrity of the Azerbaijani Republic",
                   "the Nagorny-Karabakh region of the Azerbaijani Republic"]:
        assert f'"{phrase}"' in text, phrase


def test_01_clause_2_supports_the_statement_of_15_april(ds):
    summary = ds.protocol.set_index("id").loc["clause_2", "summary_en"]
    assert date_of(ds, "ev_cis_summit_15apr") in summary
    assert "second clause" in sentence(NB01, "01-cis-summit", "On 15 April 1994 the CIS Council")


def test_01_the_1993_1994_zoom_shows_the_mediation_steps_of_the_hint(ds):
    shown = set(helpers.timeline_events(ds, zoom="1993_1994")["id"])
    hint = plain(source(cell(NB01, "01-activity3")))
    steps = {"ev_moscow_meetings_oct1993": "8 October 1993", "ev_aland_meeting": "Åland",
             "ev_truce_dec1993": "16-26 December 1993", "ev_mfa_talks_jan1994": "January 1994",
             "ev_moscow_protocol_18feb": "18 February 1994", "ev_cis_summit_15apr": "15 April"}
    assert set(steps) <= shown, set(steps) - shown
    assert [p for p in steps.values() if p not in hint] == []


def test_01_casualty_and_territory_ranges(ds):
    values = list(ds.claims.loc[ds.claims["topic"] == "casualties_territory", "value"])
    deaths = sorted(int(v) for v in values if v.isdigit())
    shares = sorted(int(v.rstrip("%")) for v in values if v.endswith("%"))
    tolls = sentence(NB01, "01-why-figures", "The death tolls run from")
    assert numbers(tolls) == deaths
    territory = sentence(NB01, "01-why-figures", "Territory figures run from")
    assert f"from {shares[0]}% to {shares[-1]}%" in territory
    lowest, others = territory.split("comparing it with")
    assert f"the {shares[0]}% figure" in lowest and [int(n) for n in re.findall(r"(\d+)%", others)] == shares[1:]


def test_01_violence_table_gives_every_event_the_same_columns(ds):
    table = helpers.violence_table(ds)
    assert len(table) >= 8 and list(table.columns)[-1] == "Sources"
    assert (table != "").all().all(), "every violence event needs every column (parallel wording)"
    events = ds.events.set_index("id")
    text = sentence(NB01, "01-violence", "Civilians of both communities were killed")
    for event_id, name in [("ev_sumgait_1988", "Sumgait"), ("ev_baku_jan1990", "Baku pogrom"),
                           ("ev_khojaly_1992", "Khojaly"), ("ev_maraga_1992", "Maraga")]:
        assert events.loc[event_id, "kind"] == "violence" and name in text
        assert events.loc[event_id, "title_en"] in set(table["Event"])
    black = sentence(NB01, "01-violence", "Black January")
    assert date_of(ds, "ev_black_january_1990").split(" ")[0] in black and "separate event" in black
    assert "helpers.violence_table(ds)" in source(cell(NB01, "01-violence-table"))


# ------------------------------------------------------------------ 02 The Bishkek meeting

def test_02_the_opening_names_four_initiators(ds):
    summary = ds.protocol.set_index("id").loc["opening", "summary_en"]
    for name in ["Inter-Parliamentary Assembly", "parliament of Kyrgyzstan", "Federal Assembly", "Russian Foreign Ministry"]:
        assert name in summary
    text = plain(sentence(NB02, "02-initiators", "four initiators"))
    for name in ["Inter-Parliamentary Assembly", "Kyrgyz Republic", "Federal Assembly", "Ministry of Foreign"]:
        assert name in text


def test_02_heads_of_the_three_delegations(ds):
    text = sentence(NB02, "02-who-came", "Afiyaddin Jalilov")
    heads = {"p_jalilov": "del_az", "p_ararktsyan": "del_am", "p_baburyan": "del_nk"}
    members = tables.ties(ds, types="member_of")
    for person, delegation in heads.items():
        row = members[(members["source"] == person) & (members["target"] == delegation)]
        assert list(row["certainty"]) == ["certain"], person
        assert ds.actor_label(person) in text


def test_02_every_mediator_dealt_with_all_three_delegations(ds):
    mediated = tables.ties(ds, types="mediated", event="ev_bishkek_meeting")
    by_mediator = {m: set(mediated.loc[mediated["source"] == m, "target"]) for m in mediated["source"]}
    assert by_mediator and all(targets == set(DELEGATIONS) for targets in by_mediator.values())
    assert set(tables.between(ds, DELEGATIONS, *MEETING, ["mediated"])) >= set(by_mediator)
    assert "between all three delegations" in sentence(NB02, "02-mediators", "mediated")


def test_02_the_only_objection_is_jalilovs(ds):
    objections = tables.ties(ds, types="objected_to")
    assert objections[["source", "target", "event_id"]].values.tolist() == [["p_jalilov", "en_nk", "ev_bishkek_meeting"]]
    assert "Jalilov's" in sentence(NB02, "02-stakes", "the one objection it records")


def test_02_the_only_refusal_is_jalilovs_in_bishkek_on_5_may(ds):
    refusals = tables.ties(ds, types="refused_to_sign")
    assert refusals[["source", "target", "place_en"]].values.tolist() == [["p_jalilov", "doc_bishkek_protocol", "Bishkek"]]
    text = sentence(NB02, "02-refusal-text", "Jalilov did not")
    assert "signed in Bishkek on 5 May" in text
    assert str(refusals["date"].iloc[0].date()) == "1994-05-05"


def test_02_not_everyone_present_signed(ds):
    signed = {s for s, _ in ties(ds, types="signed", event="ev_bishkek_signing")}
    text = sentence(NB02, "02-refusal-text", "Not everyone present signed")
    members = set(tables.ties(ds, types="member_of")["source"])
    for person in ["p_namik_aliyev", "p_bahmanov", "p_ghukasyan"]:
        assert person in members and person not in signed, person
        assert ds.actor_label(person) in text, person
    assert len(signed) == 6 and "six of the seven" in sentence(NB02, "02-refusal-text", "six of the seven")


def test_02_aliyev_in_brussels_and_kazimirov_in_baku(ds):
    pfp = event(ds, "ev_pfp_brussels_4may")
    assert pfp["place_en"] == "Brussels"
    assert date_of(ds, "ev_pfp_brussels_4may") in sentence(NB02, "02-brussels", "was in Brussels")
    baku = tables.ties(ds, types="negotiated_with", event="ev_baku_talks")
    assert baku[["source", "target", "place_en"]].values.tolist() == [["p_kazimirov", "p_aliyev_h", "Baku"]]
    assert "negotiated with Aliyev" in sentence(NB02, "02-brussels", "took the protocol to Baku")


def test_02_who_sits_between_the_delegations(ds):
    ids = tables.between(ds, DELEGATIONS, *MEETING, ["mediated", "hosted"])
    assert {"p_kazimirov", "p_shumeyko", "p_sherimkulov", "p_krotov"} <= set(ids)
    sides = set(ds.actors.set_index("id").loc[ids, "side"])
    assert sides <= {"russian", "cis"}
    text = sentence(NB02, "02-between-text", "four third-party signatories")
    assert all(name in text for name in ["Kazimirov", "Shumeyko", "Sherimkulov", "Krotov"])
    assert "none of them comes from the conflict parties" in text


def test_02_the_delegations_are_coded_as_negotiating_directly(ds):
    graph = helpers.negotiation_graph(ds, start=MEETING[0], end=MEETING[1])
    assert graph.has_edge("del_az", "del_nk")
    assert "negotiated with" in sentence(NB02, "02-between-text", "because they sat at the same table")


def test_02_betweenness_and_brokerage_are_explained_where_they_first_appear():
    text = plain(source(cell(NB02, "02-network")))
    assert "Betweenness asks" in text and "Brokerage between sides asks" in text
    body = [c for c in cells(NB02, "markdown") if c["id"] not in ("02-overview", "02-objectives")]
    first = next(c["id"] for c in body if re.search(r"betweenness|brokerage|broker", source(c), re.I))
    assert first == "02-network", f"betweenness or brokerage is first used in {first}, before it is explained"
