"""Execute every course notebook in a fresh kernel, and a notebook that only imports the same
libraries, in one run. Prints one `name: value` line per figure (a benchmark, not a timed test):

  <notebook>_s  seconds to execute that notebook (kernel start included)
  baseline_s    seconds for the import-only notebook (kernel start included)
  max_ratio     slowest notebook / baseline   (goal <= 1.5)
  series_s      all course notebooks together (goal < 30 s on a 2-core machine)
"""

import os
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from helpers import notebooks

NB_DIR = Path(__file__).resolve().parents[1] / "notebooks"
BASELINE = "import helpers, ipywidgets, matplotlib.pyplot, networkx, pandas"


def run(nb, cwd: Path) -> float:
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - start


def main() -> None:
    os.environ.setdefault("BISHKEK_JOURNAL_DIR", tempfile.mkdtemp(prefix="bench-journal-"))
    baseline_nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(BASELINE)])
    baseline = min(run(baseline_nb, NB_DIR) for _ in range(2))
    times = {}
    for entry in notebooks():
        stem = entry["file"].removesuffix(".ipynb")
        times[stem] = run(nbformat.read(NB_DIR / entry["file"], as_version=4), NB_DIR)
        print(f"{stem}_s: {times[stem]:.2f}", flush=True)
    print(f"baseline_s: {baseline:.2f}")
    print(f"max_ratio: {max(times.values()) / baseline:.2f}")
    print(f"series_s: {sum(times.values()):.2f}")


if __name__ == "__main__":
    main()
