"""The journal's Export gives a real file download, and Import takes that file back, in a browser.

The bug this guards against: Export used to show relative links to files on the server; in
JupyterLab they resolve to /lab/tree/..., so the browser saved JupyterLab's own HTML page as
journal-export.json, which could not be imported. Now the session bar (helpers.session_bar) puts
the journal inside the link (a data: URL with a `download` attribute).

Each test works the controls as a learner: writes in a journal box, clicks Export, clicks the
download link (Playwright catches the download), checks that the file is the JSON journal (not
HTML) holding what was typed, then chooses that file with Import in a fresh journal and checks
the text comes back into the journal box and into the journal file.
- JupyterLab: two scratch notebooks, the second with a journal folder of its own; then the
  language switch (Español) relabels the bar and the journal box on the page, and a third
  notebook on that journal folder starts in Spanish.
- Voila: a scratch notebook served by Voila; the journal file is deleted between two page loads.
- Notebook 7: the same as JupyterLab, when the `notebook` package is installed (requirements-dev).
Controls are found by their visible text, taken from the English string table.
"""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser_harness import (
    VIEWPORT,
    _root_flag,
    _stop,
    _wait_until_up,
    button_by_text,
    control_names,
    expect,
    free_port,
    isolated_env,
    kernel_errors,
    notebook_panel,
    open_notebook,
    open_voila,
    run_all_and_wait,
    screenshot,
    start_voila,
    watch_kernel_errors,
    widget_by_label,
    write_notebook,
)

from helpers.journal import Journal, parse_journal
from helpers.strings import t

pytestmark = pytest.mark.browser

PROMPT_ID = "browser.export"
PROMPT = "What did the ceasefire of May 1994 change?"
JSON_NAME, MD_NAME = "my-bishkek-journal.json", "my-bishkek-journal.md"


def bar_notebook(path: Path, journal_dir: Path | None = None) -> Path:
    """A notebook as the course notebooks start: the session bar, then a journal box."""
    cells = []
    if journal_dir is not None:  # a journal of its own, as in a new session
        cells.append(f"import os\nos.environ['BISHKEK_JOURNAL_DIR'] = {str(journal_dir)!r}")
    cells += ["import helpers\nhelpers.session_bar()", f"helpers.journal_box({PROMPT_ID!r}, {PROMPT!r})"]
    return write_notebook(path, cells, title="Session bar")


def learner_text() -> str:
    return f"Export test {secrets.token_hex(4)}: «the guns fell silent» — según ambas partes."


def journal_textarea(scope):
    return widget_by_label(scope, t("journal.box_label", "en"), "widget-textarea").first.locator("textarea")


def write_entry(scope, text: str) -> None:
    """Type into the journal box like a learner, and wait until it says it saved."""
    journal_textarea(scope).press_sequentially(text, delay=2)
    box = scope.locator(".widget-vbox").filter(has=journal_textarea(getattr(scope, "page", scope))).last
    expect(box.get_by_text(t("journal.saved", "en"), exact=True)).to_be_visible(timeout=20_000)


def export_and_download(page, scope, folder: Path) -> dict[str, Path]:
    """Click Export, then each download link; return {file name: saved path}."""
    button_by_text(scope, t("session.export_button", "en")).first.click()
    saved = {}
    for label in (t("session.download_json", "en"), t("session.download_md", "en")):
        link = scope.get_by_role("link", name=label)
        expect(link).to_have_count(1, timeout=20_000)
        with page.expect_download(timeout=20_000) as info:
            link.click()
        download = info.value
        assert download.failure() is None, f"the download of {label!r} failed: {download.failure()}"
        path = folder / download.suggested_filename
        download.save_as(path)
        saved[download.suggested_filename] = path
    return saved


def inaccessible(controls: list[dict]) -> list[str]:
    """Controls without an accessible name, or that a pointer cannot reach (see test_accessibility.py)."""
    return [f"{c['control']} {c['name']!r}: {c['html']}" for c in controls if not c["name"] or not c["reachable"]]


def check_export(files: dict[str, Path], text: str, folder: Path) -> None:
    """The .json is the journal (JSON, not an HTML page) holding `text`; the .md is the journal's
    own Markdown of the same entries."""
    assert set(files) == {JSON_NAME, MD_NAME}, f"downloaded {sorted(files)}"
    raw = files[JSON_NAME].read_bytes()
    assert not raw.lstrip().lower().startswith((b"<!doctype", b"<html")), "the download is an HTML page"
    data = json.loads(raw.decode("utf-8"))
    assert data["format"] == "bishkek-journal"
    entries = parse_journal(raw)
    assert entries[PROMPT_ID] == {"prompt": PROMPT, "text": text}
    same = Journal(folder / "expected-journal")  # never saved: only its Markdown is wanted
    same.entries = entries
    assert files[MD_NAME].read_text(encoding="utf-8") == same.to_markdown("en")


def choose_import_file(page, scope, path: Path) -> None:
    """Click Import and choose `path` in the file chooser, as a learner would."""
    button = scope.locator("button.widget-upload").filter(has_text=t("session.import_label", "en")).first
    with page.expect_file_chooser(timeout=20_000) as chooser:
        button.click()
    chooser.value.set_files(str(path))


def result_line(scope, text: str):
    return scope.locator(".bishkek-journal-controls").get_by_text(text)


def check_import(page, scope, files: dict[str, Path], text: str, journal_file: Path, folder: Path) -> None:
    """Import into an empty journal: the entry comes back in the box and on disk; a page is refused."""
    expect(journal_textarea(scope)).to_have_value("")
    choose_import_file(page, scope, files[JSON_NAME])
    expect(result_line(scope, t("session.imported", "en", n=1, name=JSON_NAME))).to_be_visible(timeout=20_000)
    expect(journal_textarea(scope)).to_have_value(text)
    assert parse_journal(journal_file.read_bytes())[PROMPT_ID]["text"] == text

    html_page = folder / "journal-export.json"  # what the old links downloaded in JupyterLab
    html_page.write_text("<!DOCTYPE html><html><head><title>JupyterLab</title></head></html>")
    choose_import_file(page, scope, html_page)
    expect(result_line(scope, f"{html_page.name} could not be imported")).to_be_visible(timeout=20_000)
    expect(journal_textarea(scope)).to_have_value(text)


# --- JupyterLab --------------------------------------------------------------------------------------

def test_jupyterlab_export_downloads_the_journal_and_import_brings_it_back(lab, lab_server, tmp_path):
    page = lab
    write_rel = lab_server.add_file(bar_notebook(tmp_path / "write.ipynb"), "export_write.ipynb")
    fresh_journal = tmp_path / "fresh-journal"
    read_rel = lab_server.add_file(bar_notebook(tmp_path / "read.ipynb", fresh_journal), "export_read.ipynb")
    next_rel = lab_server.add_file(bar_notebook(tmp_path / "next.ipynb", fresh_journal), "export_next.ipynb")
    text = learner_text()

    open_notebook(page, write_rel)
    watch_kernel_errors(page)
    run_all_and_wait(page)
    panel = notebook_panel(page)
    write_entry(panel, text)
    files = export_and_download(page, panel, tmp_path)
    check_export(files, text, tmp_path)
    assert inaccessible(control_names(panel)) == []
    assert kernel_errors(page) == []

    open_notebook(page, read_rel)
    watch_kernel_errors(page)
    run_all_and_wait(page)
    panel = notebook_panel(page)
    check_import(page, panel, files, text, fresh_journal / "journal.json", tmp_path)
    screenshot(page, "export_import_jupyterlab")

    button_by_text(panel, "Español").click()  # the language switch relabels the bar and the box at once
    expect(button_by_text(panel, t("session.export_button", "es"))).to_have_count(1, timeout=20_000)
    expect(widget_by_label(panel, t("journal.box_label", "es"), "widget-textarea")).to_have_count(1)
    expect(panel.get_by_text(t("session.language_changed", "es"))).to_be_visible()
    assert kernel_errors(page) == []

    open_notebook(page, next_rel)  # the next notebook starts in the language chosen in the bar
    watch_kernel_errors(page)
    run_all_and_wait(page)
    panel = notebook_panel(page)
    expect(button_by_text(panel, t("session.export_button", "es"))).to_have_count(1, timeout=20_000)
    expect(widget_by_label(panel, t("journal.box_label", "es"), "widget-textarea").locator("textarea")).to_have_value(
        text)
    assert kernel_errors(page) == []
    assert kernel_errors(page) == []


# --- Voila ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bar_voila(chromium, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("voila-export")
    server = start_voila(bar_notebook(workdir / "session_bar.ipynb"), workdir)
    yield server, workdir / "journal"
    server.stop()


def test_voila_export_downloads_the_journal_and_import_brings_it_back(browser, bar_voila, tmp_path):
    server, journal_dir = bar_voila
    text = learner_text()
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    try:
        page, report = open_voila(context, server)
        assert report.problems() == [], "the session bar in Voila:\n- " + "\n- ".join(report.problems())
        assert inaccessible(report.controls) == []
        body = page.locator("body")
        write_entry(body, text)
        files = export_and_download(page, body, tmp_path)
        check_export(files, text, tmp_path)

        (journal_dir / "journal.json").unlink()  # a new session: an empty journal
        page, _ = open_voila(context, server)
        check_import(page, page.locator("body"), files, text, journal_dir / "journal.json", tmp_path)
        screenshot(page, "export_import_voila", full_page=True)
    finally:
        context.close()


# --- Notebook 7 ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def notebook7(chromium, tmp_path_factory):
    """Jupyter Notebook 7 from this Python, serving a scratch folder (skips when not installed)."""
    pytest.importorskip("notebook", minversion="7", reason="the `notebook` package (Notebook 7) is not installed")
    workdir = tmp_path_factory.mktemp("notebook7")
    root, journal = workdir / "root", workdir / "journal"
    root.mkdir()
    journal.mkdir()
    env = isolated_env(workdir, journal)
    token, port = secrets.token_hex(16), free_port()
    log_path = workdir / "notebook.log"
    cmd = [sys.executable, "-m", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           "--ServerApp.terminals_enabled=False", "--JupyterNotebookApp.expose_app_in_browser=True",
           *_root_flag()]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(proc, f"{base}/api/status?token={token}", log_path, "jupyter notebook")
        yield base, token, root, journal
    finally:
        _stop(proc)


def run_notebook7(page, base: str, token: str, rel_path: str) -> None:
    """Open a notebook in Notebook 7 and run all its cells; wait until the last cell's widget shows."""
    page.goto(f"{base}/notebooks/{rel_path}?token={token}", timeout=90_000)
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=90_000)
    page.evaluate("async () => { await window.jupyterapp.restored; }")
    page.wait_for_function("""() => { const w = window.jupyterapp.shell.currentWidget;
        return !!(w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel
                  && w.sessionContext.session.kernel.connectionStatus === 'connected'
                  && w.sessionContext.session.kernel.status === 'idle'); }""", timeout=90_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    expect(journal_textarea(page.locator("body"))).to_be_visible(timeout=90_000)


def test_notebook7_export_downloads_the_journal_and_import_brings_it_back(browser, notebook7, tmp_path):
    base, token, root, journal_dir = notebook7
    fresh_journal = tmp_path / "fresh-journal"
    bar_notebook(root / "export_write.ipynb")
    bar_notebook(root / "export_read.ipynb", fresh_journal)
    text = learner_text()
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    try:
        page = context.new_page()
        run_notebook7(page, base, token, "export_write.ipynb")
        body = page.locator("body")
        write_entry(body, text)
        files = export_and_download(page, body, tmp_path)
        check_export(files, text, tmp_path)

        run_notebook7(page, base, token, "export_read.ipynb")
        check_import(page, page.locator("body"), files, text, fresh_journal / "journal.json", tmp_path)
        screenshot(page, "export_import_notebook7", full_page=True)
    finally:
        context.close()
        shutil.rmtree(fresh_journal, ignore_errors=True)
