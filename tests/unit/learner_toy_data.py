"""A tiny hand-made dataset for the learner-widget tests (timeline, close reading, ...).

Same tables, columns and dtypes as helpers.load_dataset() returns, but a handful of rows whose
right answers are known by construction, so the tests do not depend on the real data files.
Facts paraphrase FACTS.md (the source ids are the fact sheet's), but the tests only rely on the
structure built here.
"""

from types import SimpleNamespace

import pandas as pd


def _dates(values):
    return pd.to_datetime(pd.Series(values, dtype="object"))


def toy_dataset(insert_anchor: str = "observers") -> SimpleNamespace:
    """Build the toy dataset; `insert_anchor` is amendment_1's word_before_en ('' = no anchor)."""
    sources = pd.DataFrame({
        "id": ["S01", "S04", "S09", "S15", "S27", "S29", "S42", "S69"],
        "author": ["Insight Karabakh", "PA-X", "Wikipedia", "V. Kazimirov", "US Senate", "garabagh.net",
                   "armenianclub.com", "T. de Waal"],
        "title": ["Seed text", "Bishkek Protocol record", "Bishkek Protocol", "Regnum article",
                  "Congressional Record", "Agreement on ceasefire", "A hard way to peace", "Black Garden"],
        "publisher": [""] * 8,
        "year": pd.array([2024, 2020, 2024, 2009, 1994, 2010, 2014, 2003], dtype="Int64"),
        "url": [""] * 8,
        "type": ["explainer", "database", "encyclopaedia", "press", "official_statement", "explainer",
                 "press", "scholarship"],
        "language": ["es", "en", "en", "ru", "en", "en", "en", "en"],
        "perspective": ["azerbaijani", "reference", "reference", "russian_mediator",
                        "third_state", "azerbaijani", "armenian", "scholarly"],
        "reliability_en": ["Has errors.", "Good.", "Mixed.", "Participant.", "Contemporary.", "Partisan.",
                           "Partisan.", "Scholarly."],
        "reliability_es": ["Tiene errores.", "Buena.", "Mixta.", "Participante.", "Contemporánea.",
                           "Partidista.", "Partidista.", "Académica."],
    })
    events = pd.DataFrame({
        "id": ["ev_nkao_vote", "ev_cis_summit", "ev_bishkek_meeting", "ev_protocol_signed",
               "ev_baku_signature", "ev_ceasefire", "ev_budapest"],
        "date": _dates(["1988-02-20", "1994-04-15", "1994-05-04", "1994-05-05", "1994-05-08",
                        "1994-05-12", "1994-12-06"]),
        "date_end": _dates([None, None, "1994-05-05", None, None, None, None]),
        "precision": ["day"] * 7,
        "phase": ["context", "context", "negotiation", "signing", "signing", "ceasefire", "aftermath"],
        "title_en": ["NKAO vote", "CIS summit", "Bishkek meeting", "Protocol signed in Bishkek",
                     "Azerbaijan signs in Baku", "Ceasefire in force", "Budapest summit"],
        "title_es": ["Votación del NKAO", "Cumbre de la CEI", "Reunión de Bishkek",
                     "Firma del protocolo en Bishkek", "Azerbaiyán firma en Bakú", "Alto el fuego en vigor",
                     "Cumbre de Budapest"],
        "description_en": ["The regional soviet voted.", "Heads of state met.", "Delegations met.",
                           "Six signatures.", "Guliyev signed.", "From 00:01.", "CSCE decision."],
        "description_es": ["El soviet regional votó.", "Se reunieron.", "Se reunieron las delegaciones.",
                           "Seis firmas.", "Firmó Guliyev.", "Desde las 00:01.", "Decisión de la CSCE."],
        "place_en": ["Stepanakert", "Moscow", "Bishkek", "Bishkek", "Baku", "", "Budapest"],
        "place_es": ["Stepanakert", "Moscú", "Bishkek", "Bishkek", "Bakú", "", "Budapest"],
        "certainty": ["certain", "certain", "certain", "certain", "certain", "certain", "certain"],
        "source_ids": ["S42", "S15", "S04", "S04;S09", "S04", "S15", "S69"],
    })
    claim_topics = pd.DataFrame({
        "id": ["signing_date", "signatory_count", "amendment_direction"],
        "discrepancy": ["D1", "D3", "D6"],
        "question_en": ["When was it signed?", "How many signed?", "Which way did the word change?"],
        "question_es": ["¿Cuándo se firmó?", "¿Cuántos firmaron?", "¿En qué sentido cambió la palabra?"],
        "reading_en": ["Most sources: 5 May.", "PA-X lists seven.", "Base texts read 'occupied'."],
        "reading_es": ["La mayoría: 5 de mayo.", "PA-X da siete.", "Los textos dicen «ocupados»."],
        "source_ids": ["S04", "S04", "S04"],
    })
    claims = pd.DataFrame({
        "id": ["C001", "C002", "C003", "C004", "C005", "C006", "C007"],
        "topic": ["signing_date", "signing_date", "signing_date", "signatory_count", "signatory_count",
                  "amendment_direction", "amendment_direction"],
        "version_en": ["Signed on 5 May 1994.", "Signed on 8 May 1994.", "Signed on 12 May 1994.",
                       "Seven signatures.", "Six men signed.", "'Occupied' became 'seized'.",
                       "'Captured' became 'occupied'."],
        "version_es": ["Firmado el 5 de mayo de 1994.", "Firmado el 8 de mayo de 1994.",
                       "Firmado el 12 de mayo de 1994.", "Siete firmas.", "Firmaron seis hombres.",
                       "«Ocupados» pasó a «incautados».", "«Capturados» pasó a «ocupados»."],
        "value": ["1994-05-05", "1994-05-08", "1994-05-12", "7", "6", "occupied>seized", "captured>occupied"],
        "event_id": ["ev_protocol_signed", "ev_protocol_signed", "ev_protocol_signed", "", "", "", ""],
        "source_ids": ["S04", "S01;S27", "S09", "S04", "S01", "S01", "S29"],
    })
    interpretations = pd.DataFrame({
        "id": ["I01", "I02", "I03", "I04"],
        "voice": ["kazimirov", "kazimirov", "de_waal", "seed"],
        "actor_id": ["", "", "", ""],
        "year": pd.array([2009, 2014, 2003, 2024], dtype="Int64"),
        "aspect": ["significance", "legal_nature", "significance", "outcome"],
        "claim_en": ["Bishkek was an auxiliary step.", "A political appeal without legal force.",
                     "A stark choice for Baku.", "It led to the ceasefire."],
        "claim_es": ["Bishkek fue un paso auxiliar.", "Un llamamiento político sin fuerza jurídica.",
                     "Una elección difícil para Bakú.", "Condujo al alto el fuego."],
        "evidence_en": ["His articles.", "Quoted in an op-ed.", "Interviews.", "Book footnotes."],
        "evidence_es": ["Sus artículos.", "Citado en un artículo.", "Entrevistas.", "Notas del libro."],
        "verification": ["verified", "partly_verified", "partly_verified", "unverified"],
        "source_ids": ["S15", "S15", "S69", "S01"],
    })
    protocol = pd.DataFrame({
        "id": ["opening", "clause_4", "amendment_1", "amendment_2"],
        "part": ["opening", "clause", "amendment", "amendment"],
        "dash_item": pd.array([None, 4, None, None], dtype="Int64"),
        "paragraph": pd.array([1, 5, None, None], dtype="Int64"),
        "amends": ["", "", "clause_4", "clause_4"],
        "change": ["", "", "insert", "replace"],
        "word_before_en": ["", "", insert_anchor, "occupied"],
        "word_before_es": ["", "", "observadores" if insert_anchor else "", "ocupados"],
        "word_after_en": ["", "", "international", "seized"],
        "word_after_es": ["", "", "internacionales", "incautados"],
        "summary_en": ["The participants met in Bishkek.",
                       "Cease fire, guided by the February protocol and its part on observers; then "
                       "agree on withdrawal from occupied territories.",
                       "Insert 'international' before 'observers'.", "Replace 'occupied' by 'seized'."],
        "summary_es": ["Los participantes se reunieron en Bishkek.",
                       "Alto el fuego, guiándose por el protocolo de febrero y su parte sobre los "
                       "observadores; después, acordar la retirada de los territorios ocupados.",
                       "Añadir «internacionales» a «observadores».",
                       "Sustituir «ocupados» por «incautados»."],
        "key_terms_en": ["", "observers|occupied territories", "observers", "occupied"],
        "key_terms_es": ["", "observadores|territorios ocupados", "observadores", "ocupados"],
        "source_ids": ["S04", "S04", "S01;S27", "S01;S29"],
    })
    glossary = pd.DataFrame({
        "id": ["occupied", "ceasefire"],
        "term_en": ["occupied", "ceasefire"],
        "term_es": ["ocupados", "alto el fuego"],
        "definition_en": ["Held by force.", "A halt to fighting."],
        "definition_es": ["Tomados por la fuerza.", "Cese de los combates."],
        "loaded": [True, False],
        "usage_note_en": ["Used by Azerbaijan and the UN resolutions; rejected by Karabakh Armenians.", ""],
        "usage_note_es": ["Lo usan Azerbaiyán y las resoluciones de la ONU; lo rechazan los armenios "
                          "de Karabaj.", ""],
        "source_ids": ["S04", "S04"],
    })
    tables = {"sources": sources, "events": events, "claim_topics": claim_topics, "claims": claims,
              "interpretations": interpretations, "protocol": protocol, "glossary": glossary,
              "actors": pd.DataFrame(), "relations": pd.DataFrame()}
    return SimpleNamespace(tables=tables, path=None, **tables)
