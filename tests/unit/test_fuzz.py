"""Property-based tests (Hypothesis): random text and random damage never lose a learner's entry,
and no exception escapes but the module's own (JournalFormatError, DatasetError).

Runs are bounded (max_examples, no deadline) so the whole file stays within a few seconds, and
derandomized (the same examples every run, so CI is deterministic); to search harder, raise
max_examples locally and drop derandomize.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import journal as jn
from helpers.dataset import DEFAULT_DATA_DIR, DatasetError, load_dataset
from helpers.export import FORMULA_STARTS, export_graph
from helpers.journal import Journal, JournalFormatError

BOUNDED = {"deadline": None, "database": None, "derandomize": True}
FAST = settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], **BOUNDED)

# any text a keyboard, a paste or a broken file can give (surrogates excluded: they cannot come
# from a browser; an imported file's '\ud800' escapes are tested separately)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
IDS = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)
ENTRIES = st.dictionaries(IDS, st.tuples(TEXT, TEXT), min_size=1, max_size=6)


def damage_strategy(readable_kinds: bool = True):
    """Ways a journal file gets damaged on disk, each a function of the bytes that were there.

    readable_kinds: include damage that leaves a readable journal (BOM, empty or older copy,
    an edited text)."""
    cut = st.floats(0, 1).map(lambda f: (lambda data: data[: int(len(data) * f)]))
    garbage = st.binary(max_size=200).map(lambda junk: (lambda data: junk))
    flip = st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=8)).map(
        lambda a: (lambda data: data[: int(len(data) * a[0])] + a[1] + data[int(len(data) * a[0]) + len(a[1]):]))
    deep = st.integers(1_000, 60_000).map(lambda n: (lambda data: b'{"entries":' + b"[" * n))
    wrong = st.sampled_from([b"[]", b"null", b'{"entries": []}', b'{"entries": {"a": 1}}',
                             b'{"entries": {"a": {"text": ["x"]}}}']).map(lambda junk: (lambda data: junk))
    bom = st.just(lambda data: b"\xef\xbb\xbf" + data)
    empty = st.just(lambda data: jn.serialise({}))  # replaced by an empty journal
    older = st.just("older copy")  # replaced by the file as it was after the first save
    text_edit = st.tuples(st.floats(0, 1), TEXT).map(  # damage inside a text that still parses
        lambda a: (lambda data: _edit_a_text(data, a[0], a[1])))
    if not readable_kinds:
        return st.one_of(cut, garbage, flip, deep, wrong)
    return st.one_of(cut, garbage, flip, deep, wrong, bom, empty, older, text_edit)


def _edit_a_text(data: bytes, where: float, new: str) -> bytes:
    """The journal with one entry's text changed (as a sync tool or a bad disk could), still valid."""
    try:
        raw = json.loads(data)
    except ValueError:
        return data
    ids = list(raw["entries"])
    raw["entries"][ids[int(where * (len(ids) - 1))]]["text"] += "~" + new
    return json.dumps(raw).encode("utf-8")


@FAST
@given(first=ENTRIES, damage=damage_strategy(), newest=st.tuples(IDS, TEXT, TEXT),
       import_damage=damage_strategy(readable_kinds=False))
def test_journal_round_trip_survives_any_damage(first, damage, newest, import_damage):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "journal"
        j = Journal(folder)
        path = folder / "journal.json"
        snapshot = None
        for pid, (prompt, text) in first.items():
            j.set(pid, text + " (draft)", prompt=prompt)
            j.save()
            snapshot = snapshot or path.read_bytes()
            j.set(pid, text, prompt=prompt)
            j.save()
        path.write_bytes(snapshot if damage == "older copy" else damage(path.read_bytes()))
        pid, prompt, text = newest
        j.set(pid, text, prompt=prompt)
        j.save()  # never raises for damage: memory is the truth
        expected = {p: {"prompt": pr, "text": tx} for p, (pr, tx) in first.items()}
        expected[pid] = {"prompt": prompt, "text": text}
        assert Journal(folder).entries == expected  # nothing lost, after a restart
        for kept in folder.glob("journal.corrupt-*.json"):
            assert kept.stat().st_size or damage(b"x") == b""  # the damaged bytes are kept, not emptied
        md_path, json_path = j.export(lang="en")
        assert md_path.read_text(encoding="utf-8").count("<!-- ") == len(expected)
        elsewhere = Journal(Path(tmp) / "other")
        assert sorted(elsewhere.import_file(json_path)) == sorted(expected)
        assert Journal(Path(tmp) / "other").entries == expected
        try:  # a damaged export offered for import: a reason, or the entries it still holds
            elsewhere.import_data(import_damage(json_path.read_bytes()))
        except JournalFormatError as err:
            assert str(err) and Journal(Path(tmp) / "other").entries == expected  # nothing changed
        else:
            assert set(expected) <= set(Journal(Path(tmp) / "other").entries)  # nothing dropped


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
                           max_leaves=20)


@FAST
@given(raw=st.one_of(st.binary(max_size=300), TEXT, JSON_VALUES.map(json.dumps),
                     st.integers(1_000, 60_000).map(lambda n: '{"entries": ' + "[" * n + "]" * n + "}"),
                     st.dictionaries(st.just("entries"), JSON_VALUES).map(json.dumps)))
def test_parse_journal_accepts_or_explains_anything(raw):
    try:
        entries = jn.parse_journal(raw)
    except JournalFormatError as err:
        assert str(err)
    else:
        assert all(isinstance(e["text"], str) and isinstance(e["prompt"], str) for e in entries.values())
        jn.serialise(entries).decode("utf-8")  # and it can be saved


# ------------------------------------------------------------------ the loader

@pytest.fixture(scope="module")
def data_copy(tmp_path_factory):
    target = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


def _tables():
    package = json.loads((DEFAULT_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    return [(r["path"], [f["name"] for f in r["schema"]["fields"]]) for r in package["resources"]]


CONTROL = set(chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 127, *range(128, 160)])


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture], **BOUNDED)
@given(table=st.sampled_from(_tables()), row=st.integers(0, 200), column=st.integers(0, 30),
       text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=40), whole_file=st.booleans())
def test_the_loader_raises_only_dataset_errors_on_random_text(data_copy, table, row, column, text, whole_file):
    path, fields = table
    original = (DEFAULT_DATA_DIR / path).read_bytes()
    try:
        if whole_file:
            (data_copy / path).write_text(text, encoding="utf-8")
        else:
            rows = list(csv.reader(io.StringIO(original.decode("utf-8-sig"), newline="")))
            r = rows[1 + row % (len(rows) - 1)]
            r[column % len(r)] = text
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(rows)
            (data_copy / path).write_text(buffer.getvalue(), encoding="utf-8", newline="")
        try:
            load_dataset(data_copy)
        except DatasetError as err:
            assert err.problems and all(p.file for p in err.problems)
            bad = set(text.replace("\r", "")) & CONTROL
            if bad and not whole_file:
                assert any(p.file == path and p.row is not None and p.field and "control character" in p.message
                           for p in err.problems), str(err)
        else:
            assert not set(text.replace("\r", "")) & CONTROL  # a control character never loads
    finally:
        (data_copy / path).write_bytes(original)


# ------------------------------------------------------------------ the exports

@settings(max_examples=25, **BOUNDED)
@given(labels=st.lists(TEXT, min_size=2, max_size=4, unique=True), note=TEXT)
def test_exports_are_well_formed_and_formula_free_for_any_text(labels, note):
    g = nx.Graph()
    for n, label in enumerate(labels):
        g.add_node(f"a{n}" + label[:3].replace(">", ""), label=label, side="russian", kind="person")
    nodes = list(g)
    for u, v in zip(nodes, nodes[1:], strict=False):
        g.add_edge(u, v, types=["negotiated_with"], relation_ids=["R1"], source_ids="S01", notes=[note],
                   dates=[pd.Timestamp("1994-05-05")], date=pd.Timestamp("1994-05-05"), date_end=None,
                   directions=[f"{u}>{v}"], certainty="certain", certainties=["certain"], weight=1)
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in (".gexf", ".graphml"):
            path = export_graph(g, Path(tmp) / f"n{suffix}", lang="en")
            ET.parse(path)  # well-formed XML, or this raises
            assert (nx.read_gexf if suffix == ".gexf" else nx.read_graphml)(path).number_of_nodes() == len(nodes)
        table = pd.read_csv(export_graph(g, Path(tmp) / "n.csv", lang="en"), dtype=str, keep_default_na=False)
        for cell in table.to_numpy().ravel():
            assert not cell.startswith(FORMULA_STARTS)


# ------------------------------------------------------------------ the escaping functions

MARKUP = st.lists(st.sampled_from(list("<>&\"'`*_[]()!#$\\:/=- \n\tajvscript")
                                  + ["\u202e", "\u2069", "\u202c", "\u05d0", "javascript:", "&colon;", "-->"]),
                  max_size=25).map("".join)


@settings(max_examples=100, **BOUNDED)
@given(text=st.one_of(TEXT, MARKUP), url=st.one_of(TEXT, MARKUP))
def test_escaped_text_never_becomes_markup_or_a_bad_link(text, url):
    from hostile_text import bidi_leaks, live_markup, render_markdown

    from helpers.safe_text import escape_html, escape_markdown, html_link, markdown_link

    page = f"<p title=\"{escape_html(text)}\">{escape_html(text)} {html_link(text, url)}</p>"
    assert live_markup(page) == [] and "<" not in escape_html(text)
    rendered = render_markdown(f"- {escape_markdown(text, one_line=True)}\n\n{escape_markdown(text)} "
                               f"{markdown_link(text, url)}\n")
    assert live_markup(rendered) == []
    assert rendered.count("<a ") <= 1 and rendered.count("<li>") == 1  # no link or list made by the text
    assert bidi_leaks(escape_markdown(text)) == []
