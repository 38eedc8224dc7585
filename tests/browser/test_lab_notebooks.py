"""Every course notebook, run like a learner runs it in JupyterLab, shows no error and renders all it shows.

For each notebook in notebooks/course.json: open it in headless Chromium, wait for an idle kernel,
Run All, wait for the last cell, then compare what the kernel sent with what the page shows:
no error or stderr output anywhere, no "Error displaying widget" (or ipywidgets' red error
widget), as many rendered widgets as the kernel displayed, every image present and loaded.
A screenshot of each notebook goes to artifacts/browser/lab_<name>.png.
"""

from pathlib import Path

import pytest

from helpers.course import notebooks

pytestmark = pytest.mark.browser

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


@pytest.mark.parametrize("entry", notebooks(), ids=lambda entry: entry["file"])
def test_notebook_runs_and_renders_in_jupyterlab(entry, lab_runs):
    if not (NOTEBOOKS / entry["file"]).is_file():
        pytest.skip(f"{entry['file']} is listed in notebooks/course.json but the file does not exist yet")
    report = lab_runs.report(entry["file"])
    print(f"{entry['file']}: Run All to last cell {report.run_all_s:.2f} s, "
          f"{report.model_widget_outputs} widget(s), {report.images_dom} image(s)")
    assert report.problems() == [], f"{entry['file']} in JupyterLab:\n- " + "\n- ".join(report.problems())
