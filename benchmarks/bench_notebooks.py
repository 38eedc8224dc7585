"""Execute every course notebook in a fresh kernel, and a notebook that only imports the same
libraries, in one run. Prints one `name: value` line per figure (a benchmark, not a timed test):

  <notebook>_s  seconds to execute that notebook (kernel start included)
  baseline_s    seconds for the import-only notebook (kernel start included): it imports the
                libraries the notebooks use, the helpers package with all its modules included
                (`import helpers` alone loads none of them: each is imported on first use)
  max_ratio     slowest notebook / baseline   (goal <= 1.5)
  series_s      all course notebooks together (goal < 30 s on a 2-core machine)

The helpers package is byte-compiled first, as installing a package does: where
PYTHONDONTWRITEBYTECODE is set (as on this machine), an editable install would otherwise be
compiled again in every kernel, while the baseline's libraries come compiled.
Every figure is the fastest of REPEATS rounds (BENCH_REPEATS, default 5); each round runs the
baseline and then every notebook, so all of them meet the same machine load and one stray slow
run decides nothing.
"""

import compileall
import os
import pkgutil
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

import helpers
from helpers import notebooks

ROOT = Path(__file__).resolve().parents[1]
NB_DIR = ROOT / "notebooks"
HELPERS = sorted(f"helpers.{module.name}" for module in pkgutil.iter_modules(helpers.__path__))
BASELINE = "import ipywidgets, matplotlib.pyplot, networkx, pandas\nimport " + ", ".join(HELPERS)
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))


def run(nb, cwd: Path) -> float:
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - start


def main() -> None:
    os.environ.setdefault("BISHKEK_JOURNAL_DIR", tempfile.mkdtemp(prefix="bench-journal-"))
    compileall.compile_dir(ROOT / "src" / "helpers", quiet=1)
    baseline_nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(BASELINE)])
    stems = [entry["file"].removesuffix(".ipynb") for entry in notebooks()]
    rounds: dict[str, list[float]] = {name: [] for name in ["baseline", *stems]}
    for _ in range(REPEATS):
        rounds["baseline"].append(run(baseline_nb, NB_DIR))
        for stem in stems:
            rounds[stem].append(run(nbformat.read(NB_DIR / f"{stem}.ipynb", as_version=4), NB_DIR))
    baseline = min(rounds.pop("baseline"))
    times = {stem: min(runs) for stem, runs in rounds.items()}
    for stem, seconds in times.items():
        print(f"{stem}_s: {seconds:.2f}")
    print(f"baseline_s: {baseline:.2f}")
    print(f"max_ratio: {max(times.values()) / baseline:.2f}")
    print(f"series_s: {sum(times.values()):.2f}")


if __name__ == "__main__":
    main()
