"""The Spanish edition (notebooks/es) in a real JupyterLab: it runs, renders, is accessible, and speaks Spanish.

Every Spanish notebook is run like the English ones (test_lab_notebooks.py, test_accessibility.py, same
session server, which serves a copy of notebooks/ including es/). Then a learner's round trips, with every
control found by its Spanish label (src/helpers/strings/es.json): the session bar starts in Spanish, a
self-check answered right and wrong gives Spanish feedback, and a journal entry survives a kernel restart.
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
    inner,
    kernel_errors,
    notebook_panel,
    restart_kernel,
    run_all_and_wait,
    screenshot,
    widget_by_label,
)
from test_accessibility import covered_controls, undescribed_images, unnamed_controls
from test_lab_interactions import open_course_notebook  # noqa: F401  (fixture)

from helpers.course import notebooks
from helpers.selfcheck import decode_key, load_questions
from helpers.strings import t

pytestmark = pytest.mark.browser

ES_DIR = Path(__file__).resolve().parents[2] / "notebooks" / "es"
NAMES = [entry["file"] for entry in notebooks()] + ["app_dashboard.ipynb"]


@pytest.fixture()
def fresh_learner(lab_server):
    """No language remembered in the journal folder: the edition's own default applies."""
    (lab_server.journal_dir / "settings.json").unlink(missing_ok=True)


def spanish_notebook_calling(function: str) -> str:
    call = re.compile(rf"\b{function}\(")
    for name in NAMES:
        cells = json.loads((ES_DIR / name).read_text(encoding="utf-8"))["cells"]
        if any(c["cell_type"] == "code" and call.search("".join(c["source"])) for c in cells):
            return name
    pytest.skip(f"no Spanish notebook calls {function}() yet")


@pytest.mark.parametrize("name", NAMES)
def test_spanish_notebook_runs_renders_and_is_accessible(name, lab_runs, fresh_learner):
    report = lab_runs.report(f"es/{name}")
    assert report.problems() == [], f"es/{name} in JupyterLab:\n- " + "\n- ".join(report.problems())
    problems = (unnamed_controls(report.controls) + covered_controls(report.controls)
                + undescribed_images(report.image_alternatives))
    assert problems == [], f"es/{name}:\n- " + "\n- ".join(problems)


def test_session_bar_starts_in_spanish(open_course_notebook, fresh_learner):  # noqa: F811
    name = spanish_notebook_calling("session_bar")
    page = open_course_notebook(f"es/{name}")
    bar = notebook_panel(page).locator(".bishkek-session-bar").first
    expect(bar).to_contain_text(t("session.heading", "es"))
    expect(bar.locator(".widget-toggle-button.mod-active")).to_have_text(re.compile("español", re.I))
    assert kernel_errors(page) == []


def test_spanish_self_check_gives_spanish_feedback(open_course_notebook, fresh_learner):  # noqa: F811
    name = spanish_notebook_calling("self_check")
    questions = load_questions(Path(name).stem)
    choice = [q for q in questions if q["type"] == "choice"]
    first, second = choice[0], choice[-1]
    page = open_course_notebook(f"es/{name}")
    panel = notebook_panel(page)
    check = re.compile(rf"^\s*{re.escape(t('selfcheck.check', 'es'))}\s*$")

    def box_of(question):
        return (panel.locator(".widget-vbox").filter(has=inner(panel, ":scope > .widget-button").filter(has_text=check))
                .filter(has_text=question["prompt_es"]))

    def answer(box, text):
        box.get_by_role("radio", name=text, exact=True).check(timeout=5_000)
        button_by_text(box, t("selfcheck.check", "es")).click()

    box = box_of(first)
    expect(box).to_have_count(1)
    answer(box, first["choices_es"][int(decode_key(first["id"], first["answer"]))])
    expect(box.get_by_role("status")).to_contain_text(t("selfcheck.right", "es"))
    key = int(decode_key(second["id"], second["answer"]))
    box = box_of(second)
    answer(box, next(c for i, c in enumerate(second["choices_es"]) if i != key))
    expect(box.get_by_role("status")).to_contain_text(t("selfcheck.wrong", "es"))
    answered, right = (1, 0) if first is second else (2, 1)
    progress = t("selfcheck.progress", "es", answered=answered, total=len(questions), right=right)
    expect(panel.get_by_text(progress)).to_have_count(1)
    screenshot(page, f"interaction_selfcheck_es_{Path(name).stem}")
    assert kernel_errors(page) == []


def test_spanish_journal_text_survives_a_kernel_restart(open_course_notebook, lab_server, fresh_learner):  # noqa: F811
    name = spanish_notebook_calling("journal_box")
    page = open_course_notebook(f"es/{name}")
    panel = notebook_panel(page)
    label = t("journal.box_label", "es")
    box = widget_by_label(panel, label, "widget-textarea").first
    text = f"Prueba {secrets.token_hex(4)}: la redacción del protocolo importaba a ambas partes."
    box.locator("textarea").fill("")  # the session's journal folder may already hold an entry for this prompt
    box.locator("textarea").press_sequentially(text, delay=5)
    journal_box = panel.locator(".widget-vbox").filter(has=widget_by_label(page, label, "widget-textarea")).last
    expect(journal_box.get_by_text(t("journal.saved", "es"), exact=True)).to_be_visible(timeout=20_000)
    deadline = time.monotonic() + 10
    while text not in "".join(p.read_text(errors="replace") for p in lab_server.journal_dir.glob("*.json")):
        assert time.monotonic() < deadline, f"the text never reached a journal file in {lab_server.journal_dir}"
        time.sleep(0.2)
    restart_kernel(page)
    run_all_and_wait(page)
    box = widget_by_label(notebook_panel(page), label, "widget-textarea").first
    expect(box.locator("textarea")).to_have_value(text)
    screenshot(page, f"interaction_journal_es_{Path(name).stem}")
    assert kernel_errors(page) == []
