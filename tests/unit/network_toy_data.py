"""A tiny hand-made dataset for the network tests (graph, metrics, drawing, explorer, export).

Same columns and dtypes as helpers.load_dataset() returns, with invented actors ("Mediator
Mia", "Azer One"...) so that no test depends on, or states, a historical fact. The shape is
chosen so the right answers can be worked out by hand:

    Armen One ----\\                      (undirected ties, no documents, all dates)
    Karabakh One -- Mediator Mia -- Azer One -- Azerbaijani delegation -- CIS assembly
                                        |
                                     Azer Two

- Mediator Mia - Azer One: two relations (R008 on 20 April, R001 on 4 May), aggregated into one tie.
- Azer Two -> Azer One: "instructed" (directed), 7 May.
- CIS assembly -> Azerbaijani delegation: "mediated", dated to the month (May 1994).
- Documents: Armen One signed, Azer One refused to sign, Azer Two signed (disputed, 8 May).
- Commentator Cal has no relation at all.
"""

from types import SimpleNamespace

import pandas as pd


def _dates(values):
    return pd.to_datetime(pd.Series(values, dtype="object"))


def toy_network_dataset() -> SimpleNamespace:
    actors = pd.DataFrame({
        "id": ["med", "az1", "az2", "am1", "ka1", "del_az", "org_cis", "doc", "com"],
        "label_en": ["Mediator Mia", "Azer One", "Azer Two", "Armen One", "Karabakh One",
                     "Azerbaijani delegation", "CIS assembly", "The protocol", "Commentator Cal"],
        "label_es": ["Mediadora Mia", "Azer Uno", "Azer Dos", "Armen Uno", "Karabaj Uno",
                     "Delegación azerbaiyana", "Asamblea de la CEI", "El protocolo", "Comentarista Cal"],
        "variants": ["", "Cəlilov|Azer Uno", "", "", "", "", "", "", ""],
        "kind": ["person", "person", "person", "person", "person", "delegation", "organisation", "document",
                 "person"],
        "side": ["russian", "azerbaijani", "azerbaijani", "armenian", "karabakh_armenian", "azerbaijani", "cis",
                 "cis", "commentator"],
        "affiliation": ["", "del_az", "", "", "", "", "", "", ""],
        "role_en": ["Mediator."] * 9, "role_es": ["Mediadora."] * 9,
        "source_ids": ["S01"] * 9,
    })
    relations = pd.DataFrame({
        "id": ["R001", "R002", "R003", "R004", "R005", "R006", "R007", "R008", "R009", "R010"],
        "source": ["med", "med", "med", "az1", "am1", "az1", "az2", "med", "org_cis", "az2"],
        "target": ["az1", "am1", "ka1", "del_az", "doc", "doc", "doc", "az1", "del_az", "az1"],
        "type": ["negotiated_with", "negotiated_with", "negotiated_with", "member_of", "signed",
                 "refused_to_sign", "signed", "negotiated_with", "mediated", "instructed"],
        "directed": [False, False, False, True, True, True, True, False, True, True],
        "date": _dates(["1994-05-04", "1994-05-04", "1994-05-04", "1994-05-04", "1994-05-05", "1994-05-05",
                        "1994-05-08", "1994-04-20", "1994-05-01", "1994-05-07"]),
        "date_end": _dates([None] * 10),
        "precision": ["day"] * 8 + ["month", "day"],
        "place_en": ["Bishkek"] * 10, "place_es": ["Biskek"] * 10,
        "event_id": ["ev_meet", "ev_meet", "ev_meet", "ev_meet", "ev_sign", "ev_sign", "", "", "", ""],
        "certainty": ["certain", "certain", "probable", "certain", "certain", "certain", "disputed", "certain",
                      "probable", "certain"],
        "note_en": [f"Note {i}" for i in range(1, 11)], "note_es": [f"Nota {i}" for i in range(1, 11)],
        "source_ids": ["S01", "S02", "S01;S02", "S01", "S02", "S01", "S03", "S03", "S02", "S01"],
    })
    events = pd.DataFrame({
        "id": ["ev_summit", "ev_meet", "ev_sign", "ev_ceasefire"],
        "date": _dates(["1994-04-15", "1994-05-04", "1994-05-05", "1994-05-12"]),
        "date_end": _dates([None, "1994-05-05", None, None]),
        "precision": ["day"] * 4,
        "phase": ["context", "negotiation", "signing", "ceasefire"],
    })
    sources = pd.DataFrame({
        "id": ["S01", "S02", "S03"], "author": ["Author A", "Author B", "Author C"],
        "title": ["Book A", "Article B", "Page C"], "publisher": ["", "", ""],
        "year": pd.array([2001, 2002, 2003], dtype="Int64"), "url": ["", "", ""],
        "type": ["memoir", "press", "explainer"], "language": ["en", "ru", "az"],
        "perspective": ["russian_mediator", "armenian", "azerbaijani"],
        "reliability_en": ["Participant.", "Partisan.", "Partisan."],
        "reliability_es": ["Participante.", "Partidista.", "Partidista."],
    })
    ds = SimpleNamespace(actors=actors, relations=relations, events=events, sources=sources)
    ds.actor_label = lambda actor_id, lang="en": actors.set_index("id").at[actor_id, f"label_{lang}"]
    return ds
