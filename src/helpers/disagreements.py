"""Where sources disagree: every version of a disputed point, side by side, with its source.

The claims table holds one row per version of a disputed point (a "topic": the signing date, the
place, the number of signatories, the direction of the amendment, what "Bishkek Protocol" refers
to...). This module shows them side by side, each with the sources that give it and whose
perspective each source speaks for, followed by where the weight of the sources lies (the
dataset's reading, attributed, not a verdict). Disagreement is the teaching material here.

    disagreement_table("signing_date", ds)     -> one row per version (a DataFrame)
    sources_disagree("signing_date")           -> the viewer widget (or no topic: pick one)
"""

from __future__ import annotations

import pandas as pd

from .dataset import shared_dataset
from .strings import resolve_language, t
from .suggest import did_you_mean
from .ui import FULL_LABEL, esc, perspective_label, source_rows, sources_html


def check_topic(topic: str, ds) -> str:
    """Return `topic` if it is a claim topic id, else raise a ValueError naming the closest ones."""
    known = list(ds.claim_topics["id"])
    if topic not in known:
        hint = did_you_mean(str(topic), known)
        raise ValueError(f"unknown topic {topic!r}" + (f"; {hint}" if hint else "")
                         + f" (topics: {', '.join(known)})")
    return topic


def topics_table(ds=None, lang: str | None = None) -> pd.DataFrame:
    """Every disputed topic: id, question, fact-sheet discrepancy id and number of versions."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    counts = ds.claims.groupby("topic").size() if len(ds.claims) else pd.Series(dtype=int)
    return pd.DataFrame({
        "topic": ds.claim_topics["id"], "question": ds.claim_topics[f"question_{lang}"],
        "discrepancy": ds.claim_topics["discrepancy"],
        "versions": [int(counts.get(i, 0)) for i in ds.claim_topics["id"]],
    })


def disagreement_table(topic: str, ds=None, lang: str | None = None) -> pd.DataFrame:
    """One row per version of `topic`: its text, comparable value, sources and their perspectives."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    check_topic(topic, ds)
    rows = ds.claims[ds.claims["topic"] == topic]
    out = []
    for claim in rows.itertuples():
        cited = source_rows(ds, claim.source_ids)
        out.append({
            "claim_id": claim.id, "version": getattr(claim, f"version_{lang}"), "value": claim.value,
            "event_id": claim.event_id, "source_ids": claim.source_ids,
            "sources": "; ".join(f"{s['id']} {s['name']}" for s in cited),
            "perspectives": "; ".join(dict.fromkeys(perspective_label(s["perspective"], lang)
                                                    for s in cited)),
        })
    columns = ["claim_id", "version", "value", "event_id", "source_ids", "sources", "perspectives"]
    return pd.DataFrame(out, columns=columns)


def topic_reading(topic: str, ds=None, lang: str | None = None) -> dict:
    """The topic's question and the dataset's reading of the evidence, with its sources."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    check_topic(topic, ds)
    row = ds.claim_topics[ds.claim_topics["id"] == topic].iloc[0]
    return {"question": row[f"question_{lang}"], "reading": row[f"reading_{lang}"],
            "discrepancy": row["discrepancy"], "source_ids": row["source_ids"]}


def _source_items(ds, source_ids, lang) -> str:
    items = []
    for s in source_rows(ds, source_ids):
        note = s.get(f"reliability_{lang}", "")
        items.append(f"<li><b>{esc(s['id'])}</b> {esc(s['name'])}<br>"
                     f"<i>{esc(perspective_label(s['perspective'], lang))}</i>"
                     + (f"<br><small>{esc(note)}</small>" if note else "") + "</li>")
    return "<ul style='padding-left:1.1em;margin:4px 0'>" + "".join(items) + "</ul>"


def disagreement_html(topic: str, ds=None, lang: str | None = None, compact: bool = False) -> str:
    """The versions of `topic` as cards side by side (escaped HTML), then the reading.

    `compact=True` leaves out the reliability notes (used inside the close-reading view).
    """
    ds, lang = shared_dataset(ds), resolve_language(lang)
    reading = topic_reading(topic, ds, lang)
    table = disagreement_table(topic, ds, lang)
    html = f"<h4>{esc(reading['question'])}</h4>"
    if table.empty:
        html += f"<p>{esc(t('disagree.no_versions', lang))}</p>"
    cards = []
    for n, v in enumerate(table.itertuples(), 1):
        value = f"<p><code>{esc(v.value)}</code></p>" if v.value else ""
        if compact:
            sources = sources_html(ds, v.source_ids, lang)
        else:
            sources = _source_items(ds, v.source_ids, lang)
        cards.append(
            "<div style='flex:1 1 220px;border:1px solid #bbb;border-radius:4px;padding:6px 8px'>"
            f"<p><b>{esc(t('disagree.version', lang, n=n))}</b></p><p>{esc(v.version)}</p>{value}"
            f"<p><b>{esc(t('disagree.according_to', lang))}</b></p>{sources}</div>")
    html += "<div style='display:flex;flex-wrap:wrap;gap:8px'>" + "".join(cards) + "</div>"
    html += (f"<p><b>{esc(t('disagree.reading_head', lang))}</b> {esc(reading['reading'])} "
             f"[{esc(reading['source_ids'])}]</p>")
    if reading["discrepancy"]:
        html += f"<p><small>{esc(t('disagree.discrepancy_ref', lang, id=reading['discrepancy']))}</small></p>"
    return html


def disagreement_text(topic: str, ds=None, lang: str | None = None) -> str:
    """Plain-text version of the viewer (for printing or a screen reader)."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    reading = topic_reading(topic, ds, lang)
    lines = [reading["question"]]
    for n, v in enumerate(disagreement_table(topic, ds, lang).itertuples(), 1):
        lines.append(f"{t('disagree.version', lang, n=n)}: {v.version} [{v.source_ids}] ({v.perspectives})")
    lines.append(f"{t('disagree.reading_head', lang)} {reading['reading']} [{reading['source_ids']}]")
    return "\n".join(lines)


def sources_disagree(topic: str | None = None, ds=None, lang: str | None = None):
    """The sources-disagree viewer: a topic dropdown and every version side by side.

    Controls: `.topic` (Dropdown of topic questions; preset to `topic` when given), `.output`
    (HTML with the versions).
    """
    import ipywidgets as widgets

    ds, lang = shared_dataset(ds), resolve_language(lang)
    if topic is not None:
        check_topic(topic, ds)
    topics = ds.claim_topics
    options = [(q, tid) for tid, q in zip(topics["id"], topics[f"question_{lang}"], strict=True)]
    start = topic if topic is not None else (options[0][1] if options else None)
    chooser = widgets.Dropdown(options=options, value=start,
                               description=t("disagree.topic_label", lang), style=FULL_LABEL,
                               layout=widgets.Layout(width="auto"))
    output = widgets.HTML()

    def show(*_):
        output.value = disagreement_html(chooser.value, ds, lang) if chooser.value else ""

    chooser.observe(show, "value")
    show()
    box = widgets.VBox([chooser, output])
    box.topic, box.output = chooser, output
    return box

