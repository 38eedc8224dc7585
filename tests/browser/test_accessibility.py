"""Every widget control has an accessible name and every image has a text alternative, in the browser.

A control (input, select, textarea, button, slider handle) is named when it has an aria-label, an
aria-labelledby, an associated <label> (for= or wrapping), visible button text, or a visible
description label (.widget-label) inside the same ipywidgets box: what a screen reader announces.
A control must also be reachable by a pointer: nothing else may cover its centre (a long radio
option that wraps can hide the next option's button).
An image is described when it has alt text, an aria-label or aria-describedby, or when the same
cell's output holds a text alternative beside it (a <details>, a <figcaption>, or an element whose
class says "text-alternative" / "alt-text") with at least 20 characters of text.

Checked on every course notebook after Run All in JupyterLab (the same run as
test_lab_notebooks.py) and on the Voila dashboard.

The standard engine too: axe-core (WCAG 2.1 A and AA rules) over every notebook's output areas in
JupyterLab (JupyterLab's own chrome is outside them, so it is not checked) and over the whole
Voila dashboard, with no serious or critical violation. browser_harness.AXE_EXCLUSIONS lists the
one kind of node left out (markup inside ipywidgets' slider) and why.
"""

from pathlib import Path

import pytest
from browser_harness import axe_problems

from helpers.course import notebooks

pytestmark = pytest.mark.browser

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def unnamed_controls(controls: list[dict]) -> list[str]:
    return [f"cell {c['cell_index']}: {c['control']} in {c['widget'] or 'a widget'} has no accessible name: "
            f"{c['html']}" for c in controls if not c["name"]]


def covered_controls(controls: list[dict]) -> list[str]:
    return [f"cell {c['cell_index']}: {c['control']} '{c['name']}' in {c['widget'] or 'a widget'} is covered by "
            f"another element: a pointer cannot reach it" for c in controls if not c["reachable"]]


def undescribed_images(images: list[dict]) -> list[str]:
    return [f"cell {i['cell_index']}: image {i['src']}... has no alt text and no text alternative beside it"
            for i in images if not i["how"]]


@pytest.mark.parametrize("entry", notebooks(), ids=lambda entry: entry["file"])
def test_course_notebook_is_accessible(entry, lab_runs):
    if not (NOTEBOOKS / entry["file"]).is_file():
        pytest.skip(f"{entry['file']} is listed in notebooks/course.json but the file does not exist yet")
    report = lab_runs.report(entry["file"])
    problems = (unnamed_controls(report.controls) + covered_controls(report.controls)
                + undescribed_images(report.image_alternatives))
    assert problems == [], f"{entry['file']}:\n- " + "\n- ".join(problems)


def test_voila_dashboard_is_accessible(voila_dashboard):
    _, report = voila_dashboard
    controls, images = report.controls, report.image_alternatives
    assert controls and images, "the dashboard shows no controls or no figure: nothing was checked"
    problems = unnamed_controls(controls) + covered_controls(controls) + undescribed_images(images)
    assert problems == [], "app_dashboard.ipynb in Voila:\n- " + "\n- ".join(problems)


@pytest.mark.parametrize("entry", notebooks(), ids=lambda entry: entry["file"])
def test_axe_finds_nothing_serious_in_the_notebook_outputs(entry, lab_runs):
    if not (NOTEBOOKS / entry["file"]).is_file():
        pytest.skip(f"{entry['file']} is listed in notebooks/course.json but the file does not exist yet")
    problems = axe_problems(lab_runs.report(entry["file"]).axe)
    assert problems == [], f"{entry['file']} (axe-core):\n- " + "\n- ".join(problems)


def test_axe_finds_nothing_serious_in_the_voila_dashboard(voila_dashboard):
    _, report = voila_dashboard
    problems = axe_problems(report.axe)
    assert problems == [], "app_dashboard.ipynb in Voila (axe-core):\n- " + "\n- ".join(problems)
