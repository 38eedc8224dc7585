"""Stress check for the learner journal: 1,000 saves with random process kills in between.

A child Python process saves journal entries in a loop (25 prompts, each save a new version of
one of them) and prints "ack <n> <ms>" after each save() returns. The parent kills the child with
SIGKILL at random moments (0-20 ms after the child is ready; the offsets are seeded, but how many
saves fit in between depends on the machine, so `kills` varies a little from run to run), starts a
new child that carries on from the next entry, and after every kill checks the journal on disk:
- every acknowledged save is there (the entry holds that version or a later one);
- the journal file is readable (a corrupt file would be moved aside: counted as corrupt_files).

Prints `name: value` lines:
    saves              acknowledged saves (goal: 1000)
    kills              processes killed with SIGKILL
    entries_lost       acknowledged saves missing from disk after a kill (must be 0)
    corrupt_files      journal files that could not be read after a kill (must be 0)
    save_median_ms     median time of one save() in the child (lock, merge, write, fsync, rename)
    save_p95_ms        95th percentile of the same
    run_s              wall time of the whole check (bounded: stops after 55 s)

Run: .venv/bin/python benchmarks/bench_journal.py
"""

from __future__ import annotations

import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

TARGET_SAVES = 1000
PROMPTS = 25
SEED = 1994
TIME_LIMIT_S = 55.0
SRC = Path(__file__).resolve().parents[1] / "src"

CHILD = r"""
import sys, time
sys.path.insert(0, sys.argv[3])
from helpers.journal import Journal

folder, number = sys.argv[1], int(sys.argv[2])
journal = Journal(folder)
print("ready", flush=True)
while True:
    journal.set(f"prompt_{number % PROMPTS:02d}", f"save {number}: " + "a learner's reflection " * 12)
    started = time.perf_counter()
    journal.save()
    print(f"ack {number} {(time.perf_counter() - started) * 1000:.3f}", flush=True)
    number += 1
""".replace("PROMPTS", str(PROMPTS))


def run_child(folder: str, first: int, rng: random.Random) -> list[str]:
    """Start a saving child, kill it (SIGKILL) at a random moment, return every line it printed."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, folder, str(first), str(SRC)],
                             stdout=subprocess.PIPE, text=True, bufsize=1)
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in child.stdout:
            lines.append(line.strip())
            if line.startswith("ready"):
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    ready.wait(timeout=20)
    time.sleep(rng.uniform(0.0, 0.02))  # kill somewhere inside the save loop (a few saves in)
    child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join()  # what the child printed before dying is still in the pipe
    return lines


def latest_versions(folder: str) -> tuple[dict[str, int], bool]:
    """The save number held by each prompt on disk, and whether the journal file was readable."""
    sys.path.insert(0, str(SRC))
    from helpers.journal import Journal

    journal = Journal(folder)  # a corrupt file would be moved aside and reported in .message
    versions = {pid: int(entry["text"].split(":", 1)[0].split()[1]) for pid, entry in journal.entries.items()}
    return versions, not journal.message


def main() -> None:
    rng = random.Random(SEED)
    started = time.perf_counter()
    acked: dict[str, int] = {}  # prompt -> highest acknowledged save number
    save_ms: list[float] = []
    kills = corrupt = 0
    lost: set[tuple[str, int]] = set()  # (prompt, save number) acknowledged but not on disk
    next_number = 0
    with tempfile.TemporaryDirectory(prefix="bench-journal-") as folder:
        while len(save_ms) < TARGET_SAVES and time.perf_counter() - started < TIME_LIMIT_S:
            lines = run_child(folder, next_number, rng)
            kills += 1
            for line in lines:
                if line.startswith("ack "):
                    _, number, ms = line.split()
                    acked[f"prompt_{int(number) % PROMPTS:02d}"] = int(number)
                    save_ms.append(float(ms))
                    next_number = int(number) + 1
            on_disk, readable = latest_versions(folder)
            corrupt += not readable
            lost |= {(pid, number) for pid, number in acked.items() if on_disk.get(pid, -1) < number}
    print(f"saves: {len(save_ms)}")
    print(f"kills: {kills}")
    print(f"entries_lost: {len(lost)}")
    print(f"corrupt_files: {corrupt}")
    print(f"save_median_ms: {statistics.median(save_ms):.2f}")
    print(f"save_p95_ms: {statistics.quantiles(save_ms, n=20)[-1]:.2f}")
    print(f"run_s: {time.perf_counter() - started:.1f}")


if __name__ == "__main__":
    main()
