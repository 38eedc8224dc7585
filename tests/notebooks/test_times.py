"""Honest times: every notebook's stated "Time to complete" (total and core path) stays within 20%
of the estimate computed from notebooks/course.json and the notebook's own text (helpers.course)."""

import pytest

from helpers import course
from notebook_text import NB_DIR

COURSE = [entry["file"] for entry in course.notebooks()]
# Notebooks whose stated times are being rewritten on another branch (helper nbB: 03-06).
# Strict xfail: when a notebook passes, remove it from this set.
PENDING = {
    # nbB: 03-06 have honest times (no names left on this line)
}


def pending(names):
    return [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="times rewritten on branch nbB"))
            if n in PENDING else n for n in names]


@pytest.mark.parametrize("name", COURSE)
def test_course_json_lists_every_section_in_order(name):
    rows = course.section_estimates(name)  # raises when headings and course.json differ
    assert rows and all(r["total"] > 0 for r in rows)
    assert any(r["core"] for r in rows), f"{name} has no core path"


@pytest.mark.parametrize("name", pending(COURSE))
def test_stated_time_is_within_20_percent_of_the_estimate(name):
    stated, est = course.stated_minutes(name), course.estimate(name)
    assert stated["total"] is not None, f"{name}: 'Time to complete' must say **About N minutes**"
    assert stated["core"] is not None, f"{name}: 'Time to complete' must give the core path's minutes"
    for key in ("total", "core"):
        drift = abs(stated[key] - est[key]) / est[key]
        assert drift <= course.TOLERANCE, f"{name}: states {stated[key]} min ({key}), estimate {est[key]:.0f}"


def test_readme_minutes_are_the_estimates():
    readme = (NB_DIR.parent / "README.md").read_text(encoding="utf-8")
    for entry in course.notebooks():
        assert f"(notebooks/{entry['file']}) | {entry['minutes']} |" in readme, (
            f"README's minutes for {entry['file']} are not the estimate {entry['minutes']}:"
            " run `python tools/course_times.py --write-readme`")


def test_reading_time_counts_words_and_table_rows():
    words = " ".join(["word"] * 300)
    assert course.reading_minutes(words) == pytest.approx(2.0)
    assert course.reading_minutes(words + " [S05], [S06] <b>x</b> [link](01_context.ipynb)") == pytest.approx(302 / 150)
    table = "| A | B |\n|---|---|\n| a | b |\n| c | d |\n"
    assert course.reading_minutes(table) == pytest.approx(6 / 150 + 2 * course.TABLE_ROW_MINUTES)


def test_the_estimate_follows_the_text(tmp_path):
    nb = {"cells": [{"cell_type": "markdown", "source": ["# T\n", "## Overview\n", " ".join(["w"] * 148)]},
                    {"cell_type": "markdown", "source": ["## 1. Part\n", " ".join(["w"] * 297)]},
                    {"cell_type": "markdown", "source": ["## Time to complete\n**About 10 minutes**; core path: about 8 minutes."]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    import json
    (tmp_path / "x.ipynb").write_text(json.dumps(nb))
    (tmp_path / "course.json").write_text(json.dumps([{"file": "x.ipynb", "title_en": "X", "title_es": "X", "sections": [
        {"heading": "Overview", "activity": 0, "widget": 0, "core": True},
        {"heading": "1. Part", "activity": 5, "widget": 1, "core": True},
        {"heading": "Time to complete", "activity": 0, "widget": 0, "core": False}]}]))
    est = course.estimate("x", tmp_path / "course.json")
    assert est["reading"] == pytest.approx((1 + 149 + 2 + 297 + 11) / 150)
    assert est["total"] == pytest.approx(est["reading"] + 6)
    assert course.stated_minutes("x", tmp_path / "course.json") == {"total": 10, "core": 8}
    assert course.notebooks(tmp_path / "course.json")[0]["minutes"] == 10
    bad = json.loads((tmp_path / "course.json").read_text())
    bad[0]["sections"].pop(1)
    (tmp_path / "course.json").write_text(json.dumps(bad))
    with pytest.raises(ValueError, match="1. Part"):
        course.estimate("x", tmp_path / "course.json")
