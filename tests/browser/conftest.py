"""Fixtures for the browser tests: one JupyterLab, one Voila and one headless Chromium per session.

- `lab_server`: JupyterLab from this Python (the project's .venv) on 127.0.0.1, a random free port
  and token, private Jupyter/IPython/settings/workspace dirs, serving a temporary copy of notebooks/
  (the tests never write into the repository); journal files go to `lab_server.journal_dir`.
- `browser`: Debian's Chromium driven by Playwright (never a Playwright-downloaded browser).
- `lab`: the JupyterLab page, loaded once per session; notebooks are opened in it one at a time
  (open_notebook / check_notebook). After each test, whatever it left open is closed and every
  kernel shut down.
- `lab_runs`: runs a course notebook once per session and hands the same report to every test
  that asks (test_lab_notebooks.py and test_accessibility.py).
- `voila_server`: Voila serving notebooks/app_dashboard.ipynb; `voila_dashboard`: that page opened
  once, with its report.

Without Chromium (or Playwright) the browser tests skip with the reason, except when the
environment variable CI is set: then they fail, because CI must not skip them silently.
The seconds from Run All to the last cell of each notebook are printed at the end of the run.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # browser_harness, whatever pytest's import mode

from browser_harness import (  # noqa: E402
    RUN_TIMES,
    VIEWPORT,
    NotebookReport,
    check_notebook,
    chromium_path,
    close_notebook,
    launch_chromium,
    open_lab,
    open_voila,
    screenshot,
    start_lab,
    start_voila,
)

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so the browser tests must run, not skip", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of the Chromium binary; skips (fails under CI) when it or Playwright is missing."""
    path = chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        _unavailable(f"no Chromium at {path} (install Debian's 'chromium' package or set CHROMIUM)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the Python package 'playwright' is not installed (pip install -r requirements-dev.txt)")
    return path


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chrome = launch_chromium(playwright)
        yield chrome
        chrome.close()


@pytest.fixture(scope="session")
def lab_server(chromium, tmp_path_factory):
    server = start_lab(NOTEBOOKS, tmp_path_factory.mktemp("jupyterlab"))
    yield server
    server.stop()


class LabWindow:
    """The session's JupyterLab page, loaded again if it was closed or crashed."""

    def __init__(self, browser, server):
        self.browser, self.server = browser, server
        self.context = self._page = None

    def page(self):
        if self._page is None or self._page.is_closed():
            if self.context is not None:
                self.context.close()
            self.context = self.browser.new_context(viewport=VIEWPORT)
            self._page = open_lab(self.context, self.server)
        return self._page

    def close(self):
        if self.context is not None:
            self.context.close()


@pytest.fixture(scope="session")
def lab_window(browser, lab_server):
    window = LabWindow(browser, lab_server)
    yield window
    window.close()


@pytest.fixture()
def lab(lab_window, lab_server):
    """The JupyterLab page; everything a test leaves open is closed (and kernels shut down) after it."""
    page = lab_window.page()
    yield page
    if not page.is_closed():
        close_notebook(page, lab_server)


class LabRuns:
    """Each notebook run once per session in JupyterLab; the report is shared between tests."""

    def __init__(self, window, server):
        self.window, self.server, self._done = window, server, {}

    def report(self, notebook: str) -> NotebookReport:
        """Run `notebook` (path relative to notebooks/) unless already run; return its report."""
        if notebook not in self._done:
            try:
                shot = "lab_" + notebook.removesuffix(".ipynb").replace("/", "_")  # es/00_x -> lab_es_00_x
                self._done[notebook] = check_notebook(self.window.page(), self.server, notebook, screenshot_name=shot)
            except Exception as exc:  # e.g. a timeout: don't make the next test wait for it again
                self._done[notebook] = exc
        result = self._done[notebook]
        if isinstance(result, Exception):
            raise result
        return result


@pytest.fixture(scope="session")
def lab_runs(lab_window, lab_server) -> LabRuns:
    return LabRuns(lab_window, lab_server)


@pytest.fixture(scope="session")
def voila_server(chromium, tmp_path_factory):
    server = start_voila(NOTEBOOKS / "app_dashboard.ipynb", tmp_path_factory.mktemp("voila"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voila_dashboard(browser, voila_server):
    """The dashboard opened once in Voila: (page, report). Each Voila page load starts a kernel."""
    context = browser.new_context(viewport=VIEWPORT)
    page, report = open_voila(context, voila_server)
    yield page, report
    screenshot(page, "voila_app_dashboard", full_page=True)
    context.close()


def pytest_terminal_summary(terminalreporter):
    if RUN_TIMES:
        terminalreporter.section("browser: seconds from Run All to the last cell")
        for name, seconds in RUN_TIMES.items():
            terminalreporter.write_line(f"{name}: {seconds:.2f}")
        terminalreporter.write_line(f"total: {sum(RUN_TIMES.values()):.2f}")
