"""Stress check for the learner journal: 1,000 saves with random process kills in between.

A child Python process saves journal entries in a loop (25 prompts, each save a new version of
one of them) and prints "ack <n> <ms>" after each save() returns. The parent kills the child with
SIGKILL at random moments (0-20 ms after the child is ready; the offsets are seeded, but how many
saves fit in between depends on the machine, so `kills` varies a little from run to run), starts a
new child that carries on from the next entry, and after every kill checks the journal on disk:
- every acknowledged save is there (the entry holds that version or a later one);
- the journal file is readable (a corrupt file would be moved aside: counted as corrupt_files).

Then the damage scenario: the same saving children and kills, and while each child runs (between
two of its saves) the parent damages journal.json on disk at random: truncates it, overwrites it
in place with zeros or random bytes, flips bytes, puts back an older copy of the file, deletes it,
makes it deeply nested, adds a BOM, or edits one entry's text so that it still parses. The child
saves at least once more after the damage (a save that began after it, told by the shared
monotonic clock; the learner keeps typing in an open notebook), then is killed at a random
moment; the parent reads the file without changing it and checks that every acknowledged save is
there with its exact text. (Damage after the last save of a process that is then killed cannot be
repaired from memory: the damaged bytes are kept aside, nothing more.)

Prints `name: value` lines:
    saves              acknowledged saves (goal: 1000)
    kills              processes killed with SIGKILL
    entries_lost       acknowledged saves missing from disk after a kill (must be 0)
    corrupt_files      journal files that could not be read after a kill (must be 0)
    save_median_ms     median time of one save() in the child (lock, merge, write, fsync, rename)
    save_p95_ms        95th percentile of the same
    damages                     on-disk damages in the damage scenario (goal: 300)
    damage_kills                children killed with SIGKILL in the damage scenario
    damage_saves                acknowledged saves in the damage scenario
    entries_lost_with_damage    acknowledged saves missing or altered on disk after damage and kill (must be 0)
    unreadable_damages          damages that left a file no JSON reader accepts
    damaged_files_kept          damaged journals moved aside (journal.corrupt-N.json), never deleted;
                                fewer than unreadable_damages because damage that lands while a save
                                is in flight is replaced by that save's rename before anyone reads it
    save_median_ms_with_damage  median save() time in the damage scenario
    run_s              wall time of both scenarios (bounded: each stops after 55 s)

Run: .venv/bin/python benchmarks/bench_journal.py
"""

from __future__ import annotations

import contextlib
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
TARGET_DAMAGES = 300
PROMPTS = 25
SEED = 1994
TIME_LIMIT_S = 55.0
SRC = Path(__file__).resolve().parents[1] / "src"

def text_of(number: int) -> str:
    """The exact text the child saves as save `number` (the same f-string as in CHILD)."""
    return f"save {number}: " + "a learner's reflection " * 12


CHILD = r"""
import sys, time
sys.path.insert(0, sys.argv[3])
from helpers.journal import Journal

folder, number = sys.argv[1], int(sys.argv[2])
journal = Journal(folder)
print("ready", flush=True)
while True:
    journal.set(f"prompt_{number % PROMPTS:02d}", f"save {number}: " + "a learner's reflection " * 12)
    began, started = time.monotonic(), time.perf_counter()
    journal.save()
    print(f"ack {number} {(time.perf_counter() - started) * 1000:.3f} {began:.6f}", flush=True)
    number += 1
""".replace("PROMPTS", str(PROMPTS))


def start_child(folder: str, first: int):
    """Start a saving child and wait until it is saving; returns (process, its lines so far, reader thread)."""
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
    return child, lines, reader


def run_child(folder: str, first: int, rng: random.Random) -> list[str]:
    """Start a saving child, kill it (SIGKILL) at a random moment, return every line it printed."""
    child, lines, reader = start_child(folder, first)
    time.sleep(rng.uniform(0.0, 0.02))  # kill somewhere inside the save loop (a few saves in)
    child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join()  # what the child printed before dying is still in the pipe
    return lines


def damage(path: Path, rng: random.Random, older: bytes | None) -> tuple[str, bool]:
    """Damage the journal file in place at random; return the kind and whether it is unreadable."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = b""
    kinds = ["truncate", "zeros", "garbage", "flip", "older", "delete", "deep", "bom", "edit_text"]
    kind = rng.choice(kinds)
    if kind == "older" and older is None:
        kind = "truncate"
    if kind == "delete":
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return kind, False
    if kind == "older":
        new, unreadable = older, False
    elif kind == "bom":
        new, unreadable = b"\xef\xbb\xbf" + data, False
    elif kind == "edit_text":
        at = data.find(b"a learner's")
        new = data[:at] + b"A LEARNER'S" + data[at + 11:] if at >= 0 else data
        unreadable = False
    elif kind == "truncate":
        new, unreadable = data[: rng.randrange(max(1, len(data) - 1))], True
    elif kind == "zeros":
        new, unreadable = bytes(len(data)), True
    elif kind == "garbage":
        new, unreadable = rng.randbytes(rng.randrange(1, 400)), True
    elif kind == "flip":
        at = rng.randrange(max(1, len(data)))
        new, unreadable = data[:at] + b"\x00}\x00" + data[at + 3:], True
    else:  # deep
        new, unreadable = b'{"entries": ' + b"[" * 100_000, True
    with open(path, "r+b" if path.exists() else "wb") as handle:  # in place, as a disk or a tool would
        handle.write(new)
        handle.truncate()
    return kind, unreadable


def run_child_with_damage(folder: str, first: int, rng: random.Random, older: bytes | None):
    """A saving child whose journal is damaged between two of its saves; it saves at least once
    more, then is killed. Returns its lines and whether the damage made the file unreadable."""
    child, lines, reader = start_child(folder, first)
    time.sleep(rng.uniform(0.0, 0.01))
    _, unreadable = damage(Path(folder) / "journal.json", rng, older)
    damaged_at = time.monotonic()  # CLOCK_MONOTONIC: the same clock in the child
    deadline = damaged_at + 10

    def saved_after_damage() -> bool:  # a save that began after the damage has been acknowledged
        return any(line.startswith("ack ") and float(line.split()[3]) > damaged_at for line in list(lines))

    while not saved_after_damage() and time.monotonic() < deadline:
        time.sleep(0.0005)
    time.sleep(rng.uniform(0.0, 0.01))
    child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join()
    return lines, unreadable


def latest_texts(folder: str) -> dict[str, str]:
    """The text held by each prompt on disk ({} if the file cannot be read; it is left as it is)."""
    sys.path.insert(0, str(SRC))
    from helpers.journal import JournalFormatError, parse_journal

    try:
        return {pid: entry["text"] for pid, entry in parse_journal((Path(folder) / "journal.json").read_bytes()).items()}
    except (OSError, JournalFormatError):
        return {}


def damage_scenario(rng: random.Random) -> dict[str, float]:
    """Saves, on-disk damage while a child runs, SIGKILLs; count what an acknowledged save lost."""
    started = time.perf_counter()
    acked: dict[str, int] = {}
    save_ms: list[float] = []
    kills = damages = unreadable_damages = 0
    lost: set[tuple[str, int]] = set()
    next_number = 0
    older = None
    with tempfile.TemporaryDirectory(prefix="bench-journal-damage-") as folder:
        while damages < TARGET_DAMAGES and time.perf_counter() - started < TIME_LIMIT_S:
            lines, unreadable = run_child_with_damage(folder, next_number, rng, older)
            kills += 1
            damages += 1
            unreadable_damages += unreadable
            for line in lines:
                if line.startswith("ack "):
                    _, number, ms, _ = line.split()
                    acked[f"prompt_{int(number) % PROMPTS:02d}"] = int(number)
                    save_ms.append(float(ms))
                    next_number = int(number) + 1
            on_disk = latest_texts(folder)
            for pid, number in acked.items():  # that version, or a later one, with its exact text
                text = on_disk.get(pid, "")
                later = text.startswith("save ") and text.split(":", 1)[0].split()[1].isdigit() \
                    and int(text.split(":", 1)[0].split()[1]) >= number
                if not (later and text == text_of(int(text.split(":", 1)[0].split()[1]))):
                    lost.add((pid, number))
            if rng.random() < 0.3:
                older = (Path(folder) / "journal.json").read_bytes()  # an older copy to put back later
            kept = len(list(Path(folder).glob("journal.corrupt-*.json")))
    return {"damages": damages, "damage_kills": kills, "damage_saves": len(save_ms),
            "entries_lost_with_damage": len(lost),
            "unreadable_damages": unreadable_damages, "damaged_files_kept": kept,
            "save_median_ms_with_damage": statistics.median(save_ms) if save_ms else float("nan")}


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
                    _, number, ms, _ = line.split()
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
    for name, value in damage_scenario(rng).items():
        print(f"{name}: {value:.2f}" if isinstance(value, float) else f"{name}: {value}")
    print(f"run_s: {time.perf_counter() - started:.1f}")


if __name__ == "__main__":
    main()
