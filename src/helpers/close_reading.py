"""Close reading of the clause the Azerbaijani side amended, before and after.

The protocol table summarises each clause in our own words and records the two amendments that
Baku added by hand before signing on 8 May 1994 (a word inserted, a word replaced), with the
sources that report them. This module lays the amended clause out as segments of text:

    clause_segments(ds, version="before" | "after")   -> [Segment(text, kind, amendment, loaded)]

kinds: "text" (unchanged), "changed" (a word an amendment will replace, before view), "anchor"
(the word an insertion goes in front of, before view), "deleted" and "inserted" (after view).
Terms the glossary marks as loaded (e.g. "occupied") are flagged, with who uses them and who
objects. `amendment_close_reading()` shows it as a widget with a prompt (and a journal box) for
each changed word. Only the changed words are quoted, and each is attributed to its sources.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pandas as pd

from .dataset import shared_dataset
from .strings import has, resolve_language, t
from .ui import FULL_LABEL, esc, sources_html

RELATED_TOPICS = ("amendment_direction", "amendment_paragraph")  # disputes shown under the clause
# Where an inserted adjective goes: before its noun in English ("international observers"),
# after it in Spanish ("observadores internacionales").
INSERT_AFTER_ANCHOR = {"en": False, "es": True}


class Segment(NamedTuple):
    text: str
    kind: str  # text | changed | anchor | deleted | inserted
    amendment: str = ""  # protocol id of the amendment that touches this segment
    loaded: bool = False  # a loaded term (see the glossary)


def amendments(ds=None) -> pd.DataFrame:
    """The amendment rows of the protocol table, in id order."""
    ds = shared_dataset(ds)
    rows = ds.protocol[ds.protocol["part"] == "amendment"]
    return rows.sort_values("id", kind="stable").reset_index(drop=True)


def amended_clause_id(ds=None) -> str:
    """The id of the clause the amendments change (the first one, if a copy has several)."""
    ds = shared_dataset(ds)
    targets = [a for a in amendments(ds)["amends"] if a]
    if not targets:
        raise ValueError("the protocol table has no amendment with an 'amends' clause id")
    return targets[0]


def find_word(text: str, word: str) -> tuple[int, int] | None:
    """Where `word` (or one of its 'a/b' alternatives) first occurs as a whole word, ignoring case."""
    for alternative in (w.strip() for w in str(word).split("/")):
        if not alternative:
            continue
        match = re.search(r"(?<!\w)" + re.escape(alternative) + r"(?!\w)", text, flags=re.IGNORECASE)
        if match:
            return match.span()
    return None


def loaded_terms(ds=None, lang: str | None = None) -> dict[str, dict]:
    """Glossary terms marked as loaded: term -> {'note': who uses/objects, 'source_ids': ...}."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    rows = ds.glossary[ds.glossary["loaded"]] if len(ds.glossary) else ds.glossary
    return {r[f"term_{lang}"]: {"id": r["id"], "note": r[f"usage_note_{lang}"],
                                "source_ids": r["source_ids"]} for _, r in rows.iterrows()}


def _is_loaded(word: str, terms: dict) -> bool:
    return any(find_word(word, term) is not None or find_word(term, word) is not None for term in terms)


def _anchor(amendment, text: str, lang: str) -> tuple[int, int] | None:
    """Where an insertion goes: before word_before, else before one of the key terms."""
    candidates = [amendment[f"word_before_{lang}"]] + str(amendment[f"key_terms_{lang}"]).split("|")
    for word in candidates:
        if word and word != amendment[f"word_after_{lang}"]:
            span = find_word(text, word)
            if span:
                slash = re.match(r"(?:/\w+)+", text[span[1]:])  # 'observers/monitors' stays one unit
                return (span[0], span[1] + (slash.end() if slash else 0))
    return None


def locate_amendments(ds=None, lang: str | None = None, clause_id: str | None = None) -> list[dict]:
    """Each amendment of the clause with the span of text it touches (None if not found)."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    clause_id = clause_id or amended_clause_id(ds)
    text = clause_text(ds, lang, clause_id)
    found = []
    for _, a in amendments(ds).iterrows():
        if a["amends"] != clause_id:
            continue
        if a["change"] == "insert":
            span = _anchor(a, text, lang)
        else:
            span = find_word(text, a[f"word_before_{lang}"]) if a[f"word_before_{lang}"] else None
        found.append({"id": a["id"], "change": a["change"], "span": span,
                      "anchor": text[span[0]:span[1]] if span else a[f"word_before_{lang}"],
                      "before": a[f"word_before_{lang}"], "after": a[f"word_after_{lang}"],
                      "summary": a[f"summary_{lang}"], "source_ids": a["source_ids"]})
    return found


def clause_text(ds=None, lang: str | None = None, clause_id: str | None = None) -> str:
    """Our summary of the amended clause (a paraphrase, not a quotation)."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    clause_id = clause_id or amended_clause_id(ds)
    rows = ds.protocol[ds.protocol["id"] == clause_id]
    if rows.empty:
        raise ValueError(f"the protocol table has no part {clause_id!r}")
    return rows.iloc[0][f"summary_{lang}"]


def _mark_loaded(segments: list[Segment], terms: dict) -> list[Segment]:
    """Split plain text segments around loaded terms and flag every loaded word."""
    out = []
    for seg in segments:
        if seg.kind != "text":
            out.append(seg._replace(loaded=_is_loaded(seg.text, terms)))
            continue
        rest = seg.text
        while rest:
            spans = [s for s in (find_word(rest, term) for term in terms) if s]
            if not spans:
                out.append(Segment(rest, "text"))
                break
            start, end = min(spans)
            if start:
                out.append(Segment(rest[:start], "text"))
            out.append(Segment(rest[start:end], "text", loaded=True))
            rest = rest[end:]
    return out


def clause_segments(ds=None, version: str = "after", lang: str | None = None,
                    clause_id: str | None = None) -> list[Segment]:
    """The amended clause as segments, `version` 'before' or 'after' the amendments."""
    if version not in ("before", "after"):
        raise ValueError(f"version must be 'before' or 'after', not {version!r}")
    ds, lang = shared_dataset(ds), resolve_language(lang)
    text = clause_text(ds, lang, clause_id)
    located = sorted((a for a in locate_amendments(ds, lang, clause_id) if a["span"]),
                     key=lambda a: a["span"])
    segments, pos = [], 0
    for a in located:
        start, end = a["span"]
        if start < pos:  # overlaps an earlier amendment: listed below the clause instead
            continue
        if start > pos:
            segments.append(Segment(text[pos:start], "text"))
        word = text[start:end]
        if a["change"] == "insert":
            if version == "after" and INSERT_AFTER_ANCHOR.get(lang):
                segments += [Segment(word, "text"), Segment(" ", "text"), Segment(a["after"], "inserted", a["id"])]
            elif version == "after":
                segments += [Segment(a["after"], "inserted", a["id"]), Segment(" ", "text"), Segment(word, "text")]
            else:
                segments.append(Segment(word, "anchor", a["id"]))
        elif version == "after":
            segments.append(Segment(word, "deleted", a["id"]))
            segments.append(Segment(" ", "text"))
            segments.append(Segment(a["after"], "inserted", a["id"]))
        else:
            segments.append(Segment(word, "changed", a["id"]))
        pos = end
    if pos < len(text):
        segments.append(Segment(text[pos:], "text"))
    return _mark_loaded(segments, loaded_terms(ds, lang))


_STYLE = {
    "inserted": "<ins style='background:#cdebd9;text-decoration:underline'>{}</ins>",
    "deleted": "<del style='background:#f6d5c5'>{}</del>",
    "changed": "<mark style='background:#fbe3b4'>{}</mark>",
    "anchor": "<span style='border-bottom:2px solid #0072B2'>{}</span>",
    "text": "{}",
}


def segments_html(segments: list[Segment], numbers: dict[str, int], lang: str) -> str:
    """Segments as escaped HTML; changes carry a visible tag so colour is never the only cue."""
    html = ""
    for seg in segments:
        piece = _STYLE[seg.kind].format(esc(seg.text))
        if seg.kind != "text":
            tag = t(f"close.tag.{seg.kind}", lang, n=numbers.get(seg.amendment, "?"))
            piece += f"<sup>[{esc(tag)}]</sup>"
        if seg.loaded:
            piece = (f"<span style='text-decoration:underline dotted'>{piece}</span>"
                     f"<sup>[{esc(t('close.tag.loaded', lang))}]</sup>")
        html += piece
    return html


def segments_text(segments: list[Segment], numbers: dict[str, int], lang: str | None = None) -> str:
    """Plain-text rendering of the segments (a text alternative, and handy in tests)."""
    lang = resolve_language(lang)
    out = ""
    for seg in segments:
        piece = seg.text
        if seg.kind != "text":
            piece += f"[{t(f'close.tag.{seg.kind}', lang, n=numbers.get(seg.amendment, '?'))}]"
        if seg.loaded:
            piece += f"[{t('close.tag.loaded', lang)}]"
        out += piece
    return out


def prompt_for(amendment: dict, lang: str | None = None) -> str:
    """The reflection prompt for one amendment: a specific one if written, else a generic one."""
    key = f"close.prompt.{amendment['id']}"
    if has(key, "en"):
        return t(key, lang)
    word = amendment["after"] if amendment["change"] == "insert" else amendment["before"]
    return t(f"close.prompt.{amendment['change'] or 'replace'}", lang, word=word)


def close_reading_html(ds=None, version: str = "after", lang: str | None = None) -> str:
    """The clause (before or after) with its changes listed, loaded terms explained, disputes shown."""
    from .disagreements import disagreement_html

    ds, lang = shared_dataset(ds), resolve_language(lang)
    clause_id = amended_clause_id(ds)
    clause = ds.protocol[ds.protocol["id"] == clause_id].iloc[0]
    located = locate_amendments(ds, lang, clause_id)
    numbers = {a["id"]: n for n, a in enumerate(located, 1)}
    dash = "" if pd.isna(clause["dash_item"]) else clause["dash_item"]
    para = "" if pd.isna(clause["paragraph"]) else clause["paragraph"]
    html = f"<h4>{esc(t('close.clause_head', lang, dash=dash, paragraph=para))}</h4>"
    html += f"<p><small>{esc(t('close.paraphrase_note', lang))} [{esc(clause['source_ids'])}]</small></p>"
    html += (f"<p><b>{esc(t(f'close.version.{version}', lang))}:</b> "
             f"{segments_html(clause_segments(ds, version, lang, clause_id), numbers, lang)}</p>")
    html += f"<p><b>{esc(t('close.changes_head', lang))}</b></p><ol>"
    for a in located:
        if a["change"] == "insert":
            what = t("close.change.insert", lang, word=a["after"], anchor=a["anchor"] or "-")
        else:
            what = t("close.change.replace", lang, before=a["before"], after=a["after"])
        missing = "" if a["span"] else f" <i>({esc(t('close.not_located', lang))})</i>"
        html += (f"<li>{esc(what)}{missing} <small>{esc(t('close.reported_by', lang))}</small>"
                 f"{sources_html(ds, a['source_ids'], lang)}</li>")
    html += "</ol>"
    terms = loaded_terms(ds, lang)
    text = clause_text(ds, lang, clause_id) + " " + " ".join(a["after"] for a in located)
    used = [(term, info) for term, info in terms.items() if find_word(text, term)]
    if used:
        html += f"<p><b>{esc(t('close.loaded_head', lang))}</b></p><ul>"
        for term, info in used:
            html += (f"<li>\u201c{esc(term)}\u201d: {esc(info['note'])}"
                     f"{sources_html(ds, info['source_ids'], lang)}</li>")
        html += "</ul>"
    for topic in RELATED_TOPICS:
        if topic in set(ds.claim_topics["id"]):
            html += disagreement_html(topic, ds, lang, compact=True)
    return html


def amendment_close_reading(ds=None, lang: str | None = None, with_journal: bool = True):
    """The close-reading widget: before/after toggle, the changes, and a prompt per changed word.

    Controls: `.version` (ToggleButtons 'before'/'after'), `.clause` (HTML), `.prompts` (list of
    HTML prompts), `.journal_boxes` (one journal box per prompt, ids 'close_reading.<amendment>').
    """
    import ipywidgets as widgets

    ds, lang = shared_dataset(ds), resolve_language(lang)
    version = widgets.ToggleButtons(
        options=[(t("close.version.before", lang), "before"), (t("close.version.after", lang), "after")],
        value="after", description=t("close.version_label", lang), style=FULL_LABEL)
    clause = widgets.HTML()
    prompts, boxes, children = [], [], []
    for n, a in enumerate(locate_amendments(ds, lang), 1):
        head = esc(t("close.prompt_head", lang, n=n))
        prompt = widgets.HTML(f"<p><b>{head}</b> {esc(prompt_for(a, lang))}</p>")
        prompts.append(prompt)
        children.append(prompt)
        if with_journal:
            from .journal import journal_box
            box = journal_box(f"close_reading.{a['id']}", prompt_for(a, lang), lang=lang)
            boxes.append(box)
            children.append(box)

    def show(*_):
        clause.value = close_reading_html(ds, version.value, lang)

    version.observe(show, "value")
    show()
    box = widgets.VBox([version, clause, *children])
    box.version, box.clause, box.prompts, box.journal_boxes = version, clause, prompts, boxes
    return box
