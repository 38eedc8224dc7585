"""Who says what, read critically: tidy tables of interpretations, loaded terms and disputed points.

Notebook 04 reads every voice with the same four questions (who speaks and from where, when, on
what evidence, could it be checked). The voices are grouped as the notebook groups them, so that
a test can check that every group gets a critical-reading prompt. The tables here are the ones
04 and 06 show: names and human headers, the sources of every row.

    claims_table(ds, "kazimirov")          -> that voice's claims (or a list of voices)
    verification_table(ds)                 -> per voice: how many claims could be checked, sources
    terms_table(ds, loaded=True)           -> the loaded terms and who uses or objects to them
    versions_table("signing_date", ds)     -> every version of a disputed point, with sources
    evidence_events(ds, [...]), evidence_interpretations(ds, [...]) -> evidence rows by id (notebook 06)
"""

from __future__ import annotations

import pandas as pd

from .citations import split_ids
from .dataset import shared_dataset
from .learner_tables import header
from .learner_tables import tidy_frame as tidy
from .strings import resolve_language, t
from .tables import Table, pick_rows
from .ui import format_span, perspective_label, source_rows

# The six groups of voices notebook 04 reads critically ("Read critically" boxes), and the
# perspective kinds of the interpretations table (its `voice_group` column) each box covers.
READING_GROUPS = {
    "azerbaijani": ("azerbaijani",),
    "armenian": ("armenian",),
    "karabakh_armenian": ("karabakh_armenian",),
    "russian": ("russian_mediator", "russian"),
    "international": ("international_organisation", "third_state", "press", "ngo"),
    "scholarly": ("scholarly", "reference", "unidentified"),
}
# For a table without a `voice_group` column (older copies of the data): the voices of each box.
VOICE_GROUPS = {
    "azerbaijani": ("seed", "azerbaijani"),
    "armenian": ("armenian",),
    "karabakh_armenian": ("karabakh_armenian",),
    "russian": ("kazimirov",),
    "international": ("csce_osce", "cis_ipa", "us_senate", "pace", "kyrgyzstan"),
    "scholarly": ("de_waal", "pax", "miller", "scholars"),
}


def voice_group(voice: str, ds=None) -> str | None:
    """The box of notebook 04 a voice is read in ('azerbaijani', ..., 'scholarly'), or None.

    Read from the interpretations' `voice_group` column when the data has one, else from VOICE_GROUPS."""
    if ds is not None and "voice_group" in ds.interpretations:
        kinds = ds.interpretations.loc[ds.interpretations["voice"] == voice, "voice_group"]
        kind = kinds.iloc[0] if len(kinds) else None
        return next((g for g, covered in READING_GROUPS.items() if kind in covered), None)
    return next((g for g, members in VOICE_GROUPS.items() if voice in members), None)


def group_voices(group: str, ds=None) -> list[str]:
    """The voices of the data read in box `group` of notebook 04, in the order of the table."""
    from .perspectives import voices

    if group not in READING_GROUPS:
        from .suggest import did_you_mean
        raise ValueError(f"unknown voice group {group!r}; {did_you_mean(group, READING_GROUPS)}")
    ds = shared_dataset(ds)
    return [v for v in voices(ds) if voice_group(v, ds) == group]


def _voices(voices, ds) -> list[str]:
    from .perspectives import check_voice

    voices = [voices] if isinstance(voices, str) else list(voices)
    return [check_voice(v, ds) for v in voices]


def claims_table(ds=None, voices=None, aspect: str | None = None, group: str | None = None,
                 lang: str | None = None) -> Table:
    """The claims of one voice (or a list of voices; all when None), or of every voice of one
    `group` of notebook 04 ('azerbaijani', ..., 'scholarly'): voice, aspect, year, claim, whether
    it could be checked, sources. `aspect` keeps one aspect ('outcome', 'causation'...)."""
    from .perspectives import voice_claims
    from .perspectives import voices as all_voices

    ds, lang = shared_dataset(ds), resolve_language(lang)
    if group is not None:
        voices = group_voices(group, ds)
    chosen = _voices(voices, ds) if voices is not None else all_voices(ds)
    parts = [voice_claims(v, ds, lang).assign(voice=t(f"voice.{v}", lang)) for v in chosen]
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["voice", "aspect", "aspect_label", "year", "claim", "verification_label", "source_ids"])
    if aspect is not None:
        frame = frame[frame["aspect"] == aspect]
    frame = frame.assign(year=[("" if pd.isna(y) else str(int(y))) for y in frame["year"]])
    return tidy(frame, {"voice": "voice", "aspect_label": "aspect", "year": "year", "claim": "claim",
                        "verification_label": "checked", "source_ids": "sources"}, lang)


def verification_table(ds=None, lang: str | None = None) -> Table:
    """One row per voice: its group, how many of its claims were checked, partly checked or not
    verified against the sources read for the module, and every source its claims rest on."""
    from .perspectives import voices

    ds, lang = shared_dataset(ds), resolve_language(lang)
    interp = ds.interpretations
    rows = []
    for v in voices(ds):
        mine = interp[interp["voice"] == v]
        group = voice_group(v, ds)
        row = {header("voice", lang): t(f"voice.{v}", lang),
               header("group", lang): t(f"table.voice_group.{group}", lang) if group else ""}
        for level in ("verified", "partly_verified", "unverified"):
            row[t(f"verification.{level}", lang).capitalize()] = int((mine["verification"] == level).sum())
        row[header("sources", lang)] = ", ".join(sorted({s for ids in mine["source_ids"] for s in split_ids(ids)}))
        rows.append(row)
    return Table(pd.DataFrame(rows))


def terms_table(ds=None, ids=None, loaded: bool = False, lang: str | None = None) -> Table:
    """Glossary entries (the ids given, or every entry; loaded=True: only loaded terms): the term,
    whether it is loaded, who uses it and who objects, and its sources."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    glossary = ds.glossary
    if ids is not None:
        glossary = pick_rows(glossary, ids, "glossary entry")
    if loaded:
        glossary = glossary[glossary["loaded"]]
    frame = glossary.assign(loaded_label=[t("table.yes" if x else "table.no", lang) for x in glossary["loaded"]])
    return tidy(frame, {f"term_{lang}": "term", "loaded_label": "loaded", f"usage_note_{lang}": "usage",
                        "source_ids": "sources"}, lang)


def versions_table(topic, ds=None, lang: str | None = None, value: bool = False, ids: bool = False) -> Table:
    """Every version of a disputed point (or of a list of points): the version, the event it is
    about, its sources and their perspectives. value=True adds the comparable value (e.g. a date);
    ids=True adds each version's id, to cite it as evidence."""
    from .disagreements import disagreement_table, topic_reading

    ds, lang = shared_dataset(ds), resolve_language(lang)
    topics = [topic] if isinstance(topic, str) else list(topic)
    parts = [disagreement_table(x, ds, lang).assign(question=topic_reading(x, ds, lang)["question"]) for x in topics]
    frame = pd.concat(parts, ignore_index=True)
    titles = dict(zip(ds.events["id"], ds.events[f"title_{lang}"], strict=True))
    frame = frame.assign(event=[titles.get(e, "") if isinstance(e, str) else "" for e in frame["event_id"]])
    columns = {"question": "question"} if len(topics) > 1 else {}
    if ids:
        columns["claim_id"] = "evidence_id"
    columns["version"] = "version"
    if value:
        columns["value"] = "value"
    columns.update({"event": "event", "source_ids": "sources", "perspectives": "perspectives"})
    return tidy(frame, columns, lang)


def evidence_events(ds=None, ids=None, start=None, end=None, lang: str | None = None) -> Table:
    """Events by id (all when None), or those dated from `start` to `end` ('1994-04-10'): the id to
    cite, date, event, place, certainty, sources."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    rows = ds.events if ids is None else pick_rows(ds.events, ids, "event")
    if start is not None:
        rows = rows[rows["date"] >= pd.Timestamp(start)]
    if end is not None:
        rows = rows[rows["date"] <= pd.Timestamp(end)]
    frame = rows.assign(when=[format_span(d, e, p, lang) for d, e, p in
                              zip(rows["date"], rows["date_end"], rows["precision"], strict=True)],
                        certainty_label=[t(f"certainty.{c}", lang) for c in rows["certainty"]])
    return tidy(frame, {"id": "evidence_id", "when": "date", f"title_{lang}": "event", f"place_{lang}": "place",
                        "certainty_label": "certainty", "source_ids": "sources"}, lang)


def evidence_interpretations(ds=None, ids=None, lang: str | None = None) -> Table:
    """Interpretations by id (all when None): the id to cite, voice, year, claim, checked?, sources."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    rows = ds.interpretations if ids is None else pick_rows(ds.interpretations, ids, "interpretation")
    frame = rows.assign(voice_label=[t(f"voice.{v}", lang) for v in rows["voice"]],
                        year_label=[("" if pd.isna(y) else str(int(y))) for y in rows["year"]],
                        checked=[t(f"verification.{v}", lang) for v in rows["verification"]])
    return tidy(frame, {"id": "evidence_id", "voice_label": "voice", "year_label": "year",
                        f"claim_{lang}": "claim", "checked": "checked", "source_ids": "sources"}, lang)


def source_perspectives(ds=None, ids="", lang: str | None = None) -> Table:
    """The sources behind some ids ('S15;S20'): short name, title, perspective and how far to trust it."""
    from .citations import sources_table

    ds, lang = shared_dataset(ds), resolve_language(lang)
    sources_table(ds, ids, lang)  # raises a clear error for an unknown id
    rows = source_rows(ds, ids)
    frame = pd.DataFrame({"id": [r["id"] for r in rows], "name": [r["name"] for r in rows],
                          "title": [r["title"] for r in rows],
                          "perspective": [perspective_label(r["perspective"], lang) for r in rows],
                          "reliability": [r[f"reliability_{lang}"] for r in rows]})
    return tidy(frame, {"id": "source", "name": "author", "title": "title", "perspective": "perspective",
                        "reliability": "reliability"}, lang)
