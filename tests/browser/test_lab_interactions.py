"""Use the widgets like a learner in JupyterLab: slider, self-check, journal.

Each test opens the first course notebook that uses the widget (found by reading the notebooks'
code cells), runs it, and works the widget through the page, finding every control by its
visible label, taken from the English string table (src/helpers/strings/en.json):
- the network explorer: move the date slider ("network.ui.date") -> the figure is redrawn;
- a self-check: answer one question right and one wrong -> "selfcheck.right" / "selfcheck.wrong"
  feedback and the progress line ("selfcheck.progress");
- a journal box ("journal.box_label"): type, wait for "journal.saved", restart the kernel, run
  all again -> the text is back in the box.
No exception may reach the kernel's error stream meanwhile (errors in widget callbacks do not show
in cells, so the kernel's messages are watched).
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
    image_sources,
    inner,
    kernel_errors,
    notebook_panel,
    notebook_report,
    open_notebook,
    press_slider,
    restart_kernel,
    run_all_and_wait,
    screenshot,
    slider_readout,
    wait_for_image_change,
    watch_kernel_errors,
    widget_by_label,
)

from helpers.course import notebooks
from helpers.selfcheck import decode_key, load_questions
from helpers.strings import t

pytestmark = pytest.mark.browser

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def course_notebook_calling(function: str) -> tuple[str, str]:
    """The first course notebook whose code calls `function(`, and the call's first string argument.

    Skips while some course notebooks are still unwritten and none of the others calls it; fails
    when every notebook exists and none does.
    """
    missing = []
    call = re.compile(rf"\b{function}\(\s*(?:[\"']([^\"']*)[\"'])?")
    for entry in notebooks():
        path = NOTEBOOKS / entry["file"]
        if not path.is_file():
            missing.append(entry["file"])
            continue
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            found = call.search("".join(cell["source"])) if cell["cell_type"] == "code" else None
            if found:
                return entry["file"], found.group(1) or ""
    if missing:
        pytest.skip(f"no course notebook calls {function}() yet; not written yet: {', '.join(missing)}")
    pytest.fail(f"no course notebook calls {function}(): a learner never meets it in JupyterLab")


@pytest.fixture()
def open_course_notebook(lab):
    """Open a course notebook in JupyterLab and Run All; the `lab` fixture closes it afterwards."""
    def _open(file: str):
        open_notebook(lab, file)
        watch_kernel_errors(lab)
        run_all_and_wait(lab)
        problems = notebook_report(lab).problems()
        assert problems == [], f"{file} does not even run cleanly:\n- " + "\n- ".join(problems)
        return lab

    return _open


def test_network_explorer_date_slider_redraws_the_figure(open_course_notebook):
    file, _ = course_notebook_calling("network_explorer")
    page = open_course_notebook(file)
    label = t("network.ui.date", "en")
    panel = notebook_panel(page)
    cell = panel.locator(".jp-CodeCell").filter(has=widget_by_label(page, label, "widget-slider")).first
    slider = widget_by_label(cell, label, "widget-slider").first
    expect(slider).to_be_visible()
    day, images = slider_readout(slider), image_sources(cell)
    assert images, f"no figure next to the '{label}' slider in {file}"

    press_slider(slider, "Home")  # the first day; if it was already there, the last one
    if slider_readout(slider) == day:
        press_slider(slider, "End")
    assert slider_readout(slider) != day, "the date slider did not move from the keyboard"
    wait_for_image_change(cell, images)
    screenshot(page, f"interaction_network_{Path(file).stem}")
    assert kernel_errors(page) == []


def _question_box(panel, question: dict):
    """The box of one self-check question: it holds the prompt and its own Check button."""
    check = re.compile(rf"^\s*{re.escape(t('selfcheck.check', 'en'))}\s*$")
    return (panel.locator(".widget-vbox")
            .filter(has=inner(panel, ":scope > .widget-button").filter(has_text=check))
            .filter(has_text=question["prompt_en"]))


def _answer(box, choice: str) -> None:
    """Click the radio button of `choice` (as a mouse user does), then the Check button."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        box.get_by_role("radio", name=choice, exact=True).check(timeout=5_000)
        clicked = True
    except PlaywrightTimeoutError:
        clicked = False
    if not clicked:
        pytest.fail(f"could not click the answer {choice!r}: another element covers its radio button "
                    "(see test_accessibility.py)")
    button_by_text(box, t("selfcheck.check", "en")).click()


def test_self_check_gives_feedback_for_a_right_and_a_wrong_answer(open_course_notebook):
    file, stem = course_notebook_calling("self_check")
    choice_questions = [q for q in load_questions(stem or Path(file).stem) if q["type"] == "choice"]
    if not choice_questions:
        pytest.fail(f"the self-check of {file} has no multiple-choice question to answer")
    first, second = choice_questions[0], choice_questions[-1]  # the same one if there is only one
    page = open_course_notebook(file)
    panel = notebook_panel(page)

    right = first["choices_en"][int(decode_key(first["id"], first["answer"]))]
    box = _question_box(panel, first)
    expect(box).to_have_count(1)
    _answer(box, right)
    expect(box.get_by_role("status")).to_contain_text(t("selfcheck.right", "en"))

    key = int(decode_key(second["id"], second["answer"]))
    wrong = next(c for i, c in enumerate(second["choices_en"]) if i != key)
    box = _question_box(panel, second)
    _answer(box, wrong)
    expect(box.get_by_role("status")).to_contain_text(t("selfcheck.wrong", "en"))

    total = len(load_questions(stem or Path(file).stem))
    answered, right_count = (1, 0) if first is second else (2, 1)
    progress = t("selfcheck.progress", "en", answered=answered, total=total, right=right_count)
    expect(panel.get_by_text(progress)).to_have_count(1)
    screenshot(page, f"interaction_selfcheck_{Path(file).stem}")
    assert kernel_errors(page) == []


def test_journal_text_survives_a_kernel_restart(open_course_notebook, lab_server):
    file, _ = course_notebook_calling("journal_box")
    page = open_course_notebook(file)
    panel = notebook_panel(page)
    label = t("journal.box_label", "en")
    box = widget_by_label(panel, label, "widget-textarea").first
    text = f"Browser test {secrets.token_hex(4)}: the wording of the protocol mattered to both sides."
    box.locator("textarea").press_sequentially(text, delay=5)  # typed, as a learner types
    journal_box = panel.locator(".widget-vbox").filter(has=widget_by_label(page, label, "widget-textarea")).last
    expect(journal_box.get_by_text(t("journal.saved", "en"), exact=True)).to_be_visible(timeout=20_000)
    deadline = time.monotonic() + 10
    while text not in "".join(p.read_text(errors="replace") for p in lab_server.journal_dir.glob("*.json")):
        assert time.monotonic() < deadline, f"the text never reached a journal file in {lab_server.journal_dir}"
        time.sleep(0.2)

    restart_kernel(page)
    run_all_and_wait(page)
    box = widget_by_label(notebook_panel(page), label, "widget-textarea").first
    expect(box.locator("textarea")).to_have_value(text)
    screenshot(page, f"interaction_journal_{Path(file).stem}")
    assert kernel_errors(page) == []
