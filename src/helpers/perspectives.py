"""Who says what about the protocol: two interpretations side by side.

The interpretations table records, for each voice (Kazimirov, de Waal, the Azerbaijani-perspective
source text, Armenian and Karabakh Armenian accounts, the CSCE/OSCE, the PA-X coding, ...), what
they claim about an aspect (significance, legal nature, causes, outcome, who the parties are,
wording, process), what the claim rests on, whether we could verify it, and the sources. Every
claim stays attributed to its voice: the comparer lines two voices up by aspect, it does not judge.

    voice_claims("kazimirov", ds)             -> that voice's claims (a DataFrame)
    compare_voices("kazimirov", "de_waal", ds) -> one row per aspect, the two voices side by side
    perspectives_comparer()                    -> the widget (two dropdowns)
"""

from __future__ import annotations

import pandas as pd

from .dataset import shared_dataset
from .strings import resolve_language, t
from .suggest import did_you_mean
from .ui import FULL_LABEL, esc, sources_html, sources_text

ASPECTS = ("significance", "legal_nature", "causation", "outcome", "parties", "wording", "process")


def voices(ds=None) -> list[str]:
    """The voices that have at least one interpretation, in the order of the table."""
    ds = shared_dataset(ds)
    return list(dict.fromkeys(ds.interpretations["voice"]))


def check_voice(voice: str, ds) -> str:
    """Return `voice` if the table has it, else raise a ValueError naming the closest voices."""
    known = voices(ds)
    if voice not in known:
        hint = did_you_mean(str(voice), known)
        raise ValueError(f"no interpretations for voice {voice!r}" + (f"; {hint}" if hint else "")
                         + f" (voices: {', '.join(known)})")
    return voice


def voice_claims(voice: str, ds=None, lang: str | None = None) -> pd.DataFrame:
    """One row per claim of `voice`: aspect, year, claim, evidence, verification and sources."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    check_voice(voice, ds)
    rows = ds.interpretations[ds.interpretations["voice"] == voice]
    order = {a: i for i, a in enumerate(ASPECTS)}
    rows = rows.assign(_order=rows["aspect"].map(order)).sort_values(["_order", "id"], kind="stable")
    return pd.DataFrame({
        "id": rows["id"], "aspect": rows["aspect"],
        "aspect_label": [t(f"aspect.{a}", lang) for a in rows["aspect"]],
        "year": rows["year"], "claim": rows[f"claim_{lang}"], "evidence": rows[f"evidence_{lang}"],
        "verification": rows["verification"],
        "verification_label": [t(f"verification.{v}", lang) for v in rows["verification"]],
        "source_ids": rows["source_ids"],
        "sources": [sources_text(ds, ids, lang) for ids in rows["source_ids"]],
    }).reset_index(drop=True)


def compare_voices(left: str, right: str, ds=None, lang: str | None = None) -> pd.DataFrame:
    """One row per aspect that either voice speaks to: the two voices' claims side by side.

    Cells hold the claims (with their ids) joined by ' | '; '' where a voice says nothing on it.
    """
    ds, lang = shared_dataset(ds), resolve_language(lang)
    a, b = voice_claims(left, ds, lang), voice_claims(right, ds, lang)
    rows = []
    for aspect in ASPECTS:
        ca, cb = a[a["aspect"] == aspect], b[b["aspect"] == aspect]
        if ca.empty and cb.empty:
            continue
        rows.append({"aspect": aspect, "aspect_label": t(f"aspect.{aspect}", lang),
                     left: " | ".join(f"{r.claim} [{r.source_ids}]" for r in ca.itertuples()),
                     right: " | ".join(f"{r.claim} [{r.source_ids}]" for r in cb.itertuples())})
    return pd.DataFrame(rows, columns=["aspect", "aspect_label", left, right] if left != right
                        else ["aspect", "aspect_label", left])


def _claims_cell(ds, claims: pd.DataFrame, lang: str) -> str:
    if claims.empty:
        return f"<i>{esc(t('persp.nothing', lang))}</i>"
    parts = []
    for r in claims.itertuples():
        year = "" if pd.isna(r.year) else f" ({r.year})"
        parts.append(
            f"<p>{esc(r.claim)}{esc(year)}</p>"
            f"<p><small><b>{esc(t('persp.evidence', lang))}</b> {esc(r.evidence)}<br>"
            f"<b>{esc(t('persp.verification', lang))}</b> {esc(r.verification_label)}</small></p>"
            f"{sources_html(ds, r.source_ids, lang)}")
    return "<hr>".join(parts)


def comparison_html(left: str, right: str, ds=None, lang: str | None = None) -> str:
    """An escaped HTML table: aspects down the side, the two voices across."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    a, b = voice_claims(left, ds, lang), voice_claims(right, ds, lang)
    head = (f"<tr><th scope='col'>{esc(t('persp.aspect', lang))}</th>"
            f"<th scope='col'>{esc(t(f'voice.{left}', lang))}</th>"
            f"<th scope='col'>{esc(t(f'voice.{right}', lang))}</th></tr>")
    body = ""
    for aspect in ASPECTS:
        ca, cb = a[a["aspect"] == aspect], b[b["aspect"] == aspect]
        if ca.empty and cb.empty:
            continue
        body += (f"<tr><th scope='row' style='vertical-align:top'>{esc(t(f'aspect.{aspect}', lang))}</th>"
                 f"<td style='vertical-align:top;width:45%'>{_claims_cell(ds, ca, lang)}</td>"
                 f"<td style='vertical-align:top;width:45%'>{_claims_cell(ds, cb, lang)}</td></tr>")
    note = f"<p><i>{esc(t('persp.same_voice', lang))}</i></p>" if left == right else ""
    return (f"{note}<p><small>{esc(t('persp.attribution_note', lang))}</small></p>"
            f"<table style='border-collapse:collapse'><thead>{head}</thead><tbody>{body}</tbody></table>")


def perspectives_comparer(ds=None, lang: str | None = None, left: str | None = None,
                          right: str | None = None):
    """The comparer widget: pick two voices and read their claims, evidence and sources.

    Controls: `.left` and `.right` (Dropdowns of voices), `.output` (HTML table).
    Defaults: Kazimirov against de Waal when both are in the data, else the first two voices.
    """
    import ipywidgets as widgets

    ds, lang = shared_dataset(ds), resolve_language(lang)
    known = voices(ds)
    defaults = [v for v in ("kazimirov", "de_waal") if v in known] or known[:2]
    left = check_voice(left, ds) if left else (defaults[0] if defaults else None)
    right = check_voice(right, ds) if right else (defaults[-1] if defaults else None)
    options = [(t(f"voice.{v}", lang), v) for v in known]
    left_box = widgets.Dropdown(options=options, value=left, description=t("persp.left_label", lang),
                                style=FULL_LABEL, layout=widgets.Layout(width="auto"))
    right_box = widgets.Dropdown(options=options, value=right, description=t("persp.right_label", lang),
                                 style=FULL_LABEL, layout=widgets.Layout(width="auto"))
    output = widgets.HTML()

    def show(*_):
        if left_box.value and right_box.value:
            output.value = comparison_html(left_box.value, right_box.value, ds, lang)
        else:
            output.value = esc(t("persp.no_data", lang))

    left_box.observe(show, "value")
    right_box.observe(show, "value")
    show()
    box = widgets.VBox([widgets.HBox([left_box, right_box]), output])
    box.left, box.right, box.output = left_box, right_box, output
    return box
