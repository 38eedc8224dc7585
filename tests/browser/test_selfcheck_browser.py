"""A learner works a self-check in JupyterLab (headless Chromium): retry, then reveal, then results kept.

A scratch notebook shows the self-check of one course notebook (03_signing, as its notebook does).
Everything is found by its visible text, taken from the string table and the question file:
1. a wrong option -> "Not quite.", that option's own explanation and the offer to try again or show
   the answer; the explanation of the right answer is NOT on the page yet;
2. the right option in the same box -> "Right." and the explanation;
3. "Show answer" on another question -> "The answer: <the right option>";
4. the results reach the journal file as the entry selfcheck.03_signing, readable by
   parse_selfcheck_results; after a kernel restart and Run All the self-check shows them again.
No exception may reach the kernel's error stream meanwhile.
"""

import json
import re
import time

import pytest
from browser_harness import (
    button_by_text,
    expect,
    inner,
    kernel_errors,
    notebook_panel,
    open_notebook,
    restart_kernel,
    run_all_and_wait,
    screenshot,
    watch_kernel_errors,
    write_notebook,
)

from helpers.journal import JOURNAL_FILE, atomic_write, parse_journal, serialise
from helpers.selfcheck import _key, entry_id, load_questions, parse_selfcheck_results
from helpers.strings import t

pytestmark = pytest.mark.browser

STEM = "03_signing"


def _question_box(panel, question: dict):
    """The box of one question: it holds the prompt and its own Check button."""
    check = re.compile(rf"^\s*{re.escape(t('selfcheck.check', 'en'))}\s*$")
    return (panel.locator(".widget-vbox")
            .filter(has=inner(panel, ":scope > .widget-button").filter(has_text=check))
            .filter(has_text=question["prompt_en"]))


def _choose_and_check(box, choice: str) -> None:
    box.get_by_role("radio", name=choice, exact=True).check(timeout=5_000)
    button_by_text(box, t("selfcheck.check", "en")).click()


def _forget_kept_results(journal_dir) -> None:
    """Remove this self-check's entry from the session's journal (another test may have run it)."""
    path = journal_dir / JOURNAL_FILE
    if path.exists():
        entries = parse_journal(path.read_bytes())
        if entries.pop(entry_id(STEM), None) is not None:
            atomic_write(path, serialise(entries))


def _kept_entry(journal_dir, last_id: str, timeout_s: float = 15) -> dict:
    """The self-check entry as parse_selfcheck_results reads it from the journal file, once it holds
    question `last_id` (the last one the test worked on)."""
    path, deadline = journal_dir / JOURNAL_FILE, time.monotonic() + timeout_s
    while True:
        if path.exists():
            entry = json.loads(path.read_text(encoding="utf-8"))["entries"].get(entry_id(STEM))
            kept = parse_selfcheck_results(entry["text"]) if entry else None
            if kept and kept["questions"].get(last_id, {}).get("shown"):
                return kept
        assert time.monotonic() < deadline, f"no self-check results reached {path}"
        time.sleep(0.2)


@pytest.fixture()
def selfcheck_page(lab, lab_server, tmp_path):
    _forget_kept_results(lab_server.journal_dir)
    scratch = write_notebook(tmp_path / "selfcheck_scratch.ipynb",
                             ["import helpers", f'helpers.self_check("{STEM}")'], title="Self-check")
    rel = lab_server.add_file(scratch, "selfcheck_scratch.ipynb")
    open_notebook(lab, rel)
    watch_kernel_errors(lab)
    run_all_and_wait(lab)
    return lab


def test_retry_then_reveal_and_the_results_are_kept(selfcheck_page, lab_server):
    page = selfcheck_page
    questions = load_questions(STEM)
    choices = [q for q in questions if q["type"] == "choice"]
    first, other = choices[0], choices[1]
    panel = notebook_panel(page)

    # 1. a wrong answer: its own explanation, a retry offered, the answer not shown
    right = _key(first)
    wrong = next(i for i in range(len(first["choices_en"])) if i != right)
    box = _question_box(panel, first)
    expect(box).to_have_count(1)
    _choose_and_check(box, first["choices_en"][wrong])
    status = box.get_by_role("status")
    expect(status).to_contain_text(t("selfcheck.wrong", "en"))
    expect(status).to_contain_text(first["why_en"][wrong])
    expect(status).to_contain_text(t("selfcheck.try_again", "en"))
    expect(status).not_to_contain_text(first["explain_en"])
    expect(panel).not_to_contain_text(first["explain_en"])  # nowhere on the page

    # 2. try again with the right answer
    _choose_and_check(box, first["choices_en"][right])
    expect(status).to_contain_text(t("selfcheck.right", "en"))
    expect(status).to_contain_text(first["explain_en"])

    # 3. "Show answer" on another question, without answering it
    other_box = _question_box(panel, other)
    button_by_text(other_box, t("selfcheck.show_answer", "en")).click()
    shown = t("selfcheck.answer_is", "en", answer=other["choices_en"][_key(other)])
    expect(other_box.get_by_role("status")).to_contain_text(shown)

    progress = t("selfcheck.progress", "en", answered=1, total=len(questions), right=1)
    expect(panel.get_by_text(progress)).to_have_count(1)
    expect(panel.get_by_text(t("selfcheck.first_try_count", "en", first=0))).to_have_count(1)
    screenshot(page, "selfcheck_retry_then_reveal")

    # 4. kept in the journal file, readable back
    kept = _kept_entry(lab_server.journal_dir, other["id"])
    assert kept["notebook"] == STEM and kept["total"] == len(questions)
    assert kept["questions"][first["id"]] == {"tries": 2, "first_try": False, "right": True, "shown": False}
    assert kept["questions"][other["id"]] == {"tries": 0, "first_try": False, "right": False, "shown": True}

    # ... and shown again after a kernel restart
    restart_kernel(page)
    run_all_and_wait(page)
    panel = notebook_panel(page)
    expect(panel.get_by_text(progress)).to_have_count(1)
    status = _question_box(panel, first).get_by_role("status")
    expect(status).to_contain_text(t("selfcheck.kept", "en", status=t("selfcheck.status_right_after", "en",
                                                                         tries=2)))
    expect(_question_box(panel, other).get_by_role("status")).to_contain_text(
        t("selfcheck.status_shown", "en").strip(", "))
    screenshot(page, "selfcheck_kept_after_restart")
    assert kernel_errors(page) == []
