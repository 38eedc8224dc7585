"""Cost of the session bar: building it in a notebook's first cell, and one click on Export.

A journal of 40 entries (about 1,500 characters each, the size of a full course) is written to a
temporary folder; then, each timed as the fastest of 7 rounds:
    bar_ms               helpers.session_bar() built (widgets + journal status)
    export_ms            one Export click: save, read the journal file, build both data: links
    file_export_ms       the journal's own file export (Journal.export: two files on disk), for scale
    export_ratio         export_ms / file_export_ms (the data: links carry the files inside them)
    links_kb             size of the two download links sent to the browser, in KB

Run: .venv/bin/python benchmarks/bench_session.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

ROUNDS = 7
ENTRIES = 40
TEXT = ("The ceasefire held because both sides were exhausted, or so one source argues; another "
        "says the mediators' pressure mattered more. ") * 12


def fastest_ms(action) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["BISHKEK_JOURNAL_DIR"] = folder
        import helpers
        from helpers.journal import Journal

        journal = Journal(folder)
        for n in range(ENTRIES):
            journal.set(f"nb.{n:02d}", f"{n}: {TEXT}", prompt=f"Question {n}?")
        journal.save()
        helpers.session_bar(journal=journal)  # imports ipywidgets once, outside the timing
        bar_ms = fastest_ms(lambda: helpers.session_bar(journal=journal))
        bar = helpers.session_bar(journal=journal)
        export_ms = fastest_ms(bar.export_button.click)
        file_export_ms = fastest_ms(lambda: journal.export(Path(folder) / "files"))
        print(f"entries: {ENTRIES}")
        print(f"bar_ms: {bar_ms:.2f}")
        print(f"export_ms: {export_ms:.2f}")
        print(f"file_export_ms: {file_export_ms:.2f}")
        print(f"export_ratio: {export_ms / file_export_ms:.2f}")
        print(f"links_kb: {len(bar.downloads.value) / 1024:.1f}")


if __name__ == "__main__":
    main()
