"""Predict, then check, in a real JupyterLab: the answer opens only after a prediction is written.

Opens the first course notebook that calls helpers.predict_then_reveal, runs it, and works the
first such widget like a learner: the "Show the answer" button (string "predict.reveal") is
disabled and the answer area empty; typing a prediction enables it; pressing it shows the answer
below, and the prediction is in the journal file on disk.
"""

import json
import re
import secrets
import time
from pathlib import Path

import pytest
from browser_harness import (
    button_by_text,
    expect,
    kernel_errors,
    notebook_panel,
    notebook_report,
    open_notebook,
    run_all_and_wait,
    screenshot,
    watch_kernel_errors,
)

from helpers.course import notebooks
from helpers.strings import t

pytestmark = pytest.mark.browser
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def first_predict_notebook() -> str:
    for entry in notebooks():
        path = NOTEBOOKS / entry["file"]
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"] if path.is_file() else []
        if any(re.search(r"\bpredict_then_reveal\(", "".join(c["source"])) for c in cells if c["cell_type"] == "code"):
            return entry["file"]
    pytest.fail("no course notebook calls predict_then_reveal(): learners never meet it")


def test_the_answer_opens_only_after_a_prediction(lab, lab_server):
    file = first_predict_notebook()
    open_notebook(lab, file)
    watch_kernel_errors(lab)
    run_all_and_wait(lab)
    assert notebook_report(lab).problems() == []
    panel = notebook_panel(lab)
    cell = panel.locator(".jp-CodeCell").filter(has=button_by_text(lab, t("predict.reveal", "en"))).first
    button = button_by_text(cell, t("predict.reveal", "en")).first
    answer = cell.locator(".widget-output").last
    expect(button).to_be_disabled()
    expect(cell.get_by_text(t("predict.locked", "en"))).to_be_visible()
    assert answer.inner_text().strip() == "", "the answer is visible before any prediction"

    prediction = f"Browser prediction {secrets.token_hex(4)}: the figures will differ."
    cell.locator("textarea").first.press_sequentially(prediction, delay=5)
    expect(button).to_be_enabled(timeout=10_000)
    button.click()
    expect(cell.get_by_text(t("predict.revealed", "en"))).to_be_visible(timeout=20_000)
    expect(answer).not_to_be_empty(timeout=20_000)
    assert len(answer.inner_text().strip()) > 20
    expect(button).to_be_disabled()
    deadline = time.monotonic() + 10
    while prediction not in "".join(p.read_text(errors="replace") for p in lab_server.journal_dir.glob("*.json")):
        assert time.monotonic() < deadline, "the prediction never reached the journal file"
        time.sleep(0.2)
    screenshot(lab, f"interaction_predict_{Path(file).stem}")
    assert kernel_errors(lab) == []
