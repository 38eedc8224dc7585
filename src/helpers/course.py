"""The course map: which notebooks exist, in which order, and how long each takes.

notebooks/course.json is the single list of notebooks. The start-here notebook, the README's launch
links, the tests and the benchmarks all read it (or are checked against it), so adding a notebook
means adding one line there.
"""

import json
from pathlib import Path

COURSE_FILE = Path(__file__).resolve().parents[2] / "notebooks" / "course.json"


def notebooks(path: Path | str = COURSE_FILE) -> list[dict]:
    """Return the notebook entries in teaching order (file, title_en, title_es, minutes)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))
