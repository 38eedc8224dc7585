"""Load the module's data package and check it against its own schema.

`load_dataset()` reads the CSV tables in data/ and enforces every rule written in
data/datapackage.json (types, required fields, allowed values, patterns, unique ids, primary and
foreign keys, and the lists of source ids). The schema file is the only place those rules live:
this module reads them from it, it does not repeat them.

A lecturer can copy the data folder, adapt it and load the copy with `load_dataset(path)`. If
anything is wrong, one DatasetError lists every problem (file, row, field, value and a hint), so
the CSV can be fixed from the message alone. Nothing is dropped silently and no half-loaded dataset
is returned.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import re
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from .suggest import did_you_mean

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
LIST_KEY = "bishkek:listOf"  # schema extension: a field holding a ';'-separated list of foreign ids


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one cell (or row, or file) of the data package."""

    file: str
    row: int | None  # spreadsheet row number: the header is row 1, the first data row is row 2
    field: str | None
    value: str | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field '{self.field}'"
        text = f"{where}: {self.message}"
        if self.value is not None:
            text += f" (value: {self.value!r})"
        if self.hint:
            text += f" - {self.hint}"
        return text


class DatasetError(ValueError):
    """The data package has problems; `.problems` lists every one of them."""

    def __init__(self, problems: list[Problem], folder: Path):
        self.problems = problems
        self.folder = folder
        lines = [f"The dataset in {folder} has {len(problems)} problem(s); nothing was loaded:"]
        lines += [f"  {i}. {p}" for i, p in enumerate(problems, 1)]
        super().__init__("\n".join(lines))


@dataclass
class Dataset:
    """The loaded tables (pandas DataFrames, named as in datapackage.json) and their schema."""

    path: Path
    package: dict
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"the dataset has no table {name!r}; tables: {', '.join(tables)}")

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self.tables))

    def copy(self) -> Dataset:
        """An independent copy (changing one does not change the other)."""
        return Dataset(path=self.path, package=deepcopy(self.package),
                       tables={name: table.copy(deep=True) for name, table in self.tables.items()})

    def actor_label(self, actor_id: str, lang: str = "en") -> str:
        """The display name of an actor in `lang` ('en' or 'es')."""
        row = self.actors.loc[self.actors["id"] == actor_id]
        if row.empty:
            raise KeyError(f"no actor {actor_id!r}; {did_you_mean(actor_id, self.actors['id'])}")
        return row.iloc[0][f"label_{lang}"]

    def describe(self) -> pd.DataFrame:
        """Row counts per table: a quick sanity check ('if you see N rows you have all the data')."""
        return pd.DataFrame({"table": list(self.tables), "rows": [len(t) for t in self.tables.values()]})


def load_dataset(path: str | Path | None = None) -> Dataset:
    """Read and check the data package; return a Dataset or raise one DatasetError listing all problems.

    `path` is the data folder (or its datapackage.json); by default the course's data folder:
    the one chosen with `use_dataset(path)`, else $BISHKEK_DATA_DIR, else the module's own data/.
    """
    folder = Path(path) if path is not None else data_dir()
    if folder.is_file():
        folder = folder.parent
    descriptor = folder / "datapackage.json"
    if not descriptor.exists():
        hint = "pass the folder that holds datapackage.json and the CSV files"
        raise DatasetError([Problem(str(descriptor), None, None, None, "file not found", hint)], folder)
    try:
        package = json.loads(descriptor.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problem = Problem("datapackage.json", None, None, None, f"not valid JSON: {exc}")
        raise DatasetError([problem], folder) from None

    problems: list[Problem] = []
    raw: dict[str, list[dict]] = {}
    for resource in package["resources"]:
        raw[resource["name"]] = _read_table(folder, resource, problems)
    _check_keys(package, raw, problems)
    if problems:
        raise DatasetError(problems, folder)
    tables = {r["name"]: _to_frame(r, raw[r["name"]]) for r in package["resources"]}
    dataset = Dataset(path=folder, package=package, tables=tables)
    _settle_memory()
    if path is None:  # the helpers' shared copy is this one until a file changes (see shared_dataset)
        _SHARED.update(dataset=dataset.copy(), stamp=_data_stamp())
    return dataset


def _settle_memory() -> None:
    """Once per session, after the first load: tell Python's garbage collector that what exists
    now (the libraries and the first dataset) stays for the whole session (`gc.freeze()`).
    The collector then stops re-scanning those many objects again and again, which makes the
    later cells of a notebook faster (see benchmarks/bench_notebooks.py). Objects made later are
    collected as usual."""
    global _SETTLED
    if not _SETTLED:
        _SETTLED = True
        gc.freeze()


_SETTLED = False  # True once _settle_memory has run in this Python process
_SHARED: dict = {}  # the helpers' copy of data/ and the stamp of its files (see shared_dataset)


DATA_ENV = "BISHKEK_DATA_DIR"  # environment variable: a lecturer's copy of data/ for the whole course
_CHOSEN: dict = {}  # the folder chosen with use_dataset() in this session, if any


def data_dir() -> Path:
    """The course's data folder: the one chosen with `use_dataset()`, else $BISHKEK_DATA_DIR,
    else the module's own data/. Every helper that is not given a dataset reads this folder."""
    if _CHOSEN.get("folder") is not None:
        return _CHOSEN["folder"]
    env = os.environ.get(DATA_ENV, "").strip()
    return Path(env).expanduser() if env else DEFAULT_DATA_DIR


def use_dataset(path: str | Path | None = None) -> Dataset:
    """Point the whole course (every helper and widget of this session) at the data folder `path`,
    e.g. a lecturer's adapted copy of data/; `use_dataset()` goes back to the default. The folder
    is checked at once (a DatasetError lists every problem) and the loaded dataset is returned."""
    folder = None if path is None else Path(path).expanduser()
    if folder is not None and folder.is_file():
        folder = folder.parent
    previous = _CHOSEN.get("folder")
    _CHOSEN["folder"] = folder
    try:
        return load_dataset()
    except DatasetError:
        _CHOSEN["folder"] = previous  # a broken folder is not adopted
        raise


def shared_dataset(ds: Dataset | None = None) -> Dataset:
    """`ds` itself or, when it is None, the course's data (see `data_dir`): loaded once per session
    and read again if a file there changed or another folder was chosen. Helpers call this when
    no dataset is passed, so the widgets of one notebook share one load; `load_dataset()` itself
    always reads the files afresh."""
    if ds is not None:
        return ds
    if _SHARED.get("stamp") != _data_stamp():
        load_dataset()  # refreshes _SHARED
    return _SHARED["dataset"]


def _data_stamp() -> list:
    """The data folder, and name, modification time and size of each file in it: changes when
    any file is edited or the course is pointed at another folder."""
    folder = data_dir()
    return [str(folder)] + [(f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in sorted(folder.glob("*.*"))]


# ---------------------------------------------------------------- reading and cell checks

def _read_table(folder: Path, resource: dict, problems: list[Problem]) -> list[dict]:
    """Read one CSV, check its header and every cell; return rows as dicts of parsed values."""
    name = resource["path"]
    fields = resource["schema"]["fields"]
    names = [f["name"] for f in fields]
    file = folder / name
    if not file.exists():
        problems.append(Problem(name, None, None, None, "file not found",
                                f"the schema in datapackage.json expects {name} in {folder}"))
        return []
    text = _decode(file.read_bytes(), name, problems)
    if text is None:
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        problems.append(Problem(name, None, None, None, "the file is empty", "the first row must be the header"))
        return []
    header = [h.strip() for h in header]
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    for col in missing:
        hint = did_you_mean(col, extra) or f"add a column '{col}' to the header row"
        problems.append(Problem(name, 1, col, None, "missing column", hint))
    for col in extra:
        hint = did_you_mean(col, missing or names) or "remove it, or add it to the schema in datapackage.json"
        problems.append(Problem(name, 1, col or "(blank)", None, "column not in the schema", hint))
    if missing or extra:
        return []

    rows = []
    for row_number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue  # blank lines (e.g. a trailing one from a spreadsheet) carry no data
        if len(cells) != len(header):
            what = "short row" if len(cells) < len(header) else "long row"
            problems.append(Problem(name, row_number, None, None,
                                    f"{what}: {len(cells)} cells, the header has {len(header)}",
                                    "check for a missing or extra comma, or an unclosed quotation mark"))
            continue
        record = dict(zip(header, cells, strict=True))
        rows.append({"_row": row_number} | {
            f["name"]: _parse_cell(record[f["name"]], f, name, row_number, problems) for f in fields})
    return rows


def _decode(data: bytes, name: str, problems: list[Problem]) -> str | None:
    """UTF-8 text without a BOM and with '\\n' line ends, or None (and a problem) if not UTF-8."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(name, line, None, repr(data[exc.start: exc.start + 4]),
                                f"the file is not UTF-8 (bad byte at line {line})",
                                "save it again as 'CSV UTF-8' from your spreadsheet program"))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _parse_cell(value: str, spec: dict, file: str, row: int, problems: list[Problem]):
    """Check one cell against its field's type and constraints; return the parsed value (or None)."""
    value = value.strip()
    fname, ftype = spec["name"], spec.get("type", "string")
    cons = spec.get("constraints", {})

    def bad(message, hint=""):
        problems.append(Problem(file, row, fname, value, message, hint))

    if value == "":
        if cons.get("required"):
            hint = ("cite at least one id from sources.csv, e.g. S04" if LIST_KEY in spec
                    else "this field may not be empty")
            bad("required value is missing", hint)
        return None
    parsed = value
    if ftype == "date":
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            bad("not a valid date", "write dates as YYYY-MM-DD, e.g. 1994-05-05")
            return None
    elif ftype == "integer":
        try:
            parsed = int(value)
        except ValueError:
            bad("not a whole number")
            return None
    elif ftype == "boolean":
        if value not in ("true", "false"):
            bad("not true or false", did_you_mean(value, ["true", "false"]) or "write true or false")
            return None
        parsed = value == "true"
    if "enum" in cons and value not in cons["enum"]:
        hint = did_you_mean(value, cons["enum"]) or "allowed: " + ", ".join(cons["enum"])
        bad("value not allowed", hint)
    if "pattern" in cons and not re.fullmatch(cons["pattern"], value):
        bad("value does not have the expected form", _pattern_hint(spec))
    if "maxLength" in cons and len(value) > cons["maxLength"]:
        bad(f"longer than {cons['maxLength']} characters ({len(value)})", "shorten it: it is drawn as a label")
    if "minimum" in cons and parsed < _bound(cons["minimum"], ftype):
        bad(f"earlier or smaller than the minimum {cons['minimum']}")
    if "maximum" in cons and parsed > _bound(cons["maximum"], ftype):
        bad(f"later or larger than the maximum {cons['maximum']}")
    return parsed


def _bound(limit, ftype):
    return date.fromisoformat(limit) if ftype == "date" else limit


def _pattern_hint(spec: dict) -> str:
    if LIST_KEY in spec:
        return f"ids separated by '{spec[LIST_KEY]['separator']}' without spaces, e.g. S04;S11"
    return spec.get("description", "")


# ---------------------------------------------------------------- keys across rows and tables

def _check_keys(package: dict, raw: dict[str, list[dict]], problems: list[Problem]) -> None:
    """Unique primary keys, foreign keys and lists of foreign ids, as declared in the schema."""
    resources = {r["name"]: r for r in package["resources"]}
    for name, resource in resources.items():
        schema, file = resource["schema"], resource["path"]
        pk = schema.get("primaryKey")
        unique = [f["name"] for f in schema["fields"] if f.get("constraints", {}).get("unique")]
        for key in dict.fromkeys(([pk] if isinstance(pk, str) else []) + unique):
            first_seen: dict = {}
            for rec in raw[name]:
                value = rec.get(key)
                if value is None:
                    continue
                if value in first_seen:
                    problems.append(Problem(file, rec["_row"], key, str(value), "duplicate id",
                                            f"it is already used in row {first_seen[value]}"))
                else:
                    first_seen[value] = rec["_row"]
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"]["resource"] or name
            _check_reference(raw, file, name, fk["fields"][0], target, fk["reference"]["fields"][0],
                             None, problems, resources)
        for spec in schema["fields"]:
            if LIST_KEY in spec:
                ref = spec[LIST_KEY]
                _check_reference(raw, file, name, spec["name"], ref["resource"], ref["field"],
                                 ref["separator"], problems, resources)


def _check_reference(raw, file, name, column, target, target_field, separator, problems, resources):
    known = {rec[target_field] for rec in raw.get(target, []) if rec.get(target_field) is not None}
    if not known and raw.get(target) == [] and target != name:
        return  # the target table itself failed to load; its own problems are already listed
    target_file = resources[target]["path"]
    for rec in raw[name]:
        value = rec.get(column)
        if value is None:
            continue
        for ident in (value.split(separator) if separator else [value]):
            if ident not in known:
                hint = did_you_mean(ident, known) or f"add it to {target_file} first"
                problems.append(Problem(file, rec["_row"], column, ident,
                                        f"unknown id (not in {target_file})", hint))


# ---------------------------------------------------------------- tables for notebooks

def _to_frame(resource: dict, rows: list[dict]) -> pd.DataFrame:
    """Turn checked rows into a DataFrame with proper dtypes: dates, nullable integers, booleans."""
    columns = {}
    for spec in resource["schema"]["fields"]:
        values = [r[spec["name"]] for r in rows]
        ftype = spec.get("type", "string")
        if ftype == "date":
            columns[spec["name"]] = pd.to_datetime(pd.Series(values, dtype="object"))
        elif ftype == "integer":
            columns[spec["name"]] = pd.array(values, dtype="Int64")
        elif ftype == "boolean":
            columns[spec["name"]] = pd.array(values, dtype="bool")
        else:
            columns[spec["name"]] = ["" if v is None else v for v in values]
    return pd.DataFrame(columns)
