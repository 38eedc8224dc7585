"""The loader: the real data loads, and every kind of corruption gives a message a lecturer can act on.

Each corruption is made from the real data in a temporary copy, so the tests follow the data
as it grows instead of hard-coding rows.
"""

import csv
import io
import shutil

import pytest

from helpers import DatasetError, load_dataset
from helpers.dataset import DEFAULT_DATA_DIR


@pytest.fixture()
def copy(tmp_path):
    """A writable copy of the real data package."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


def read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write(path, rows, **kw):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding=kw.get("encoding", "utf-8"), newline="")


def set_cell(path, row_index, column, value):
    """Change one cell (row_index 0 = first data row); return the spreadsheet row number."""
    rows = read(path)
    rows[row_index + 1][rows[0].index(column)] = value
    write(path, rows)
    return row_index + 2


def problems_of(folder):
    with pytest.raises(DatasetError) as info:
        load_dataset(folder)
    return info.value.problems, str(info.value)


def test_real_data_loads_with_every_table():
    ds = load_dataset()
    names = [r["name"] for r in ds.package["resources"]]
    assert list(ds.tables) == names
    for resource in ds.package["resources"]:
        columns = [f["name"] for f in resource["schema"]["fields"]]
        assert list(ds.tables[resource["name"]].columns) == columns


def test_load_dataset_accepts_a_copy_and_its_datapackage_path(copy):
    assert len(load_dataset(copy).actors) == len(load_dataset().actors)
    assert len(load_dataset(copy / "datapackage.json").events) == len(load_dataset().events)


def test_types_are_ready_for_notebooks():
    ds = load_dataset()
    assert str(ds.events["date"].dtype).startswith("datetime64")
    assert ds.relations["directed"].dtype == bool
    assert ds.sources["year"].dtype == "Int64"
    assert not ds.relations["note_en"].isna().any()  # optional text is "" rather than NaN


def test_unknown_actor_id_names_file_row_field_and_closest_id(copy):
    rows = read(copy / "relations.csv")
    good = rows[1][rows[0].index("source")]
    typo = good[:-1] + ("x" if good[-1] != "x" else "y")
    row = set_cell(copy / "relations.csv", 0, "source", typo)
    problems, text = problems_of(copy)
    [p] = problems
    assert (p.file, p.row, p.field, p.value) == ("relations.csv", row, "source", typo)
    assert f"did you mean '{good}'" in p.hint
    assert "relations.csv, row 2, field 'source'" in text


def test_bad_date_is_reported_with_the_expected_format(copy):
    row = set_cell(copy / "events.csv", 3, "date", "5 May 1994")
    [p] = problems_of(copy)[0]
    assert (p.file, p.row, p.field, p.value) == ("events.csv", row, "date", "5 May 1994")
    assert "YYYY-MM-DD" in p.hint


def test_date_outside_the_dataset_range_is_rejected(copy):
    row = set_cell(copy / "events.csv", 0, "date", "2031-01-01")
    [p] = problems_of(copy)[0]
    assert (p.row, p.field) == (row, "date") and "maximum" in p.message


def test_duplicate_id_points_to_the_first_use(copy):
    rows = read(copy / "actors.csv")
    rows[3][0] = rows[1][0]
    write(copy / "actors.csv", rows)
    problems, _ = problems_of(copy)
    dup = [p for p in problems if p.message == "duplicate id"]
    assert len(dup) == 1 and dup[0].row == 4 and "row 2" in dup[0].hint


def test_row_without_a_source_is_rejected(copy):
    row = set_cell(copy / "claims.csv", 1, "source_ids", "")
    [p] = problems_of(copy)[0]
    assert (p.file, p.row, p.field) == ("claims.csv", row, "source_ids")
    assert "cite at least one" in p.hint


def test_unknown_source_id_suggests_a_real_one(copy):
    known = {r[0] for r in read(copy / "sources.csv")[1:]}
    unknown = next(f"S{n:02d}" for n in range(99, 0, -1) if f"S{n:02d}" not in known)
    row = set_cell(copy / "glossary.csv", 0, "source_ids", unknown)
    problems, _ = problems_of(copy)
    assert [(p.row, p.field, p.value) for p in problems] == [(row, "source_ids", unknown)]
    assert "did you mean 'S" in problems[0].hint or "add it to sources.csv" in problems[0].hint


def test_missing_column_and_misspelt_column(copy):
    rows = read(copy / "actors.csv")
    col = rows[0].index("label_es")
    rows[0][col] = "lable_es"
    write(copy / "actors.csv", rows)
    problems, _ = problems_of(copy)
    missing = [p for p in problems if p.message == "missing column"]
    extra = [p for p in problems if p.message == "column not in the schema"]
    assert missing[0].field == "label_es" and "did you mean 'lable_es'" in missing[0].hint
    assert extra[0].field == "lable_es" and "did you mean 'label_es'" in extra[0].hint


def test_extra_column_is_reported(copy):
    rows = read(copy / "sources.csv")
    write(copy / "sources.csv", [r + ["x"] for r in [rows[0]]] + [r + ["1"] for r in rows[1:]])
    rows = read(copy / "sources.csv")
    problems, _ = problems_of(copy)
    assert [(p.file, p.row, p.field) for p in problems] == [("sources.csv", 1, "x")]


def test_short_row_is_reported_not_padded(copy):
    rows = read(copy / "events.csv")
    rows[2] = rows[2][:-2]
    write(copy / "events.csv", rows)
    problems, _ = problems_of(copy)
    assert any(p.row == 3 and p.message.startswith("short row") for p in problems)


def test_file_that_is_not_utf8(copy):
    text = (copy / "actors.csv").read_text(encoding="utf-8")
    text = text + "zz_extra,Bakú,Bakú,,person,azerbaijani,,x,x,S04\n"
    (copy / "actors.csv").write_bytes(text.encode("latin-1", errors="replace"))
    [p] = problems_of(copy)[0]
    assert p.file == "actors.csv" and "not UTF-8" in p.message and "CSV UTF-8" in p.hint
    assert p.row == text[: text.index("ú")].count("\n") + 1


def test_enum_typo_gets_a_hint(copy):
    row = set_cell(copy / "relations.csv", 0, "certainty", "certian")
    [p] = problems_of(copy)[0]
    assert p.row == row and "did you mean 'certain'" in p.hint


def test_timeline_label_longer_than_its_limit_is_rejected(copy):
    row = set_cell(copy / "events.csv", 2, "short_es", "Un rótulo demasiado largo para la cronología")
    [p] = problems_of(copy)[0]
    assert (p.row, p.field) == (row, "short_es") and "longer than 30 characters" in p.message


def test_timeline_label_with_a_dollar_sign_is_rejected(copy):
    row = set_cell(copy / "events.csv", 1, "short_en", "Costs $5")
    [p] = problems_of(copy)[0]
    assert (p.row, p.field) == (row, "short_en") and "expected form" in p.message


def test_every_problem_is_listed_at_once_and_nothing_is_returned(copy):
    set_cell(copy / "events.csv", 0, "date", "1994-02-30")
    set_cell(copy / "relations.csv", 0, "certainty", "sure")
    set_cell(copy / "claims.csv", 0, "source_ids", "")
    problems, text = problems_of(copy)
    assert {p.file for p in problems} == {"events.csv", "relations.csv", "claims.csv"}
    assert "3 problem(s)" in text and "nothing was loaded" in text


def test_spreadsheet_artefacts_are_accepted(copy):
    """A BOM, Windows line endings and a trailing blank line, as Excel or LibreOffice write them."""
    for csv_file in copy.glob("*.csv"):
        body = csv_file.read_text(encoding="utf-8").replace("\n", "\r\n")
        csv_file.write_bytes(("\ufeff" + body + "\r\n").encode("utf-8"))
    ds, original = load_dataset(copy), load_dataset()
    for name, table in original.tables.items():
        assert table.equals(ds.tables[name]), name


def test_missing_file_and_missing_package(copy, tmp_path):
    (copy / "glossary.csv").unlink()
    [p] = problems_of(copy)[0]
    assert p.file == "glossary.csv" and p.message == "file not found"
    with pytest.raises(DatasetError, match="datapackage.json"):
        load_dataset(tmp_path / "nowhere")


def test_helpers_share_one_load_until_a_data_file_changes(copy, monkeypatch):
    from helpers import dataset

    monkeypatch.setattr(dataset, "DEFAULT_DATA_DIR", copy)
    monkeypatch.setattr(dataset, "_SHARED", {})
    first = dataset.shared_dataset()
    assert dataset.shared_dataset() is first  # the widgets of one notebook share one load
    mine = load_dataset(copy)
    assert dataset.shared_dataset(mine) is mine and mine is not first  # a dataset passed in is used as is
    set_cell(copy / "actors.csv", 0, "label_en", "A renamed actor")
    second = dataset.shared_dataset()
    assert second is not first and "A renamed actor" in set(second.actors["label_en"])


def test_a_learners_dataset_is_independent_of_the_helpers_copy(copy, monkeypatch):
    from helpers import dataset

    monkeypatch.setattr(dataset, "DEFAULT_DATA_DIR", copy)
    monkeypatch.setattr(dataset, "_SHARED", {})
    mine = load_dataset()
    shared = dataset.shared_dataset()  # made by that load: no second read
    assert shared is not mine and shared.actors.equals(mine.actors)
    mine.actors.loc[0, "label_en"] = "changed by a learner"
    assert shared.actors.loc[0, "label_en"] != "changed by a learner"


def test_the_first_load_settles_memory_once(monkeypatch):
    import gc

    from helpers import dataset

    monkeypatch.setattr(dataset, "_SETTLED", False)
    gc.unfreeze()
    load_dataset()
    frozen = gc.get_freeze_count()
    assert frozen > 0  # the libraries and the first dataset are frozen (see dataset._settle_memory)
    later = [{"made": "after the first load"} for _ in range(1000)]
    load_dataset()
    assert gc.get_freeze_count() <= frozen, "a second load froze what was made after the first"
    del later


# ------------------------------------------------------------------ untrusted text in an adapted copy

@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x1b", "\x7f", "\x85"])
def test_a_control_character_names_file_row_and_field(copy, char):
    rows = read(copy / "events.csv")
    title = rows[2][rows[0].index("title_en")]
    row = set_cell(copy / "events.csv", 1, "title_en", title[:5] + char + title[5:])
    problems, text = problems_of(copy)
    [p] = problems
    assert (p.file, p.row, p.field) == ("events.csv", row, "title_en")
    assert f"U+{ord(char):04X}" in p.message and "only tab and line breaks" in p.hint
    assert f"events.csv, row {row}, field 'title_en'" in text


def test_tabs_and_line_breaks_in_a_cell_still_load(copy):
    rows = read(copy / "events.csv")
    text = rows[1][rows[0].index("description_en")]
    set_cell(copy / "events.csv", 0, "description_en", text + "\tsee\r\nalso\nthis")
    assert load_dataset(copy).events["description_en"][0].endswith("\tsee\nalso\nthis")


def test_an_oversized_cell_is_a_dataset_error_naming_its_field(copy):
    row = set_cell(copy / "glossary.csv", 2, "definition_en", "long " * 30_000)
    [p] = problems_of(copy)[0]
    assert (p.file, p.row, p.field) == ("glossary.csv", row, "definition_en")
    assert "150,000 characters" in p.message and "quotation mark" in p.hint


def test_an_unclosed_quotation_mark_that_swallows_the_file_is_a_dataset_error(copy):
    text = (copy / "relations.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[2] = lines[2].replace(",", ',"', 1)  # opens a quoted cell that never closes
    (copy / "relations.csv").write_text("\n".join(lines * 40) + "\n", encoding="utf-8")
    problems, _ = problems_of(copy)
    assert problems and all(p.file == "relations.csv" for p in problems)


@pytest.mark.parametrize("descriptor", [
    "[]", '{"resources": {}}', '{"resources": [{"name": "actors"}]}', '{"resources": [1]}',
    '{"resources": [{"name": "a", "path": "a.csv", "schema": {"fields": [{"type": "string"}]}}]}',
    "[" * 100_000,
])
def test_a_malformed_datapackage_json_is_a_dataset_error(copy, descriptor):
    (copy / "datapackage.json").write_text(descriptor, encoding="utf-8")
    [p] = problems_of(copy)[0]
    assert p.file == "datapackage.json"
