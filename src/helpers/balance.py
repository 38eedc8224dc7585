"""How balanced is the module? Sources and citations per perspective, and the parallel-wording check.

The lecturer's view of the source base: for each kind of voice (Azerbaijani, Armenian, Karabakh
Armenian, Russian mediator, international organisation, NGO, press, scholarly, ...) how many sources
the data holds, how often the data cites them, and how many of them each notebook cites.

    balance_report()                 -> one row per perspective (a table with human headers)
    voice_groups()                   -> the voices of interpretations.csv grouped by kind, for critical reading
    parallel_wording_problems(ds)    -> [] when every violence event is described with the same care

The parallel-wording rule (data/README.md): every event of the kind 'violence', whichever community
suffered it, names its victims, the perpetrators as the sources attribute them, every death-toll
figure with who gives it and where we read it, and the terms each side uses, attributed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .citations import cited_ids, split_ids
from .course import COURSE_FILE, notebooks
from .dataset import shared_dataset
from .strings import resolve_language, t


def _perspectives(ds) -> list[str]:
    """The perspective kinds in the order the schema lists them."""
    spec = next(f for r in ds.package["resources"] if r["name"] == "sources"
                for f in r["schema"]["fields"] if f["name"] == "perspective")
    return list(spec["constraints"]["enum"])


def _data_citations(ds) -> pd.Series:
    """How many times each source id is cited across every table's source_ids column."""
    counts: dict[str, int] = {}
    for name, table in ds.tables.items():
        if name == "sources" or "source_ids" not in table.columns:
            continue
        for ids in table["source_ids"]:
            for sid in split_ids(ids):
                counts[sid] = counts.get(sid, 0) + 1
    return pd.Series(counts, dtype="int64")


def balance_report(ds=None, lang: str | None = None, course_file: Path | str = COURSE_FILE) -> pd.DataFrame:
    """One row per perspective: sources in the data, citations in the data, and the number of
    different sources of that perspective each notebook cites (notebooks as listed in course.json).
    A last row gives the totals. Headers are in the learner's language; no index column."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    sources = ds.sources.set_index("id")["perspective"]
    cited = _data_citations(ds).reindex(sources.index, fill_value=0)
    folder = Path(course_file).parent
    per_notebook = {}
    for entry in notebooks(course_file):
        path = folder / entry["file"]
        ids = [i for i in (cited_ids(path) if path.exists() else []) if i in sources.index]
        label = t("balance.notebook", lang, number=entry["file"][:2])
        per_notebook[label] = sources.loc[ids].value_counts() if ids else pd.Series(dtype="int64")
    in_any = sorted({i for entry in notebooks(course_file) if (folder / entry["file"]).exists()
                     for i in cited_ids(folder / entry["file"]) if i in sources.index})
    any_counts = sources.loc[in_any].value_counts() if in_any else pd.Series(dtype="int64")
    rows = []
    for kind in _perspectives(ds):
        mask = sources == kind
        row = {t("balance.perspective", lang): t(f"perspective.{kind}", lang),
               t("balance.sources", lang): int(mask.sum()),
               t("balance.cited_data", lang): int(cited[mask].sum()),
               t("balance.cited_notebooks", lang): int(any_counts.get(kind, 0))}
        for label, counts in per_notebook.items():
            row[label] = int(counts.get(kind, 0))
        rows.append(row)
    table = pd.DataFrame(rows)
    total = {col: (t("balance.total", lang) if i == 0 else int(table[col].sum()))
             for i, col in enumerate(table.columns)}
    total[t("balance.cited_notebooks", lang)] = len(in_any)
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)


def voice_groups(ds=None, lang: str | None = None) -> pd.DataFrame:
    """One row per group of voices in interpretations.csv (Azerbaijani, Armenian, Karabakh Armenian,
    Russian mediator, international organisations, third states, scholarly, ...): which voices it holds,
    how many claims and how many different sources. Notebook 04 puts the same critical-reading questions
    to every group, so no group is read more kindly than another."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    interp = ds.interpretations
    order = _perspectives(ds) + ["unidentified"]
    rows = []
    for group in [g for g in order if g in set(interp["voice_group"])]:
        mine = interp[interp["voice_group"] == group]
        voices = list(dict.fromkeys(mine["voice"]))
        sources = {s for ids in mine["source_ids"] for s in split_ids(ids)}
        rows.append({t("balance.voice_group", lang): t(f"perspective.{group}", lang),
                     t("balance.voices", lang): "; ".join(t(f"voice.{v}", lang) for v in voices),
                     t("balance.claims", lang): len(mine),
                     t("balance.sources_cited", lang): len(sources)})
    return pd.DataFrame(rows)


def parallel_wording_problems(ds=None) -> list[str]:
    """Every way in which a 'violence' event falls short of the parallel-wording rule, as sentences
    naming the event and what is missing; [] when all of them pass."""
    ds = shared_dataset(ds)
    figures = ds.tables.get("event_figures", pd.DataFrame(columns=["event_id", "measure"]))
    terms = ds.tables.get("event_terms", pd.DataFrame(columns=["event_id", "used_by"]))
    problems = []
    for event in ds.events[ds.events["kind"] == "violence"].itertuples():
        where = f"event {event.id}"
        for field in ("victims_en", "victims_es", "perpetrators_en", "perpetrators_es"):
            if not str(getattr(event, field, "") or "").strip():
                problems.append(f"{where}: {field} is empty (say who suffered it and who did it, as sources attribute it)")
        deaths = figures[(figures["event_id"] == event.id) & (figures["measure"] == "killed")]
        if deaths.empty:
            problems.append(f"{where}: no death-toll figure in event_figures.csv (add each figure with who gives it)")
        for fig in deaths.itertuples():
            if not str(fig.counted_by_en).strip() or not split_ids(fig.source_ids):
                problems.append(f"{where}: figure {fig.id} does not say who gives it or where we read it")
        named = terms[terms["event_id"] == event.id]
        if named.empty:
            problems.append(f"{where}: no attributed term in event_terms.csv (how does each side name it?)")
        elif not named["used_by_en"].astype(str).str.strip().all():
            problems.append(f"{where}: a term in event_terms.csv is not attributed (used_by_en is empty)")
    return problems
