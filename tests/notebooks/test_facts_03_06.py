"""Teaching facts of notebooks 03-06, checked against the dataset AND the sentence that states them.

The notebooks no longer carry `assert` cells. Each fact they used to assert is checked here twice:
in the shipped data (through the same helpers the notebooks call) and in the notebook cell, found
by its id, whose sentence states it. If the data or the sentence changes, the test fails, so the
text and the data cannot drift apart.
"""

import json
import re
from functools import cache
from pathlib import Path

import networkx as nx
import pytest

import helpers
from helpers.citations import split_ids
from helpers.readings import READING_GROUPS, voice_group
from helpers.signing import signatures
from helpers.strings import t

NB_DIR = Path(__file__).resolve().parents[2] / "notebooks"
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}
FOUR_QUESTIONS = ("*Who speaks, and from where?*", "*When?*", "*On what evidence?*", "*Could it be checked?*")


@cache
def cells(name: str) -> dict:
    nb = json.loads((NB_DIR / name).read_text(encoding="utf-8"))
    return {c["id"]: "".join(c["source"]) for c in nb["cells"]}


def text(name: str, cell_id: str) -> str:
    """The cell's text with line breaks (and the '> ' of quoted boxes) folded into spaces."""
    raw = cells(name)[cell_id]
    return re.sub(r"\s+", " ", re.sub(r"^> ?", "", raw, flags=re.M))


def says(name: str, cell_id: str, *phrases: str) -> None:
    body = text(name, cell_id)
    missing = [p for p in phrases if p.lower() not in body.lower()]
    assert not missing, f"{name} cell {cell_id} no longer says {missing}"


def code_cells(name: str) -> list[str]:
    nb = json.loads((NB_DIR / name).read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.fixture(scope="module")
def ds():
    return helpers.load_dataset()


def day(value) -> str:
    return str(value.date())


# ------------------------------------------------------------------ 03 signing

NB03 = "03_signing.ipynb"
NB04 = "04_interpretations.ipynb"
NB05 = "05_actor_network.ipynb"


def test_03_six_signed_in_bishkek_and_one_in_baku(ds):
    firm = signatures(ds, "protocol", firm=True)
    by_day = firm["date"].map(day).value_counts().to_dict()
    assert by_day == {"1994-05-05": 6, "1994-05-08": 1}
    says(NB03, "03-signing-07", f"{WORDS[by_day['1994-05-05']]} people signed that day", "On **8 May**")
    says(NB03, "03-signing-13", f"make **{WORDS[len(firm)]}**")
    shown = helpers.signature_counts(ds, by="day")
    assert list(shown["Signatures"]) == [6, 1, 7]


def test_03_two_armenian_parties_one_azerbaijani_four_mediators(ds):
    firm = signatures(ds, "protocol", firm=True)
    side = firm["source"].map(ds.actors.set_index("id")["side"])
    counts = (int(side.isin(["armenian", "karabakh_armenian"]).sum()), int((side == "azerbaijani").sum()),
              int(side.isin(["russian", "cis"]).sum()))
    assert counts == (2, 1, 4)
    says(NB03, "03-signing-13", f"{WORDS[counts[0]].capitalize()} signatures for the Armenian parties plus "
         f"{WORDS[counts[1]]} for Azerbaijan plus {WORDS[counts[2]]} for the mediators")
    assert list(helpers.signature_counts(ds, by="side")["Signatures"]) == [2, 1, 4, 7]


def test_03_only_bahmanovs_signature_is_disputed_and_sources_disagree(ds):
    rows = signatures(ds, "protocol")
    assert list(rows.loc[rows["certainty"] == "disputed", "source"]) == ["p_bahmanov"]
    assert set(helpers.disagreement_table("bahmanov_signature", ds)["value"]) == {"yes", "no"}
    says(NB03, "03-signing-22", "Did he sign?", "**No.**", "**Yes.**", "codes this signature as `disputed`")


def test_03_other_delegates_present_did_not_sign(ds):
    rel = ds.relations
    members = set(rel.loc[(rel["type"] == "member_of") & rel["target"].isin(["del_az", "del_nk"]), "source"])
    signed = set(signatures(ds, "protocol", firm=True)["source"])
    for person in ("p_namik_aliyev", "p_ghukasyan"):
        assert person in members and person not in signed
    says(NB03, "03-signing-07", "Not everyone present signed", "Namik Aliyev", "Arkadi Ghukasyan")
    says("06_synthesis.ipynb", "c07", "Namik Aliyev", "Arkadi Ghukasyan", "did not sign")


def test_03_both_amendments_touch_dash_item_4_the_seeds_paragraph_5(ds):
    protocol = ds.protocol
    amends = set(protocol.loc[protocol["part"] == "amendment", "amends"])
    assert amends == {"clause_4"}
    clause = protocol.set_index("id").loc["clause_4"]
    assert (clause["dash_item"], clause["paragraph"]) == (4, 5)
    says(NB03, "03-signing-14", "Both touch the same clause: the fourth dash item", '"paragraph 5"')
    assert set(helpers.amendments_table(ds)["Clause"]) == {"Dash item 4 (paragraph 5)"}


def test_03_the_seeds_misspelling_finds_bahmanov(ds):
    assert helpers.resolve_actor("Bajramov", ds) == "p_bahmanov"
    assert "Bajramov" in ds.actors.set_index("id").loc["p_bahmanov", "variants"].split("|")
    says(NB03, "03-signing-24", '"Nizami Bajramov"', "a search for the seed's spelling still finds him")
    assert helpers.name_spellings("Bajramov", ds)["Found"].iloc[0] == "Nizami Bahmanov"


def test_03_three_ceasefire_signatures_three_days_three_places_before_12_may(ds):
    cease = signatures(ds, "ceasefire")
    in_force = ds.events.set_index("id").loc["ev_ceasefire_in_force", "date"]
    assert len(cease) == 3 and cease["date"].nunique() == 3 and cease["place_en"].nunique() == 3
    assert cease["date"].max() < in_force and day(in_force) == "1994-05-12"
    assert set(cease["source"]).isdisjoint(signatures(ds, "protocol")["source"])
    sides = set(cease["source"].map(ds.actors.set_index("id")["side"]))
    assert sides == {"azerbaijani", "armenian", "karabakh_armenian"}
    for when, place in zip(cease["date"], cease["place_en"], strict=True):
        says(NB03, "03-signing-27", f"**{when.day} May, {place}:**")
    says(NB03, "03-signing-27", "00:01 on 12 May 1994", "three ceasefire signatures", "three parties")


def test_03_sources_date_the_signing_5_8_or_12_may(ds):
    assert set(helpers.disagreement_table("signing_date", ds)["value"]) == {"1994-05-05", "1994-05-08", "1994-05-12"}
    says(NB03, "03-signing-32", "5 May, 8 May or 12 May")


def test_03_the_name_denotes_the_appeal_or_the_ceasefire(ds):
    assert set(helpers.disagreement_table("protocol_denotes", ds)["value"]) == {"appeal", "ceasefire"}
    says(NB03, "03-signing-38", "**parliamentary appeal**", "for the **ceasefire**")


@pytest.mark.parametrize("name, cell_id, answer", [
    (NB03, "03-signing-09a", "signatures_counted(ds)"), (NB04, "04-interpretations-28", 'claims_table(ds, aspect="outcome")'),
    (NB05, "c14", "rankings(G_bishkek)"), (NB05, "c41", "coding_summary(sensitivity")])
def test_predict_activities_hide_the_answer_until_a_prediction_is_written(name, cell_id, answer):
    """Issue 11 item 5: the answer table is passed to predict_then_reveal, not shown before it."""
    source = cells(name)[cell_id]
    assert "helpers.predict_then_reveal(" in source and f"helpers.{answer}" in source
    earlier = list(cells(name))[:list(cells(name)).index(cell_id)]
    assert not any(f"helpers.{answer}" in cells(name)[c] for c in earlier)


# ------------------------------------------------------------------ 04 interpretations


def test_04_every_voice_rests_on_a_source(ds):
    table = helpers.verification_table(ds)
    assert len(table) == len(helpers.voices(ds))
    assert all(table["Sources"].str.match(r"S\d"))
    says(NB04, "04-interpretations-07", "every voice rests on at least one")


def test_04_every_voice_group_gets_the_four_questions(ds):
    """Issue 10: the same critical-reading prompt for every group of voices, not only some."""
    assert all(voice_group(v, ds) for v in helpers.voices(ds)), "a voice that belongs to no critically read group"
    markdown = [body for body in cells(NB04).values()]
    for group in READING_GROUPS:
        title = f"**Read critically: {t(f'table.voice_group.{group}', 'en')}.**"
        boxes = [b for b in markdown if title in b]
        assert len(boxes) == 1, f"04 has {len(boxes)} boxes titled {title}"
        assert all(q in boxes[0] for q in FOUR_QUESTIONS), title
        assert re.search(r"\[S\d{2}[a-z]?\]", boxes[0]), f"{title} cites no source"


def test_04_de_waal_is_never_fully_verified(ds):
    assert "verified" not in set(helpers.voice_claims("de_waal", ds)["verification"])
    says(NB04, "04-interpretations-15", "None of his claims in the dataset is marked as fully checked")


def test_04_outcome_framings_come_from_several_sides(ds):
    interp = ds.interpretations
    voices = set(interp.loc[interp["aspect"] == "outcome", "voice"])
    assert {"seed", "azerbaijani", "karabakh_armenian", "csce_osce"} <= voices
    says(NB04, "04-interpretations-31", "| Azerbaijani |", "Karabakh Armenian [S37]", "| international organisation |")


def test_04_every_miller_claim_is_unverified_and_goes_back_to_the_seed(ds):
    miller = ds.interpretations[ds.interpretations["voice"] == "miller"]
    assert len(miller) >= 1 and set(miller["verification"]) == {"unverified"}
    assert all("S01" in split_ids(ids) for ids in miller["source_ids"])
    says(NB04, "04-interpretations-34", 'every "Miller" claim as not verified', "each goes back to the seed")


def test_04_the_name_conflation_is_described_as_the_data_show_it(ds):
    """Every perspective among the sources that call the ceasefire the 'Bishkek Protocol' or date
    the protocol to 12 May is named in 04's paragraph, with a source of that perspective."""
    claims = ds.claims
    merged = claims[((claims["topic"] == "protocol_denotes") & (claims["value"] == "ceasefire"))
                    | ((claims["topic"] == "signing_date") & (claims["value"] == "1994-05-12"))]
    sources = ds.sources.set_index("id")
    reliable = {s for ids in merged["source_ids"] for s in split_ids(ids)
                if "unreliable" not in str(sources.loc[s, "reliability_en"]).lower()}
    perspective = sources["perspective"].to_dict()
    cited = set(re.findall(r"\[(S\d{2}[a-z]?)\]", cells(NB04)["04-interpretations-23"]))
    needed = {perspective[s] for s in reliable}
    assert len(needed) >= 3, "the data no longer show the conflation across perspectives"
    assert needed <= {perspective[s] for s in cited & reliable}


# ------------------------------------------------------------------ 05 actor network

MAY = {"start": "1994-04-15", "end": "1994-05-12"}
BISHKEK = {"start": "1994-05-04", "end": "1994-05-05"}


@pytest.fixture(scope="module")
def g_may(ds):
    return helpers.negotiation_graph(ds, **MAY)


def test_05_sanity_counts_match_the_tables(ds):
    graph = helpers.negotiation_graph(ds, kinds=["people", "delegations", "institutions", "documents"])
    actors = set(ds.relations["source"]) | set(ds.relations["target"])
    pairs = {frozenset(p) for p in zip(ds.relations["source"], ds.relations["target"], strict=True)}
    assert graph.number_of_nodes() == len(actors) and graph.number_of_edges() == len(pairs)
    assert graph.graph["relations"] == len(ds.relations)
    lonely = set(ds.actors["id"]) - set(graph)
    says(NB05, "c12", f"**{len(actors)} actors and {len(pairs)} ties from {len(ds.relations)} relations**",
         f"{WORDS[len(lonely)]} actors in the actors table have no relation")
    counts = helpers.network_counts(ds)
    assert list(counts["Count"]) == [len(actors), len(pairs), len(ds.relations), len(lonely)]


def test_05_bishkek_window_delegations_first_then_kazimirov(ds):
    graph = helpers.negotiation_graph(ds, **BISHKEK)
    delegations = {"del_az", "del_am", "del_nk"}
    assert set(helpers.brokerage_table(graph).head(3)["actor_id"]) == delegations
    assert set(helpers.centrality_table(graph).head(3)["actor_id"]) == delegations
    assert helpers.brokers(graph, kind="person", top=1)["Actor"].iloc[0] == "Vladimir Kazimirov"
    says(NB05, "c17", "**The three delegations come first** on both betweenness and brokerage",
         "**Among the people, Vladimir Kazimirov comes first.**")


def test_05_eight_mediating_actors_tied_to_all_three_delegations(ds):
    graph = helpers.negotiation_graph(ds, relation_types="mediated", **BISHKEK)
    table = helpers.tied_to_all(graph, ["del_az", "del_am", "del_nk"])
    labels = dict(zip(ds.actors["id"], ds.actors["label_en"], strict=True))
    expected = {"p_kazimirov", "org_ru_mission", "p_sherimkulov", "org_cis_ipa", "p_shumeyko", "p_krotov",
                "org_ru_fedassembly", "org_ru_mfa"}
    assert set(table["Actor"]) == {labels[a] for a in expected}
    assert (table["Only way through for (pairs)"] == 0).all()
    says(NB05, "c22", f"**{WORDS[len(table)].capitalize()} mediating actors**", "None of the eight is the only path",
         "Shumeyko, Sherimkulov, Kazimirov and Krotov")


def test_05_kazimirov_first_over_the_whole_window(ds, g_may):
    top = helpers.brokerage_table(g_may).iloc[0]
    assert top["actor_id"] == "p_kazimirov" == helpers.centrality_table(g_may).iloc[0]["actor_id"]
    assert set(top["between_sides"].split("; ")) == {
        "Armenian (Republic of Armenia) – Azerbaijani", "Azerbaijani – Karabakh Armenian",
        "Armenian (Republic of Armenia) – Karabakh Armenian"}
    says(NB05, "c25", "**Kazimirov ranks first** on betweenness and on brokerage", "the three conflict parties")


def test_05_aliyevs_neighbours_and_no_direct_tie_across_the_lines(ds, g_may):
    ego = helpers.ego_network(g_may, "Heydar Aliyev")
    assert set(ego["actor_id"]) == {"p_aliyev_h", "org_cis_chs", "p_guliyev", "st_az", "p_kazimirov"}
    sides = set(ego["actor_id"].map(ds.actors.set_index("id")["side"]))
    assert not sides & {"armenian", "karabakh_armenian"}
    says(NB05, "c29", "**no direct tie to any Armenian or Karabakh Armenian actor**", "Rasul Guliyev",
         "CIS Council of Heads of State", "the Azerbaijani state")


def test_05_the_shortest_chain_aliyev_babayan_runs_through_kazimirov(g_may):
    path = helpers.mediation_path(g_may, "Heydar Aliyev", "Samvel Babayan")
    assert list(path["actor_id"]) == ["p_aliyev_h", "p_kazimirov", "p_babayan"]
    assert path.attrs["equally_short_paths"] == 1
    says(NB05, "c32", "The chain runs through Kazimirov, and no other chain is as short")


def test_05_the_explorer_shows_the_ties_of_g_may(ds, g_may):
    explorer = helpers.network_explorer(ds, day="1994-05-12", window="cumulative")
    assert {frozenset(e) for e in explorer.graph.edges} == {frozenset(e) for e in g_may.edges}
    says(NB05, "c34", "the same network `G_may` as in the tables above")


def test_05_coding_choices_move_the_ranking(ds):
    table = helpers.coding_sensitivity(ds, kinds=["people", "delegations", "institutions", "documents"], **MAY)
    first = {c: list(table.loc[table[c] == 1, "actor_id"]) for c in
             ("baseline", "no_mediators", "directed", "institutions_merged", "no_disputed")}
    assert first["baseline"] == first["directed"] == first["no_disputed"] == ["p_kazimirov"]
    assert first["no_mediators"] == ["del_az"]
    assert first["institutions_merged"] == ["p_aliyev_h"]
    bahmanov = table.set_index("actor_id").loc["p_bahmanov"]
    assert bahmanov["no_disputed"] > bahmanov["baseline"]
    says(NB05, "c45", "**Baseline**: Kazimirov is most central", "**No mediators**: the Azerbaijani delegation comes first",
         "**Institutions merged**: Heydar Aliyev comes first", "**No disputed ties**: Bahmanov drops down the ranking")


def test_05_the_kazimirov_aliyev_tie_rests_on_two_relations_and_seven_sources(ds, g_may):
    why = helpers.tie_relations(g_may, "Kazimirov", "Heydar Aliyev", ds)
    assert list(why["relation_id"]) == ["R113", "R117"]
    ids = {s for x in why["source_ids"] for s in split_ids(x)}
    perspectives = set(ds.sources.set_index("id").loc[sorted(ids), "perspective"])
    says(NB05, "c52", f"**{WORDS[len(why)]} relations**", f"**{WORDS[len(ids)]} sources** from "
         f"{WORDS[len(perspectives)]} perspectives")
    assert set(re.findall(r"S\d{2}", code_cells(NB05)[[i for i, c in enumerate(code_cells(NB05))
                                                         if "source_perspectives" in c][0]])) == ids


def test_05_the_gephi_file_keeps_every_actor_and_tie(g_may, tmp_path):
    path = helpers.gephi_file(g_may, folder=tmp_path)
    back = nx.read_gexf(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (g_may.number_of_nodes(), g_may.number_of_edges())


# ------------------------------------------------------------------ 06 synthesis

NB06 = "06_synthesis.ipynb"


def test_06_two_documents_seven_and_three_signatories_nobody_in_both(ds):
    protocol = set(signatures(ds, "protocol", firm=True)["source"])
    ceasefire = set(signatures(ds, "ceasefire", firm=True)["source"])
    assert len(protocol) == 7 and len(ceasefire) == 3 and not protocol & ceasefire
    bishkek = signatures(ds, "protocol", firm=True)
    says(NB06, "c07", f"5 May 1994 by {WORDS[int((bishkek['date'].map(day) == '1994-05-05').sum())]} people",
         "nobody signed both")


def test_06_the_ceasefire_took_effect_three_days_after_the_hour_asked_for(ds):
    when = ds.events.set_index("id")["date"]
    asked, in_force = when["ev_protocol_ceasefire_hour"], when["ev_ceasefire_in_force"]
    assert (day(asked), day(in_force)) == ("1994-05-09", "1994-05-12")
    gap = WORDS[(in_force - asked).days]
    says(NB06, "c10", f"took effect {gap} days after the hour the protocol")
    says(NB06, "c35", f"took effect {gap} days after the hour the protocol")


def test_06_no_unsourced_inference_about_the_ceasefire_hour():
    """Issue 10: 'the protocol's own ceasefire hour passed without a ceasefire' is not in the sources."""
    for body in cells(NB06).values():
        assert "passed without a ceasefire" not in body


# ------------------------------------------------------------------ all four

@pytest.mark.parametrize("name", [NB03, NB04, NB05, NB06])
def test_no_assert_no_pandas_and_every_dataset_call_passes_ds(name):
    for source in code_cells(name):
        assert not re.search(r"^\s*assert\b", source, re.M), source
        assert "import pandas" not in source and "pd." not in source, source
        for call in ("sources_disagree(", "perspectives_comparer(", "amendment_close_reading(",
                     "timeline_explorer(", "sources_used("):
            if call in source:
                assert re.search(re.escape(call) + r"[^)]*\bds\b", source), f"{name}: {call} without ds"


@pytest.mark.parametrize("name", [NB03, NB04, NB05, NB06])
def test_the_first_code_cell_shows_the_session_bar(name):
    assert "helpers.session_bar(ds)" in code_cells(name)[0]


def test_06_aftermath_dates_and_figures_come_from_the_events(ds):
    """Issue 10: the aftermath section states what the dated events say, both framings attributed."""
    events = ds.events.set_index("id")
    body = text(NB06, "c12a")
    for event, phrase in [("ev_war_2020", "27 September 2020"), ("ev_ceasefire_2023", "19-20 September 2023"),
                          ("ev_washington_2025", "8 August 2025"), ("ev_minsk_process_closed_2025", "1 September 2025")]:
        date = events.loc[event, "date"]
        assert f"{date.day} {date.strftime('%B')} {date.year}" in body.replace("19-20", "19"), (event, phrase)
        assert phrase in body
    for event, figure in [("ev_ceasefire_2020", "1,960"), ("ev_ceasefire_2020", "10 November"),
                          ("ev_exodus_2023", "100,000"), ("ev_peacekeepers_leave_2024", "April 2024")]:
        description = events.loc[event, "description_en"] + " " + str(events.loc[event, "date"].strftime("%B %Y"))
        assert figure in description and figure in body, (event, figure)
    clause_5 = ds.protocol.set_index("id").loc["clause_5", "summary_en"]
    assert "discuss" in clause_5 and "*discuss* a CIS peacemaking force" in body
    cited = set(re.findall(r"\[(S\d{2}[a-z]?)\]", body))
    perspectives = set(ds.sources.set_index("id").loc[sorted(cited), "perspective"])
    assert {"azerbaijani", "armenian", "international_organisation"} <= perspectives
    assert "*For lecturers:*" in cells(NB06)["c12a"]


def test_04_violence_against_each_community_is_named_with_the_same_care(ds):
    """Issue 10 (parallel wording): dates, victims and attributed figures for both events."""
    events, figures = ds.events.set_index("id"), ds.event_figures
    body = text(NB04, "04-interpretations-17")
    for event, span in [("ev_sumgait_1988", "27-29 February 1988"), ("ev_khojaly_1992", "25-26 February 1992")]:
        start, end = events.loc[event, "date"], events.loc[event, "date_end"]
        assert f"{start.day}-{end.day} {start.strftime('%B %Y')}" == span and span in body
    for event, number, counter in [("ev_sumgait_1988", 32, "USSR Prosecutor General"),
                                   ("ev_sumgait_1988", 200, "Armenian sources"),
                                   ("ev_khojaly_1992", 161, "Human Rights Watch (1993)"),
                                   ("ev_khojaly_1992", 613, "Azerbaijani Ministry of Foreign Affairs")]:
        rows = figures[(figures["event_id"] == event) & (figures["low"] == number)]
        assert any(counter in c for c in rows["counted_by_en"]), (event, number)
        assert str(number) in body
    says(NB04, "04-interpretations-17", "pogrom against Armenians in Sumgait", "killing of Azerbaijani civilians")
