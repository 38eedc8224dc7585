"""Who signed what, where and when: the Bishkek Protocol and the separate ceasefire agreement.

The dataset stores each signature as a `signed` relation from a person to a document, with a date,
a place, a certainty code and its sources. These functions turn those rows into the tables notebook
03 and 06 show (names, not ids; 'Sources', not `source_ids`), and count them the way the text does.

    signatures_table(ds)                  -> every signature on the protocol
    ceasefire_table(ds)                   -> every signature on the ceasefire agreement of May 1994
    signature_counts(ds, by="day")        -> firm signatures per day (or by="side")
    two_documents(ds)                     -> the two documents side by side
"""

from __future__ import annotations

import pandas as pd

from .dataset import shared_dataset
from .learner_tables import header
from .learner_tables import tidy_frame as tidy
from .strings import resolve_language, t
from .tables import Table
from .ui import format_date

DOCUMENTS = {"protocol": "doc_bishkek_protocol", "ceasefire": "doc_ceasefire_may1994"}
# How the signing text groups the sides: the conflict parties, and the third parties who mediated.
SIDE_GROUPS = {"armenian": "armenian_parties", "karabakh_armenian": "armenian_parties",
               "azerbaijani": "azerbaijani", "russian": "mediators", "cis": "mediators",
               "international": "mediators"}


def document_id(document: str, ds) -> str:
    """'protocol' / 'ceasefire' or a document's actor id -> the id; a clear error otherwise."""
    doc = DOCUMENTS.get(document, document)
    if doc not in set(ds.actors["id"]):
        raise ValueError(f"unknown document {document!r}: use 'protocol', 'ceasefire' or a document id "
                         f"from actors.csv")
    return doc


def signatures(ds=None, document: str = "protocol", firm: bool = False) -> pd.DataFrame:
    """The raw `signed` relations to `document`, by date (firm=True leaves out disputed ones)."""
    ds = shared_dataset(ds)
    rel = ds.relations
    rows = rel[(rel["type"] == "signed") & (rel["target"] == document_id(document, ds))]
    if firm:
        rows = rows[rows["certainty"] != "disputed"]
    return rows.sort_values(["date", "id"], kind="stable")


def _side(ds, actor_id: str) -> str:
    match = ds.actors.loc[ds.actors["id"] == actor_id, "side"]
    return match.iloc[0] if len(match) else ""


def signatures_table(ds=None, document: str = "protocol", lang: str | None = None) -> Table:
    """One row per signature on `document`: who, their side, date, place, certainty, sources."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    rows = signatures(ds, document)
    frame = pd.DataFrame({
        "who": [ds.actor_label(a, lang) for a in rows["source"]],
        "side": [t(f"network.side.{_side(ds, a)}", lang) for a in rows["source"]],
        "date": [format_date(d, p, lang) for d, p in zip(rows["date"], rows["precision"], strict=True)],
        "place": list(rows[f"place_{lang}"]),
        "certainty": [t(f"certainty.{c}", lang) for c in rows["certainty"]],
        "sources": list(rows["source_ids"]),
    })
    return tidy(frame, {"who": "signed_by", "side": "side", "date": "date", "place": "place",
                        "certainty": "certainty", "sources": "sources"}, lang)


def ceasefire_table(ds=None, lang: str | None = None) -> Table:
    """One row per signature on the ceasefire agreement of May 1994 (signed 9-11 May, by fax)."""
    return signatures_table(ds, "ceasefire", lang)


def signature_counts(ds=None, by: str = "day", document: str = "protocol", lang: str | None = None) -> Table:
    """Firm (not disputed) signatures on `document` counted by="day" or by="side", with a total."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    rows = signatures(ds, document, firm=True)
    if by == "day":
        keys = [format_date(d, p, lang) for d, p in zip(rows["date"], rows["precision"], strict=True)]
    elif by == "side":
        keys = [t(f"table.group.{SIDE_GROUPS.get(_side(ds, a), 'other')}", lang) for a in rows["source"]]
    else:
        raise ValueError(f"by must be 'day' or 'side', not {by!r}")
    counts = pd.Series(keys, dtype=object).value_counts(sort=False)
    if by == "side":  # the text's order: the conflict parties, then the mediators
        order = [t(f"table.group.{g}", lang) for g in dict.fromkeys([*SIDE_GROUPS.values(), "other"])]
        counts = counts.reindex([k for k in order if k in counts.index])
    frame = pd.DataFrame({header(by, lang): list(counts.index) + [header("total", lang)],
                          header("signatures", lang): [int(n) for n in counts] + [len(rows)]})
    return Table(frame)


def two_documents(ds=None, lang: str | None = None) -> Table:
    """The protocol and the ceasefire agreement side by side: firm signatories, dates and places."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    out = []
    for name in DOCUMENTS:
        rows = signatures(ds, name, firm=True)
        out.append({
            "document": ds.actor_label(DOCUMENTS[name], lang),
            "signatories": ", ".join(ds.actor_label(a, lang) for a in rows["source"]),
            "dates": ", ".join(dict.fromkeys(format_date(d, "day", lang) for d in rows["date"])),
            "places": ", ".join(dict.fromkeys(rows[f"place_{lang}"])),
            "sources": ";".join(dict.fromkeys(s.strip() for ids in rows["source_ids"] for s in ids.split(";"))),
        })
    return tidy(pd.DataFrame(out), {"document": "document", "signatories": "signatories", "dates": "dates",
                                    "places": "places", "sources": "sources"}, lang)


def name_spellings(name: str, ds=None, lang: str | None = None) -> Table:
    """Who a (possibly misspelt) name refers to, and every spelling of that name the data has seen."""
    from .graph import resolve_actor

    ds, lang = shared_dataset(ds), resolve_language(lang)
    actor = resolve_actor(name, ds)
    row = ds.actors[ds.actors["id"] == actor].iloc[0]
    frame = pd.DataFrame({"searched": [name], "found": [row[f"label_{lang}"]],
                          "role": [row[f"role_{lang}"]],
                          "spellings": [", ".join(v for v in str(row["variants"]).split("|") if v)]})
    return tidy(frame, {"searched": "searched", "found": "found", "role": "role", "spellings": "spellings"}, lang)


def amendments_table(ds=None, lang: str | None = None) -> Table:
    """The amendments Baku made before signing: the clause, the change, the words, the sources."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    protocol = ds.protocol
    amendments = protocol[protocol["part"] == "amendment"]
    dash = dict(zip(protocol["id"], protocol["dash_item"], strict=True))
    paragraph = dict(zip(protocol["id"], protocol["paragraph"], strict=True))
    frame = pd.DataFrame({
        "clause": [t("table.dash_item", lang, n=int(dash[c]), p=int(paragraph[c])) if pd.notna(dash.get(c)) else c
                   for c in amendments["amends"]],
        "change": [t(f"table.change.{c}", lang) for c in amendments["change"]],
        "before": list(amendments[f"word_before_{lang}"]), "after": list(amendments[f"word_after_{lang}"]),
        "sources": list(amendments["source_ids"]),
    })
    return tidy(frame, {"clause": "clause", "change": "change", "before": "word_before",
                        "after": "word_after", "sources": "sources"}, lang)


def signatures_counted(ds=None, lang: str | None = None):
    """The answer to notebook 03's prediction: every signature, then the firm ones by day and by side."""
    from .learner_tables import show_tables

    return show_tables(signatures_table(ds, lang=lang), signature_counts(ds, "day", lang=lang),
                       signature_counts(ds, "side", lang=lang))
