"""A lecturer's adapted copy of data/ drives the whole course.

The test copies data/, changes it the way a lecturer might (adds an actor and a tie, moves an event
date, removes a claim), points the course at the copy with BISHKEK_DATA_DIR and runs every notebook
top to bottom in a fresh kernel (nbclient). Nothing may fail, and the change must show (the new
person appears in notebook 02's delegation table), so the copy was really used.
"""

import csv
import io
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from jupyter_client import KernelManager
from nbclient import NotebookClient

from helpers import course, load_dataset

ROOT = Path(__file__).resolve().parents[2]
NB_DIR = ROOT / "notebooks"
ALL_NOTEBOOKS = sorted(p.name for p in NB_DIR.glob("*.ipynb"))
NEW_PERSON = "Zarifa Testova"  # invented; exists only in the adapted copy
# Notebooks allowed to fail on the copy while another branch cleans them (strict xfail): none now.
PENDING: set[str] = set()


def _rewrite(path: Path, change) -> None:
    """Read a CSV as dicts, let `change(rows)` edit the list, write it back with the same header."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    rows = change(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def adapt(folder: Path) -> None:
    """The lecturer's changes: one actor and one tie more, an event date moved, a claim removed."""
    def add_actor(rows):
        new = dict(next(r for r in rows if r["id"] == "p_jalilov"))
        new.update(id="p_testova", label_en=NEW_PERSON, label_es=NEW_PERSON, variants="Testova",
                   role_en="Adviser (invented for a test)", role_es="Asesora (inventada para una prueba)")
        return rows + [new]

    def add_tie(rows):
        new = dict(next(r for r in rows if r["type"] == "member_of" and r["target"] == "del_az"))
        new.update(id="R999", source="p_testova", certainty="probable", note_en="Invented.", note_es="Inventado.")
        return rows + [new]

    def move_date(rows):
        for r in rows:
            if r["id"] == "ev_nkao_vote_1988":
                r["date"] = "1988-02-22"
        return rows

    _rewrite(folder / "actors.csv", add_actor)
    _rewrite(folder / "relations.csv", add_tie)
    _rewrite(folder / "events.csv", move_date)
    _rewrite(folder / "claims.csv", lambda rows: [r for r in rows if r["id"] != "C097"])


@pytest.fixture(scope="module")
def adapted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lecturer") / "data"
    shutil.copytree(ROOT / "data", folder)
    adapt(folder)
    return folder


def test_the_adapted_copy_is_valid_and_different(adapted):
    original, copy = load_dataset(ROOT / "data"), load_dataset(adapted)
    assert len(copy.actors) == len(original.actors) + 1
    assert len(copy.relations) == len(original.relations) + 1
    assert len(copy.claims) == len(original.claims) - 1
    assert str(copy.events.set_index("id").loc["ev_nkao_vote_1988", "date"].date()) == "1988-02-22"


def run(name: str, folder: Path) -> nbformat.NotebookNode:
    """Execute notebook `name` in a fresh kernel. The kernel talks over local files (ipc), not TCP
    ports, so kernels of tests running side by side cannot collide on a port."""
    nb = nbformat.read(NB_DIR / name, as_version=4)
    km = KernelManager(kernel_name="python3", transport="ipc", ip=str(folder / "kernel"))
    NotebookClient(nb, km=km, timeout=300, resources={"metadata": {"path": str(NB_DIR)}}).execute()
    return nb


def outputs_text(nb) -> str:
    return json.dumps([c.get("outputs", []) for c in nb.cells if c.cell_type == "code"], ensure_ascii=False)


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="cleaned on branch nbB"))
                                  if n in PENDING else n for n in ALL_NOTEBOOKS])
def test_every_notebook_runs_on_the_adapted_copy(name, adapted, monkeypatch, tmp_path):
    monkeypatch.setenv("BISHKEK_DATA_DIR", str(adapted))
    nb = run(name, tmp_path)  # raises CellExecutionError naming the cell on the first error
    if name == "02_negotiation.ipynb":
        assert NEW_PERSON in outputs_text(nb), "notebook 02 did not use the lecturer's copy"


def test_course_list_is_unchanged_by_the_copy():
    assert [e["file"] for e in course.notebooks()] == [n for n in ALL_NOTEBOOKS if n != "app_dashboard.ipynb"]
