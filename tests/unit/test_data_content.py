"""The real dataset: valid as a Frictionless package, complete, bilingual and sourced."""

import re
from pathlib import Path

import pytest

from helpers import load_dataset
from helpers.dataset import DEFAULT_DATA_DIR

FACTS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "FACTS.md"


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def test_frictionless_validates_the_package():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.Package(str(DEFAULT_DATA_DIR / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])[:20]


@pytest.mark.parametrize("table, minimum", [("actors", 25), ("relations", 60), ("events", 30),
                                            ("sources", 15)])
def test_minimum_sizes(ds, table, minimum):
    assert len(ds.tables[table]) >= minimum


def test_at_least_two_sources_per_perspective(ds):
    spec = next(f for r in ds.package["resources"] if r["name"] == "sources"
                for f in r["schema"]["fields"] if f["name"] == "perspective")
    counts = ds.sources["perspective"].value_counts()
    for perspective in spec["constraints"]["enum"]:
        assert counts.get(perspective, 0) >= 2, perspective


def test_every_discrepancy_in_the_fact_sheet_is_a_claim_topic(ds):
    if not FACTS.exists():
        pytest.skip(f"fact sheet not found at {FACTS}")
    ids = set(re.findall(r"^\| \*\*(D\d+)\*\* \|", FACTS.read_text(encoding="utf-8"), re.M))
    assert ids, "no discrepancy ids parsed from FACTS.md"
    assert ids <= set(ds.claim_topics["discrepancy"])
    versions = ds.claims.groupby("topic").size()
    assert (versions.reindex(ds.claim_topics["id"], fill_value=0) >= 2).all(), "a topic with one version"


def test_every_learner_text_has_english_and_spanish(ds):
    for name, table in ds.tables.items():
        for column in [c for c in table.columns if c.endswith("_en")]:
            twin = column[:-3] + "_es"
            assert twin in table.columns, f"{name}.{column} has no Spanish column"
            en, es = table[column] != "", table[twin] != ""
            bad = table.loc[en != es, "id"].tolist()
            assert not bad, f"{name}: {column}/{twin} filled on one side only for {bad[:5]}"


def test_dates_fall_in_range(ds):
    for table in (ds.events, ds.relations):
        assert table["date"].between("1988-01-01", "2025-12-31").all()
        ends = table["date_end"].dropna()
        assert (ends >= table.loc[ends.index, "date"]).all(), "an end date before its start"


def test_negotiation_window_is_dense(ds):
    window = ds.events[ds.events["date"].between("1994-04-15", "1994-05-12")]
    assert len(window) >= 12
    days = ds.relations.loc[ds.relations["date"].between("1994-04-15", "1994-05-12"), "date"].nunique()
    assert days >= 8


def test_signatures_of_the_protocol(ds):
    """Six signatures in Bishkek on 5 May, one in Baku on 8 May (FACTS 3.4, PA-X S04); Jalilov refused."""
    signed = ds.relations[(ds.relations["type"] == "signed")
                          & (ds.relations["target"] == "doc_bishkek_protocol")
                          & (ds.relations["certainty"] != "disputed")]
    by_day = signed.groupby(signed["date"].dt.strftime("%Y-%m-%d")).size().to_dict()
    assert by_day == {"1994-05-05": 6, "1994-05-08": 1}
    refused = ds.relations[(ds.relations["type"] == "refused_to_sign")]
    assert "p_jalilov" in set(refused["source"])


def test_spelling_variants_include_the_seed_error(ds):
    variants = ds.actors.set_index("id")["variants"]
    assert "Bajramov" in variants["p_bahmanov"]


def test_loaded_terms_are_marked(ds):
    loaded = ds.glossary[ds.glossary["loaded"]]
    assert loaded["term_en"].str.contains("occupied", case=False).any()
    assert (loaded["usage_note_en"] != "").all()


def test_amendments_point_at_the_clause_that_holds_their_words(ds):
    protocol = ds.protocol.set_index("id")
    for amendment in protocol[protocol["part"] == "amendment"].itertuples():
        clause = protocol.loc[amendment.amends]
        word = amendment.word_before_en or amendment.word_after_en
        anchor = "occupied" if amendment.change == "replace" else "observers"
        assert anchor in clause.summary_en.lower(), (amendment.Index, word)


def test_codebook_is_up_to_date():
    """data/README.md's field tables are generated from datapackage.json (tools/make_codebook.py)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("make_codebook", DEFAULT_DATA_DIR.parent / "tools" / "make_codebook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    readme = (DEFAULT_DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert module.render_fields(DEFAULT_DATA_DIR / "datapackage.json") in readme, \
        "run: .venv/bin/python tools/make_codebook.py"
