"""Build the graded edition: the learner notebooks without their folded model answers.

For courses that grade the activities. A model answer is either
  * a whole cell tagged `solution` (cell metadata "tags"), or
  * a folded block in a Markdown cell, `<details><summary>...</summary> ... </details>`, whose
    summary offers an answer ("One possible answer", "Things a good answer notices",
    "Answer: ...", "One possible footnote", "What changed, and why ..."). Folded *hints*
    (summary starting with "Hint") stay: they help without answering.
Everything else is copied unchanged (code cells, outputs, metadata, ids), so the graded notebooks
run exactly as the originals do. Output: build/graded/<notebook>.ipynb, and build/graded/<lang>/ for
each language edition in notebooks/<lang>/ (never committed).

    python tools/make_graded_edition.py              # all notebooks in notebooks/course.json
    python tools/make_graded_edition.py --out DIR
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "build" / "graded"
SOLUTION_TAG = "solution"

_DETAILS = re.compile(r"<details>\s*<summary>(?P<summary>.*?)</summary>.*?</details>[ \t]*\n?", re.S | re.I)
_ANSWER_SUMMARY = re.compile(r"answer|notices|footnote|what changed"  # English
                             r"|respuesta|advierte|nota posible|qué cambió", re.I)  # Spanish edition
_HINT = ("hint", "pista")


def is_solution_summary(summary: str) -> bool:
    """True when a folded block's summary offers an answer rather than a hint."""
    plain = re.sub(r"<[^>]+>", "", summary).strip()
    return not plain.lower().startswith(_HINT) and bool(_ANSWER_SUMMARY.search(plain))


def strip_markdown(text: str) -> tuple[str, int]:
    """`text` without its answer blocks, and how many were removed. Blank lines left behind by a
    removed block are collapsed so the cell reads as before."""
    removed = 0

    def drop(match: re.Match) -> str:
        nonlocal removed
        if is_solution_summary(match.group("summary")):
            removed += 1
            return ""
        return match.group(0)

    new = _DETAILS.sub(drop, text)
    if removed:
        new = re.sub(r"\n{3,}", "\n\n", new).rstrip() + ("\n" if text.endswith("\n") else "")
    return new, removed


def graded(nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, int]:
    """A copy of `nb` without solution cells and answer blocks; and the number removed."""
    out = copy.deepcopy(nb)
    kept, removed = [], 0
    for cell in out.cells:
        if SOLUTION_TAG in cell.get("metadata", {}).get("tags", []):
            removed += 1
            continue
        if cell.cell_type == "markdown":
            cell.source, n = strip_markdown(cell.source)
            removed += n
        kept.append(cell)
    out.cells = kept
    return out, removed


def course_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The course's notebooks in `folder` (notebooks/ or a language edition such as notebooks/es/)."""
    entries = json.loads((NOTEBOOKS / "course.json").read_text(encoding="utf-8"))
    return [folder / e["file"] for e in entries if (folder / e["file"]).exists()]


def editions() -> dict[str, Path]:
    """Output sub-folder -> source folder: '' for the English notebooks, 'es' etc. for each edition."""
    found = {"": NOTEBOOKS}
    for folder in sorted(p for p in NOTEBOOKS.iterdir() if p.is_dir() and len(p.name) == 2 and any(p.glob("*.ipynb"))):
        found[folder.name] = folder
    return found


def build(out_dir: Path = DEFAULT_OUT, sources: list[Path] | None = None) -> dict[str, int]:
    """Write the graded edition; return {notebook file: answer blocks removed}."""
    out_dir.mkdir(parents=True, exist_ok=True)
    report = {}
    for path in sources or course_notebooks():
        nb = nbformat.read(path, as_version=4)
        new, removed = graded(nb)
        nbformat.validate(new)
        nbformat.write(new, out_dir / path.name)
        report[path.name] = removed
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    for sub, folder in editions().items():
        for name, removed in build(args.out / sub, course_notebooks(folder)).items():
            print(f"{(Path(sub) / name).as_posix()}: {removed} answer block(s) removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
