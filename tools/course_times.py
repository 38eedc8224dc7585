"""Print each notebook's time estimate (from notebooks/course.json and the notebooks' own text) next
to what the notebook states, and with --write-readme put the estimates into README.md's table.

    python tools/course_times.py                 # stated vs estimated, per notebook
    python tools/course_times.py 01_context      # section by section
    python tools/course_times.py --write-readme  # README's "Minutes" column from the estimates
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from helpers.course import estimate, notebooks, section_times, stated_minutes  # noqa: E402


def write_readme(path: Path = ROOT / "README.md") -> int:
    """Set the Minutes cell of every notebook row in README's table; return how many rows changed."""
    text = path.read_text(encoding="utf-8")
    changed = 0
    for entry in notebooks():
        pattern = re.compile(r"^(\| \d\d \| \[[^\]]*\]\(notebooks/" + re.escape(entry["file"]) + r"\) \| )(\d+)( \|)", re.M)
        new, n = pattern.subn(lambda m, e=entry: f"{m.group(1)}{e['minutes']}{m.group(3)}", text)
        changed += n and new != text
        text = new
    path.write_text(text, encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    if "--write-readme" in argv:
        print(f"README rows updated: {write_readme()}")
        return 0
    if argv:
        print(section_times(argv[0]).to_string(index=False))
        return 0
    for entry in notebooks():
        est, stated = estimate(entry["file"]), stated_minutes(entry["file"])
        print(f"{entry['file']}: estimate {est['total']:.0f} min (core {est['core']:.0f};"
              f" reading {est['reading']:.0f}, activities {est['activity']:.0f}, widgets {est['widget']:.0f});"
              f" stated {stated['total']} (core {stated['core']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
