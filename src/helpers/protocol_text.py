"""Close reading of the protocol's own words: published English translations and the Russian original.

data/protocol_text.csv holds one row per part of the protocol (opening line, dash items) and per
text witness: the text exactly as published, the source it was read from, who translated or
published it, and whether the copy we read was complete, broke off ('partial') or did not reach
that part ('not_retrieved'). Its `marks` column says which words the two amendments Baku wrote on
the copy signed on 8 May 1994 concern ("amendment_1=observers;amendment_2=occupied").

    protocol_texts(ds, language=None, clause_id=None)   -> the rows, in the protocol's order
    locate_marks(ds)                                    -> each mark with its span and the form shown
    text_pieces(ds, row)                                -> the text cut at marks and loaded terms
    protocol_text_html / protocol_text_plain            -> the view and its text alternative
    protocol_close_reading(ds, lang)                    -> the widget

The form a text shows is computed from protocol.csv: an inserted word ("international") either
stands before the marked word (amended form) or not (unamended form); a replaced word is the
recorded word before the change or the word after it. Where no text of a part was retrieved in a
language, our paraphrase from protocol.csv is shown instead, labelled as such.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import NamedTuple

import pandas as pd

from .close_reading import RELATED_TOPICS, find_word
from .dataset import shared_dataset
from .strings import resolve_language, t
from .ui import FULL_LABEL, esc, sources_html, sources_text

TEXT_FILE = "protocol_text.csv"
TEXT_LANGUAGES = ("en", "ru")  # languages of the protocol's texts (not of the interface)
VIEWS = ("both", "en", "ru")
FORMS = ("amended", "unamended", "unknown")


class Piece(NamedTuple):
    text: str
    mark: str = ""  # id of the amendment whose marked word this piece is
    loaded: bool = False  # inside a loaded term (see the glossary)
    mark_end: bool = False  # the last piece of a marked word: its tag follows
    loaded_end: bool = False  # the last piece of a loaded term: its tag follows


def protocol_texts(ds=None, language: str | None = None, clause_id: str | None = None) -> pd.DataFrame:
    """The text rows in the protocol's order (opening line, then dash items), then language and source."""
    ds = shared_dataset(ds)
    order = {cid: n for n, cid in enumerate(ds.protocol["id"])}
    rows = ds.protocol_text.copy()
    if language is not None:
        rows = rows[rows["language"] == language]
    if clause_id is not None:
        rows = rows[rows["clause_id"] == clause_id]
    rows = rows.assign(_order=rows["clause_id"].map(order).fillna(len(order)),
                       _lang=rows["language"].map({lang: n for n, lang in enumerate(TEXT_LANGUAGES)}))
    return rows.sort_values(["_order", "_lang", "source_ids"], kind="stable").drop(
        columns=["_order", "_lang"]).reset_index(drop=True)


def clause_ids(ds=None) -> list[str]:
    """The parts of the protocol that have text rows, in the protocol's order."""
    return list(dict.fromkeys(protocol_texts(ds)["clause_id"]))


def parse_marks(value: str) -> list[tuple[str, str]]:
    """'amendment_1=observers;amendment_2=occupied' -> [('amendment_1', 'observers'), ...]."""
    pairs = []
    for item in str(value or "").split(";"):
        if item.strip():
            amendment, _, word = item.partition("=")
            pairs.append((amendment.strip(), word.strip()))
    return pairs


def _row_number(ds, row_id: str) -> int:
    """The spreadsheet row of a text row (header = row 1), for error messages."""
    ids = list(ds.protocol_text["id"])
    return ids.index(row_id) + 2 if row_id in ids else 0


def _mark_error(ds, row, message: str, value: str, hint: str) -> ValueError:
    return ValueError(f"{TEXT_FILE}, row {_row_number(ds, row['id'])} ({row['id']}), field 'marks': "
                      f"{message} (value: {value!r}) - {hint}")


def form_shown(amendment, text: str, span: tuple[int, int], language: str) -> str:
    """Whether `text` shows this amendment's wording before ('unamended') or after ('amended') it.

    Uses the words recorded in protocol.csv for `language`; 'unknown' when none are recorded
    (e.g. for Russian) or the marked word is neither of them.
    """
    before = amendment.get(f"word_before_{language}", "") or ""
    after = amendment.get(f"word_after_{language}", "") or ""
    if not after:
        return "unknown"
    word = text[span[0]:span[1]]
    if amendment["change"] == "insert":
        preceding = re.search(r"(\w+)\W*$", text[:span[0]])
        inserted = [w.strip().lower() for w in after.split("/") if w.strip()]
        return "amended" if preceding and preceding.group(1).lower() in inserted else "unamended"
    if before and find_word(word, before):
        return "unamended"
    if find_word(word, after):
        return "amended"
    return "unknown"


def locate_marks(ds=None, row_id: str | None = None) -> list[dict]:
    """Every amendment mark of the texts: row, amendment, word, span in the text, form shown.

    Raises a ValueError naming the file, row and field when a mark's amendment is not in
    protocol.csv or its word is not in the text, so a mark can never point at nothing.
    """
    ds = shared_dataset(ds)
    amendments = {r["id"]: r for _, r in ds.protocol[ds.protocol["part"] == "amendment"].iterrows()}
    found = []
    for _, row in protocol_texts(ds).iterrows():
        if row_id is not None and row["id"] != row_id:
            continue
        for amendment_id, word in parse_marks(row["marks"]):
            if amendment_id not in amendments:
                from .suggest import did_you_mean
                hint = did_you_mean(amendment_id, amendments) or "use an amendment id from protocol.csv"
                raise _mark_error(ds, row, "unknown amendment", amendment_id, hint)
            span = find_word(row["text"], word)
            if span is None:
                raise _mark_error(ds, row, "the marked word is not in this row's text", word,
                                  "write the word exactly as it appears in the 'text' column")
            amendment = amendments[amendment_id]
            found.append({"row": row["id"], "clause_id": row["clause_id"], "language": row["language"],
                          "source_ids": row["source_ids"], "amendment": amendment_id,
                          "change": amendment["change"], "word": row["text"][span[0]:span[1]], "span": span,
                          "form": form_shown(amendment, row["text"], span, row["language"])})
    return found


def _loaded_spans(ds, text: str, language: str) -> list[tuple[int, int, str]]:
    """Spans of glossary terms marked as loaded, found in a text of `language` (id of the term)."""
    column = f"term_{language}"
    if column not in ds.glossary.columns or not len(ds.glossary):
        return []  # the glossary has no terms in this language (e.g. Russian)
    spans = []
    for _, term in ds.glossary[ds.glossary["loaded"]].iterrows():
        rest, offset = text, 0
        while True:
            span = find_word(rest, term[column])
            if span is None:
                break
            spans.append((span[0] + offset, span[1] + offset, term["id"]))
            offset += span[1]
            rest = text[offset:]
    return sorted(spans)


def text_pieces(ds, row, marks: list[dict] | None = None) -> list[Piece]:
    """The text of one row cut where amendment marks and loaded terms begin and end.

    `marks` is `locate_marks(ds)` when the caller already has it (one render computes it once).
    """
    ds = shared_dataset(ds)
    text = row["text"]
    marks = [(m["span"][0], m["span"][1], m["amendment"])
             for m in (locate_marks(ds, row["id"]) if marks is None else marks) if m["row"] == row["id"]]
    loaded = [(s, e) for s, e, _ in _loaded_spans(ds, text, row["language"])]
    cuts = sorted({0, len(text)} | {p for s, e, _ in marks for p in (s, e)} | {p for s, e in loaded for p in (s, e)})
    pieces = []
    for start, end in pairwise(cuts):
        mark = next((m for s, e, m in marks if s <= start and end <= e), "")
        mark_end = any(e == end and s <= start for s, e, _ in marks)
        in_loaded = any(s <= start and end <= e for s, e in loaded)
        loaded_end = any(e == end and s <= start for s, e in loaded)
        pieces.append(Piece(text[start:end], mark, in_loaded, mark_end, loaded_end))
    return pieces


def _numbers(ds) -> dict[str, int]:
    """Amendment id -> its number as the learner sees it (1, 2, ... in id order)."""
    ids = sorted(ds.protocol.loc[ds.protocol["part"] == "amendment", "id"])
    return {a: n for n, a in enumerate(ids, 1)}


def _pieces_markup(ds, row, lang: str, html: bool, marks: list[dict]) -> str:
    numbers = _numbers(ds)
    forms = {(m["row"], m["amendment"]): m["form"] for m in marks}
    out = ""
    for piece in text_pieces(ds, row, marks):
        body = esc(piece.text) if html else piece.text
        if html and piece.mark:
            body = f"<mark style='background:#fbe3b4'>{body}</mark>"
        if html and piece.loaded:
            body = f"<span style='text-decoration:underline dotted'>{body}</span>"
        out += body
        if piece.mark_end:
            tag = t("close.text.tag.mark", lang, n=numbers.get(piece.mark, "?"),
                    form=t(f"close.text.form.{forms.get((row['id'], piece.mark), 'unknown')}", lang))
            out += f"<sup>[{esc(tag)}]</sup>" if html else f"[{tag}]"
        if piece.loaded_end:
            tag = t("close.tag.loaded", lang)
            out += f"<sup>[{esc(tag)}]</sup>" if html else f"[{tag}]"
    if row["status"] == "partial":
        tag = t("close.text.partial", lang)
        out += f" [\u2026] <i>({esc(tag)})</i>" if html else f" [\u2026] ({tag})"
    return out


def _part_title(ds, clause_id: str, lang: str) -> str:
    part = ds.protocol[ds.protocol["id"] == clause_id]
    if part.empty or part.iloc[0]["part"] == "opening" or pd.isna(part.iloc[0]["dash_item"]):
        return t("close.text.part.opening", lang) if clause_id == "opening" else clause_id
    return t("close.text.part.clause", lang, n=part.iloc[0]["dash_item"])


def _paraphrase(ds, clause_id: str, lang: str) -> str:
    part = ds.protocol[ds.protocol["id"] == clause_id]
    return "" if part.empty else part.iloc[0][f"summary_{lang}"]


def _cell_html(ds, clause_id: str, language: str, lang: str, marks: list[dict]) -> str:
    """All witnesses of one part in one language; our paraphrase (labelled) if none has text."""
    rows = protocol_texts(ds, language, clause_id)
    html = ""
    for _, row in rows.iterrows():
        if row["status"] == "not_retrieved":
            html += f"<p><i>{esc(t('close.text.not_retrieved', lang))}</i>"
        else:
            html += f"<p lang='{esc(language)}'>{_pieces_markup(ds, row, lang, True, marks)}"
        html += (f"<br><small>{esc(t('close.text.read_from', lang))} <b>{esc(row['source_ids'])}</b> "
                 f"{esc(sources_text(ds, row['source_ids'], lang).split(' ', 1)[-1])}. "
                 f"{esc(row[f'attribution_{lang}'])}")
        if row[f"note_{lang}"]:
            html += f" <i>{esc(row[f'note_{lang}'])}</i>"
        html += "</small></p>"
    if rows.empty or (rows["status"] == "not_retrieved").all():
        head = t("close.text.paraphrase_head", lang, language=t(f"close.text.langname.{language}", lang))
        html += (f"<p style='border-left:3px solid #999;padding-left:6px'><b>{esc(head)}</b> "
                 f"{esc(_paraphrase(ds, clause_id, lang))}</p>")
    return html


def _cell_text(ds, clause_id: str, language: str, lang: str, marks: list[dict]) -> list[str]:
    rows = protocol_texts(ds, language, clause_id)
    lines = []
    for _, row in rows.iterrows():
        body = (t("close.text.not_retrieved", lang) if row["status"] == "not_retrieved"
                else _pieces_markup(ds, row, lang, False, marks))
        lines.append(f"  {row['source_ids']}: {body}")
        lines.append(f"    {t('close.text.read_from', lang)} {sources_text(ds, row['source_ids'], lang)}. "
                     f"{row[f'attribution_{lang}']} {row[f'note_{lang}']}".rstrip())
    if rows.empty or (rows["status"] == "not_retrieved").all():
        head = t("close.text.paraphrase_head", lang, language=t(f"close.text.langname.{language}", lang))
        lines.append(f"  {head} {_paraphrase(ds, clause_id, lang)}")
    return lines


def _changes_html(ds, clause_id: str, lang: str, marks: list[dict]) -> str:
    """Under a part with marks: what each change was, what each text shows, who reports it, disputes."""
    from .disagreements import disagreement_html

    marks = [m for m in marks if m["clause_id"] == clause_id]
    if not marks:
        return ""
    numbers = _numbers(ds)
    protocol = ds.protocol.set_index("id")
    html = f"<p><b>{esc(t('close.changes_head', lang))}</b></p><ol>"
    for amendment_id in sorted({m["amendment"] for m in marks}):
        a = protocol.loc[amendment_id]
        if a["change"] == "insert":
            what = t("close.text.change.insert", lang, n=numbers[amendment_id], word=a[f"word_after_{lang}"])
        else:
            what = t("close.text.change.replace", lang, n=numbers[amendment_id],
                     before=a[f"word_before_{lang}"], after=a[f"word_after_{lang}"])
        shown = ""
        for m in (m for m in marks if m["amendment"] == amendment_id):
            key = f"close.text.shows.{m['form']}"
            shown += f"<li>{esc(t(key, lang, source=m['source_ids'], word=m['word']))}</li>"
        html += (f"<li>{esc(what)}<ul>{shown}</ul><small>{esc(t('close.reported_by', lang))}</small>"
                 f"{sources_html(ds, a['source_ids'], lang)}</li>")
    html += "</ol>"
    languages_marked = {m["language"] for m in marks}
    missing = [lg for lg in TEXT_LANGUAGES if lg not in languages_marked]
    for language in missing:
        html += f"<p><i>{esc(t('close.text.no_marks', lang, language=t(f'close.text.langname.{language}', lang)))}</i></p>"
    for topic in RELATED_TOPICS:
        if topic in set(ds.claim_topics["id"]):
            html += disagreement_html(topic, ds, lang, compact=True)
    return html


def _loaded_html(ds, clause_ids: list[str], lang: str) -> str:
    texts = protocol_texts(ds)
    texts = texts[texts["clause_id"].isin(clause_ids)]
    used = []
    for _, row in texts.iterrows():
        used += [term for _, _, term in _loaded_spans(ds, row["text"], row["language"])]
    if not used:
        return ""
    glossary = ds.glossary.set_index("id")
    html = f"<p><b>{esc(t('close.loaded_head', lang))}</b></p><ul>"
    for term in dict.fromkeys(used):
        g = glossary.loc[term]
        html += (f"<li>\u201c{esc(g['term_en'])}\u201d ({esc(g[f'term_{lang}'])}): {esc(g[f'usage_note_{lang}'])}"
                 f"{sources_html(ds, g['source_ids'], lang)}</li>")
    return html + f"</ul><p><small>{esc(t('close.text.loaded_languages', lang))}</small></p>"


def _check_view(view: str) -> str:
    if view not in VIEWS:
        from .suggest import did_you_mean
        raise ValueError(f"view must be one of {', '.join(VIEWS)}, not {view!r}"
                         + (f" ({did_you_mean(view, VIEWS)})" if did_you_mean(view, VIEWS) else ""))
    return view


def _selected(ds, clause_id: str | None) -> list[str]:
    ids = clause_ids(ds)
    if clause_id is None:
        return ids
    if clause_id not in ids:
        from .suggest import did_you_mean
        raise ValueError(f"no text rows for part {clause_id!r} in {TEXT_FILE}; "
                         + (did_you_mean(clause_id, ids) or f"parts: {', '.join(ids)}"))
    return [clause_id]


def protocol_text_html(ds=None, lang: str | None = None, view: str = "both", clause_id: str | None = None) -> str:
    """The protocol's words, part by part, in English, Russian or side by side (escaped HTML)."""
    ds, lang, view = shared_dataset(ds), resolve_language(lang), _check_view(view)
    languages = list(TEXT_LANGUAGES) if view == "both" else [view]
    html = f"<p>{esc(t('close.text.intro', lang))}</p>"
    if lang == "es":
        html += f"<p><i>{esc(t('close.text.no_spanish', lang))}</i></p>"
    selected, marks = _selected(ds, clause_id), locate_marks(ds)
    for cid in selected:
        html += f"<h4>{esc(_part_title(ds, cid, lang))}</h4>"
        cells = "".join(f"<td style='vertical-align:top;padding:4px 8px;width:{100 // len(languages)}%'>"
                        f"<b>{esc(t(f'close.text.lang.{lg}', lang))}</b>{_cell_html(ds, cid, lg, lang, marks)}</td>"
                        for lg in languages)
        html += f"<table style='border-collapse:collapse;width:100%'><tr>{cells}</tr></table>"
        html += _changes_html(ds, cid, lang, marks)
    return html + _loaded_html(ds, selected, lang)


def protocol_text_plain(ds=None, lang: str | None = None, view: str = "both", clause_id: str | None = None) -> str:
    """The text alternative of `protocol_text_html`: the same texts, tags in brackets, one per line."""
    ds, lang, view = shared_dataset(ds), resolve_language(lang), _check_view(view)
    languages = list(TEXT_LANGUAGES) if view == "both" else [view]
    lines = [t("close.text.intro", lang)]
    if lang == "es":
        lines.append(t("close.text.no_spanish", lang))
    marks = locate_marks(ds)
    for cid in _selected(ds, clause_id):
        lines.append("")
        lines.append(_part_title(ds, cid, lang))
        for language in languages:
            lines.append(f" {t(f'close.text.lang.{language}', lang)}:")
            lines += _cell_text(ds, cid, language, lang, marks)
    return "\n".join(lines)


def protocol_close_reading(ds=None, lang: str | None = None):
    """The widget: the protocol's words part by part, English / Russian / side by side.

    Controls: `.view` (ToggleButtons 'both'/'en'/'ru'), `.part` (Dropdown: all parts or one),
    `.text` (HTML: the texts, marks, sources), `.alternative` (HTML: the plain-text version).
    """
    import ipywidgets as widgets

    ds, lang = shared_dataset(ds), resolve_language(lang)
    view = widgets.ToggleButtons(options=[(t(f"close.text.view.{v}", lang), v) for v in VIEWS], value="both",
                                 description=t("close.text.view_label", lang),
                                 style=FULL_LABEL | {"button_width": "auto"})  # long labels shown in full
    marked = [m["clause_id"] for m in locate_marks(ds)]
    parts = [(t("close.text.all_parts", lang), "")] + [(_part_title(ds, c, lang), c) for c in clause_ids(ds)]
    part = widgets.Dropdown(options=parts, value=marked[0] if marked else "",
                            description=t("close.text.part_label", lang), style=FULL_LABEL)
    text = widgets.HTML()
    alternative = widgets.HTML()
    details = widgets.Accordion(children=[alternative], selected_index=None)
    details.set_title(0, t("close.text.alt_head", lang))

    def show(*_):
        chosen = part.value or None
        text.value = protocol_text_html(ds, lang, view.value, chosen)
        alternative.value = (f"<pre style='white-space:pre-wrap'>"
                             f"{esc(protocol_text_plain(ds, lang, view.value, chosen))}</pre>")

    view.observe(show, "value")
    part.observe(show, "value")
    show()
    box = widgets.VBox([view, part, text, details])
    box.view, box.part, box.text, box.alternative = view, part, text, alternative
    return box
