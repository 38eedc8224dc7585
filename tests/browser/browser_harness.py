"""Drive a real JupyterLab (and Voila) in headless Chromium: the building blocks of the browser tests.

Why this exists: unit tests and nbval run kernels, not front ends. A widget that works in a kernel
can still fail in the browser ("Error displaying widget", version skew). These helpers start the
project's own JupyterLab on loopback, open a notebook like a learner would, run it, and read back
what the page shows. conftest.py turns them into pytest fixtures; the tests stay short.

Traps handled here (see ../shared/reference/TOOLING-NOTES.md):
- as root, jupyter refuses to start without --allow-root;
- the toolbar says "idle" before a kernel is connected, and a Run All issued then is dropped:
  wait until the status bar says "| Idle", and retry Run All if no cell got queued;
- JupyterLab restores old tabs unless the URL carries ?reset;
- a notebook saved with widget outputs would re-open showing "Error displaying widget": autosave
  is switched off, and the server works on a temporary copy of notebooks/ anyway.

The pieces, in the order a test uses them:
    start_lab(notebooks_dir, workdir) -> LabServer       start_voila(notebook, workdir) -> VoilaServer
    launch_chromium(playwright)                           open_lab(context, server) -> page
    open_notebook(page, path)   run_all_and_wait(page) -> seconds   notebook_report(page) -> NotebookReport
    check_notebook(page, server, path, screenshot_name)   (all of the above, then close_notebook)
    open_voila(context, server) -> (page, NotebookReport)
    widget_by_label / button_by_text / press_slider / slider_readout / image_sources /
    wait_for_image_change / restart_kernel / watch_kernel_errors / kernel_errors
    control_names / image_alternatives (accessibility)   screenshot / screenshot_notebook

Nothing here writes into the repository except screenshots under artifacts/browser/ (git-ignored).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts" / "browser"

VIEWPORT = {"width": 1400, "height": 1000}
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
STDERR_MIME = "application/vnd.jupyter.stderr"
IMAGE_MIMES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml")
# JupyterLab prefers these to an image when an output carries both (an image is then not shown)
RICHER_MIMES = (WIDGET_MIME, "application/javascript", "text/html", "text/markdown", "text/latex")
WIDGET_ERROR_TEXTS = ("Error displaying widget",)
WIDGET_LOADING_TEXT = "Loading widget..."

# Seconds from Run All to the last cell, per notebook run through check_notebook() in this process.
RUN_TIMES: dict[str, float] = {}

# JupyterLab settings for the test server: no autosave (see module docstring), every cell in the
# DOM (no virtual scrolling, so off-screen outputs can be inspected), no news or update pop-ups.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"checkForUpdates": False, "fetchNews": "false"},
}



def _js(template: str, **values: str) -> str:
    """JavaScript source with $name placeholders filled in (string.Template: no brace escaping)."""
    return Template(template).substitute(values)


# The notebook currently shown in JupyterLab (the test server exposes window.jupyterapp).
_PANEL_JS = "(window.jupyterapp.shell.currentWidget)"

# Status bar shows "<kernel> | Idle" only once a kernel is really connected.
_KERNEL_IDLE_JS = """() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]
  .some(e => /\\| Idle$/.test(e.textContent.trim()) && !e.textContent.includes('No Kernel'))"""

# Cell state read from the notebook model and its prompts: one entry per code cell.
_CELL_STATES_JS = _js("""() => {
  const panel = $panel;
  if (!panel || !panel.content || !panel.content.widgets) return null;
  return panel.content.widgets.filter(c => c.model.type === 'code').map(c => ({
    source: c.model.sharedModel.getSource(),
    count: c.model.executionCount,
    prompt: (c.node.querySelector('.jp-InputArea-prompt') || {}).textContent || '',
  }));
}""", panel=_PANEL_JS)

# Outputs as the kernel sent them (the notebook model), independent of how the page rendered them.
_MODEL_OUTPUTS_JS = _js("""() => $panel.content.widgets
  .filter(c => c.model.type === 'code')
  .map(c => c.model.outputs.toJSON())""", panel=_PANEL_JS)

# Outputs of the current notebook as JupyterLab rendered them, one entry per renderer. A widget
# renderer (mimeType = the widget-view type) holds the widget view's node once the view exists,
# and only text ("Loading widget...", "Error displaying widget...") otherwise; an image renderer
# holds an <img>.
_LAB_RENDERERS_JS = _js("""() => {
  const found = [];
  for (const cell of $panel.content.widgets) {
    if (cell.model.type !== 'code') continue;
    for (const child of cell.outputArea.widgets) {
      for (const r of (child.widgets || [])) {
        if (typeof r.mimeType !== 'string') continue;
        const img = r.node.querySelector('img');
        found.push({mime: r.mimeType, rendered: r.node.firstElementChild !== null,
                    image_loaded: !!(img && img.complete && img.naturalWidth > 0),
                    text: (r.node.textContent || '').trim().slice(0, 200)});
      }
    }
  }
  return found;
}""", panel=_PANEL_JS)

# What the page shows inside `root` (an element): error outputs, widget error texts, images.
_RENDERED_JS = _js("""(root) => {
  const text = n => (n.innerText || n.textContent || '').trim();
  const imgs = [...root.querySelectorAll('img')];
  return {
    stderr: [...root.querySelectorAll('[data-mime-type="$stderr"]')].map(e => text(e).slice(0, 600)),
    // "Error displaying widget" (no model, e.g. version skew) and ipywidgets 8's error widget
    // (a red box drawn when a widget's JavaScript class failed to load).
    widget_error_texts: [...root.querySelectorAll('.jupyter-widgets, .jp-OutputArea-output')]
        .filter(e => e.children.length === 0 && text(e).startsWith('Error displaying widget'))
        .map(e => text(e).slice(0, 300))
        .concat([...root.querySelectorAll('.jupyter-widgets-error-widget')]
        .map(e => 'error widget: the widget JavaScript failed (' + text(e).slice(0, 200) + ')')),
    widget_loading: [...root.querySelectorAll('.jp-OutputArea-output')]
        .filter(e => e.children.length === 0 && text(e) === '$loading').length,
    images_dom: imgs.length,
    images_not_loaded: imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 80)),
  };
}""", stderr=STDERR_MIME, loading=WIDGET_LOADING_TEXT)

# Index of the notebook cell (0 = first, markdown included) holding an element; Voila wraps each
# cell in <div cell-index="n"> counting from 1.
_CELL_INDEX_JS = """(e) => {
  const cell = e.closest('.jp-Cell');
  if (!cell) return -1;
  const voila = cell.parentElement.getAttribute('cell-index');
  if (voila !== null) return Number(voila) - 1;
  return [...cell.parentElement.children].filter(c => c.classList.contains('jp-Cell')).indexOf(cell);
}"""

# Where widget views live: inside output areas (JupyterLab and Voila), in a node whose class names
# an ipywidgets view ("widget-slider", "jupyter-widgets", ...). JupyterLab's own UI is outside.
_IN_WIDGET_JS = """(e) => !!(e.closest('.jp-OutputArea') && e.closest('.jupyter-widgets, [class*="widget-"]'))"""
_TEXT_JS = """(n) => (n ? (n.innerText || n.textContent || '') : '').replace(/[\\u200b-\\u200d\\ufeff]/g, '').trim()"""
# The ipywidgets containers that put a description label (.widget-label) beside their control.
WIDGET_BOXES = ".widget-inline-hbox, .widget-inline-vbox, .widget-toggle-buttons, .widget-radio"

# Accessible name of every widget control, by the rules of test_accessibility.py, and whether a
# pointer reaches it (e.g. a long radio option that wraps can cover the next option's button).
_CONTROL_NAMES_JS = _js("""(root) => {
  const cellIndex = $cell_index;
  const inWidget = $in_widget;
  const text = $text;
  const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  const controls = [...root.querySelectorAll('input, select, textarea, button, [role="slider"]')]
      .filter(e => e.type !== 'hidden' && inWidget(e) && visible(e));
  return controls.map(e => {
    let name = text({textContent: e.getAttribute('aria-label') || ''});
    let how = name ? 'aria-label' : '';
    const by = e.getAttribute('aria-labelledby');
    if (!name && by) {
      name = by.split(/\\s+/).map(id => text(document.getElementById(id))).join(' ').trim();
      how = name ? 'aria-labelledby' : '';
    }
    if (!name && e.labels && e.labels.length) {
      name = [...e.labels].filter(visible).map(text).join(' ').trim();
      how = name ? 'label element' : '';
    }
    if (!name && e.tagName === 'BUTTON') {
      name = text(e);
      how = name ? 'button text' : '';
    }
    if (!name) {
      // ipywidgets puts a control's description in a .widget-label inside the same widget box.
      const box = e.closest('$boxes');
      const label = box && [...box.querySelectorAll(':scope > .widget-label')]
          .find(l => visible(l) && text(l));
      if (label) { name = text(label); how = 'description label'; }
    }
    // Can a pointer reach it? Scroll it into view and ask what sits on its centre.
    e.scrollIntoView({block: 'center', inline: 'center'});
    const r = e.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const reachable = !!hit && (hit === e || e.contains(hit)
        || [...(e.labels || [])].some(l => l === hit || l.contains(hit)));
    const view = e.closest('.jupyter-widgets, [class*="widget-"]');
    return {
      name, how, reachable, cell_index: cellIndex(e),
      control: e.tagName.toLowerCase() + (e.getAttribute('role') ? '[role=' + e.getAttribute('role') + ']' : '')
               + (e.tagName === 'INPUT' ? '[type=' + e.type + ']' : ''),
      widget: view ? [...view.classList].filter(c => c.startsWith('widget-')).join(' ') : '',
      html: e.outerHTML.slice(0, 160),
    };
  });
}""", cell_index=_CELL_INDEX_JS, in_widget=_IN_WIDGET_JS, text=_TEXT_JS, boxes=WIDGET_BOXES)

# Elements that count as the text alternative of a figure when they sit beside it.
TEXT_ALTERNATIVE_CSS = ('details, figcaption, [class*="text-alternative"], [class*="alt-text"], '
                        '[aria-label*="text alternative" i], [aria-label*="description" i]')

# Text alternative of every image, by the rules of test_accessibility.py.
_IMAGE_ALTERNATIVES_JS = _js("""(root) => {
  const cellIndex = $cell_index;
  const text = $text;
  const imgs = [...root.querySelectorAll('img')];
  return imgs.map(img => {
    let how = '';
    if (text({textContent: img.getAttribute('alt') || ''})) how = 'alt';
    else if (text({textContent: img.getAttribute('aria-label') || ''})) how = 'aria-label';
    else {
      const ids = (img.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
      if (ids.some(id => text(document.getElementById(id)))) how = 'aria-describedby';
    }
    if (!how) {
      // beside it = in the same cell's outputs: climb to the outermost output area around the image
      let area = img.closest('.jp-OutputArea');
      while (area && area.parentElement && area.parentElement.closest('.jp-OutputArea')) {
        area = area.parentElement.closest('.jp-OutputArea');
      }
      const alt = area && [...area.querySelectorAll('$alt_css')].find(e => text(e).length >= 20);
      if (alt) how = 'adjacent <' + alt.tagName.toLowerCase() + '>';
    }
    return {how, cell_index: cellIndex(img), src: (img.src || '').slice(0, 60)};
  });
}""", cell_index=_CELL_INDEX_JS, text=_TEXT_JS, alt_css=TEXT_ALTERNATIVE_CSS)


# --------------------------------------------------------------------------------------------
# Chromium
# --------------------------------------------------------------------------------------------

def chromium_path() -> str:
    """The Chromium binary the tests drive: $CHROMIUM, else Debian's /usr/bin/chromium."""
    return os.environ.get("CHROMIUM", "/usr/bin/chromium")


def expect(target):
    """Playwright's expect(), imported on use so that the tests collect (and skip) without Playwright."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def launch_chromium(playwright):
    """Launch headless Chromium from chromium_path() (never a Playwright-downloaded browser)."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)


def screenshot(page, name: str, full_page: bool = False) -> Path:
    """Save a PNG of the page to artifacts/browser/<name>.png (git-ignored) and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# --------------------------------------------------------------------------------------------
# Servers
# --------------------------------------------------------------------------------------------

def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _http(method: str, url: str, token: str = "", body=None, timeout: float = 10):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if token:
        req.add_header("Authorization", f"token {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        raw = resp.read()
    return json.loads(raw) if raw.strip() else None


def _wait_until_up(proc, url: str, log_path: Path, what: str, timeout: float = 90,
                   any_answer: bool = False) -> None:
    """Wait until url answers 200 (or answers at all, with any_answer) while proc is alive."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with code {proc.returncode}; its log ends:\n"
                               + log_path.read_text(errors="replace")[-3000:])
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except urllib.error.HTTPError:
            if any_answer:
                return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"{what} did not answer {url} within {timeout:.0f} s; its log ends:\n"
                       + log_path.read_text(errors="replace")[-3000:])


def _stop(proc) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _root_flag() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def isolated_env(workdir: Path, journal_dir: Path) -> dict:
    """Environment for a Jupyter server whose config, data, runtime and IPython dirs are private."""
    env = dict(os.environ)
    for var, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")]:
        (workdir / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(workdir / sub)
    env["BISHKEK_JOURNAL_DIR"] = str(journal_dir)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    # Kernels must draw as in a learner's JupyterLab: ipykernel picks the inline backend itself
    # unless MPLBACKEND says otherwise (the test-wide conftest sets it to Agg for nbval).
    for var in ("MPLBACKEND", "JUPYTER_PATH"):
        env.pop(var, None)
    return env


@dataclass
class LabServer:
    """A running JupyterLab: where it listens, its token, and the folder it serves."""

    proc: subprocess.Popen
    base_url: str
    token: str
    root: Path
    journal_dir: Path
    log_path: Path

    def api(self, method: str, path: str, body=None):
        """Call the Jupyter REST API (path like "api/sessions")."""
        return _http(method, f"{self.base_url}/{path}", self.token, body)

    def add_file(self, source: Path, rel_path: str) -> str:
        """Copy a file into the served folder (e.g. a scratch notebook); return rel_path."""
        target = self.root / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        return rel_path

    def shutdown_kernels(self, rel_path: str | None = None) -> int:
        """Delete the sessions (and their kernels) of rel_path, or all of them; return how many."""
        sessions = self.api("GET", "api/sessions") or []
        gone = 0
        for s in sessions:
            if rel_path is None or s.get("path") == rel_path:
                self.api("DELETE", f"api/sessions/{s['id']}")
                gone += 1
        return gone

    def stop(self) -> None:
        try:
            self.shutdown_kernels()
        except (urllib.error.URLError, OSError):
            pass
        _stop(self.proc)


def start_lab(notebooks_src: Path, workdir: Path) -> LabServer:
    """Start JupyterLab from this Python (sys.executable) on 127.0.0.1 serving a copy of notebooks_src.

    The copy lives in workdir/root, so nothing the browser does reaches the repository; journal
    files go to workdir/journal through BISHKEK_JOURNAL_DIR, which the kernels inherit.
    """
    root, journal = workdir / "root", workdir / "journal"
    shutil.copytree(notebooks_src, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "journal"))
    journal.mkdir(parents=True, exist_ok=True)
    settings = workdir / "lab-settings"
    for plugin, values in LAB_SETTINGS.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = isolated_env(workdir, journal)
    token = secrets.token_hex(16)
    log_path = workdir / "lab.log"
    last_error = None
    for _ in range(3):  # the free port can be taken between free_port() and the bind: try again
        port = free_port()
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root}", "--ServerApp.terminals_enabled=False",
               f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={workdir / 'workspaces'}",
               "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", *_root_flag()]
        with open(log_path, "w") as log:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(proc, f"{base}/api/status?token={token}", log_path, "jupyter lab")
            return LabServer(proc, base, token, root, journal, log_path)
        except RuntimeError as exc:
            last_error = exc
            _stop(proc)
    raise RuntimeError(f"could not start jupyter lab: {last_error}")


@dataclass
class VoilaServer:
    """A running Voila serving one notebook."""

    proc: subprocess.Popen
    url: str
    log_path: Path

    def stop(self) -> None:
        _stop(self.proc)


def start_voila(notebook: Path, workdir: Path) -> VoilaServer:
    """Start Voila from this Python on 127.0.0.1 serving one notebook (a copy in workdir)."""
    root = workdir / "root"
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(notebook, root / notebook.name)
    journal = workdir / "journal"
    journal.mkdir(exist_ok=True)
    env = isolated_env(workdir, journal)
    log_path = workdir / "voila.log"
    last_error = None
    for _ in range(3):
        port = free_port()
        cmd = [sys.executable, "-m", "voila", "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
               "--Voila.port_retries=0", "--show_tracebacks=True", str(root / notebook.name)]
        with open(log_path, "w") as log:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
        url = f"http://127.0.0.1:{port}/"
        try:
            # any HTTP answer will do: requesting the page itself would start a kernel
            _wait_until_up(proc, f"{url}voila/static/", log_path, "voila", any_answer=True)
            return VoilaServer(proc, url, log_path)
        except RuntimeError as exc:
            last_error = exc
            _stop(proc)
    raise RuntimeError(f"could not start voila: {last_error}")


# --------------------------------------------------------------------------------------------
# A notebook in JupyterLab
# --------------------------------------------------------------------------------------------

def open_lab(context, server: LabServer, timeout_s: float = 90):
    """Load JupyterLab (a fresh workspace: ?reset) in a new page of `context`; return the page.

    One such page serves a whole test session: notebooks are opened and closed in it one after
    the other, as a learner works through the course (loading JupyterLab itself takes ~4 s).
    """
    page = context.new_page()
    page.goto(f"{server.base_url}/lab?reset&token={server.token}", timeout=timeout_s * 1000)
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=timeout_s * 1000)
    page.evaluate("async () => { await window.jupyterapp.restored; }")
    return page


def open_notebook(page, rel_path: str, timeout_s: float = 90) -> None:
    """Open rel_path (relative to the server's folder) in JupyterLab and wait for an idle kernel."""
    page.keyboard.press("Escape")  # a dialog left open by an earlier failure would block the menus
    page.evaluate("async (path) => { await window.jupyterapp.commands.execute("
                  "'docmanager:open', {path, factory: 'Notebook'}); }", rel_path)
    page.wait_for_function(_js("(path) => { const w = $panel; return !!(w && w.context && w.context.path === path"
                               " && w.content); }", panel=_PANEL_JS), arg=rel_path, timeout=timeout_s * 1000)
    wait_kernel_idle(page, timeout_s)


def wait_kernel_idle(page, timeout_s: float = 90) -> None:
    """Wait until the status bar shows "<kernel> | Idle" (a kernel is connected and idle)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(_KERNEL_IDLE_JS):
        # a notebook whose kernelspec this server lacks makes JupyterLab ask; accept its default
        dialog = page.locator(".jp-Dialog:has-text('Select Kernel') .jp-mod-accept")
        if dialog.count():
            dialog.first.click()
        if time.monotonic() > deadline:
            raise TimeoutError(f"the kernel was not idle within {timeout_s:.0f} s")
        page.wait_for_timeout(200)


def cell_states(page) -> list[dict]:
    """One dict per code cell: source, execution count, prompt text ("[3]:", "[*]:", "[ ]:")."""
    return page.evaluate(_CELL_STATES_JS) or []


def _has_started(states: list[dict]) -> bool:
    return any("*" in s["prompt"] or s["count"] is not None for s in states)


def _any_pending(states: list[dict]) -> bool:
    # Run All marks every cell "[*]" at once; after an error JupyterLab un-queues the rest.
    return any("*" in s["prompt"] for s in states)


def run_all(page, attempts: int = 3) -> None:
    """Clear outputs, then Run > Run All Cells from the menu; retry when no cell got queued."""
    # Cleared prompts make "a cell got queued" visible even when the notebook ran before.
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    deadline = time.monotonic() + 10
    while any(s["count"] is not None for s in cell_states(page)) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    for _ in range(attempts):
        page.click(".lm-MenuBar-itemLabel:text-is('Run')")
        page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if _has_started(cell_states(page)):
                return
            page.wait_for_timeout(100)
        wait_kernel_idle(page)
    raise TimeoutError(f"Run All did not start any cell after {attempts} attempts")


def wait_all_done(page, timeout_s: float = 180) -> None:
    """Wait until no code cell is queued or running any more, then for an idle kernel.

    Cells that never ran (after an error, Run All stops) are not waited for: notebook_report()
    lists them as unexecuted.
    """
    deadline = time.monotonic() + timeout_s
    while _any_pending(cell_states(page)):
        if time.monotonic() > deadline:
            pending = [i for i, s in enumerate(cell_states(page)) if "*" in s["prompt"]]
            raise TimeoutError(f"code cells {pending} still queued or running after {timeout_s:.0f} s")
        page.wait_for_timeout(100)
    wait_kernel_idle(page, timeout_s=60)


def run_all_and_wait(page, timeout_s: float = 180) -> float:
    """Run All and wait for the last cell; return the seconds from Run All to the last cell done."""
    start = time.monotonic()
    run_all(page)
    wait_all_done(page, timeout_s)
    return time.monotonic() - start


def settle_widgets(scope, timeout_s: float = 15) -> None:
    """Wait (up to timeout_s) until no widget output still says "Loading widget..."."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if scope.evaluate(_RENDERED_JS)["widget_loading"] == 0:
            return
        time.sleep(0.2)


@dataclass
class NotebookReport:
    """What the kernel sent (the notebook model) against what the page shows (the DOM) after a run."""

    cells: int = 0
    unexecuted: list[int] = field(default_factory=list)
    model_errors: list[str] = field(default_factory=list)
    model_widget_outputs: int = 0
    model_image_outputs: int = 0
    stderr_dom: list[str] = field(default_factory=list)
    widget_error_texts: list[str] = field(default_factory=list)
    widget_loading: int = 0
    widget_outputs_dom: int = 0
    widget_outputs_rendered: int = 0
    images_dom: int = 0
    image_outputs_rendered: int = 0
    images_not_loaded: list[str] = field(default_factory=list)
    kernel_errors: list[str] = field(default_factory=list)
    controls: list[dict] = field(default_factory=list)
    image_alternatives: list[dict] = field(default_factory=list)
    axe: list[dict] = field(default_factory=list)
    run_all_s: float | None = None

    def problems(self) -> list[str]:
        """Everything wrong with the run, as sentences; empty when the notebook is fine."""
        out = []
        if self.unexecuted:
            out.append(f"code cells never executed: {self.unexecuted}")
        out += [f"error output: {e}" for e in self.model_errors]
        if len(self.stderr_dom) > len(self.model_errors):  # e.g. tracebacks inside an Output widget
            out += [f"error output on the page: {e}" for e in self.stderr_dom]
        if len(self.kernel_errors) > len(self.model_errors):  # e.g. an exception in a widget callback
            out += [f"the kernel reported: {e}" for e in self.kernel_errors]
        out += [f"widget failed to render: {e}" for e in self.widget_error_texts]
        if self.widget_loading:
            out.append(f"{self.widget_loading} widget output(s) stuck at '{WIDGET_LOADING_TEXT}'")
        if self.widget_outputs_dom != self.model_widget_outputs:
            out.append(f"the kernel displayed {self.model_widget_outputs} widget(s) but the page has "
                       f"{self.widget_outputs_dom} widget output(s)")
        elif self.widget_outputs_rendered != self.model_widget_outputs:
            out.append(f"the kernel displayed {self.model_widget_outputs} widget(s) but only "
                       f"{self.widget_outputs_rendered} rendered")
        if self.image_outputs_rendered != self.model_image_outputs:
            out.append(f"the kernel sent {self.model_image_outputs} image output(s) but "
                       f"{self.image_outputs_rendered} show a loaded image")
        if self.images_not_loaded:
            out.append(f"image(s) did not load: {self.images_not_loaded}")
        return out


def _summarise_model_outputs(per_cell: list[list[dict]]) -> tuple[list[str], int, int]:
    """Error/stderr outputs, widget displays and image outputs in the cells' outputs (nbformat dicts)."""
    errors, widgets, images = [], 0, 0
    for index, outputs in enumerate(per_cell):
        for out in outputs:
            kind = out.get("output_type")
            if kind == "error":
                errors.append(f"code cell {index}: {out.get('ename')}: {out.get('evalue')}")
            elif kind == "stream" and out.get("name") == "stderr":
                text = out.get("text")
                text = "".join(text) if isinstance(text, list) else text
                errors.append(f"code cell {index} wrote to stderr: {text.strip()[:400]}")
            data = out.get("data") or {}
            widgets += WIDGET_MIME in data
            images += any(m in data for m in IMAGE_MIMES) and not any(m in data for m in RICHER_MIMES)
    return errors, widgets, images


def notebook_panel(page):
    """The notebook shown in the page (a locator)."""
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").first


def notebook_report(page, run_all_s: float | None = None) -> NotebookReport:
    """Compare what the kernel sent with what JupyterLab rendered in the current notebook."""
    panel = notebook_panel(page)
    settle_widgets(panel)
    states = cell_states(page)
    errors, widgets, images = _summarise_model_outputs(page.evaluate(_MODEL_OUTPUTS_JS))
    renderers = page.evaluate(_LAB_RENDERERS_JS)
    views = [r for r in renderers if r["mime"] == WIDGET_MIME]
    image_outputs = [r for r in renderers if r["mime"].startswith("image/") and r["image_loaded"]]
    dom = panel.evaluate(_RENDERED_JS)
    return NotebookReport(
        cells=len(states),
        unexecuted=[i for i, s in enumerate(states) if s["source"].strip() and s["count"] is None],
        model_errors=errors, model_widget_outputs=widgets, model_image_outputs=images,
        stderr_dom=dom["stderr"], widget_error_texts=dom["widget_error_texts"],
        widget_loading=dom["widget_loading"], widget_outputs_dom=len(views),
        widget_outputs_rendered=sum(v["rendered"] for v in views), images_dom=dom["images_dom"],
        image_outputs_rendered=len(image_outputs),
        images_not_loaded=dom["images_not_loaded"], kernel_errors=kernel_errors(page),
        controls=control_names(panel), image_alternatives=image_alternatives(panel), run_all_s=run_all_s,
    )


def page_report(scope) -> dict:
    """Error outputs, widget error texts and images inside a locator (used for Voila pages)."""
    settle_widgets(scope)
    return scope.evaluate(_RENDERED_JS)


_DISPOSE_JS = """(path) => {
  for (const w of [...window.jupyterapp.shell.widgets('main')]) {
    if (w.context && (path === null || w.context.path === path)) w.dispose();
  }
}"""


def close_notebook(page, server: LabServer, rel_path: str | None = None) -> None:
    """Close the notebook's tab (unsaved: the served files stay as they were) and shut its kernel down.

    With rel_path None, every open document and every kernel.
    """
    page.evaluate(_DISPOSE_JS, rel_path)
    server.shutdown_kernels(rel_path)


def check_notebook(page, server: LabServer, rel_path: str, screenshot_name: str | None = None,
                   timeout_s: float = 180) -> NotebookReport:
    """Open rel_path, wait for an idle kernel, Run All, wait for the last cell and report.

    The whole learner path in one call: the tab is closed and the kernel shut down afterwards,
    and a screenshot of the whole notebook is saved when screenshot_name is given. The report
    also lists every widget control's accessible name and every image's text alternative.
    """
    open_notebook(page, rel_path)
    try:
        watch_kernel_errors(page)
        seconds = run_all_and_wait(page, timeout_s)
        RUN_TIMES[rel_path] = seconds
        report = notebook_report(page, seconds)
        report.axe = run_axe(page, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output")
        if screenshot_name:
            screenshot_notebook(page, screenshot_name)
        return report
    finally:
        close_notebook(page, server, rel_path)


def screenshot_notebook(page, name: str, max_height: int = 12000) -> Path:
    """Screenshot the whole notebook: make the window as tall as the notebook, then shoot."""
    size = page.viewport_size
    height = page.evaluate("""() => {
        const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
        return nb ? nb.scrollHeight : 0; }""")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(height + 200, max_height))})
    page.wait_for_timeout(300)
    try:
        return screenshot(page, name)
    finally:
        page.set_viewport_size(size)


def restart_kernel(page, timeout_s: float = 60) -> None:
    """Kernel > Restart Kernel..., confirm the dialog, and wait until the new kernel is idle."""
    page.click(".lm-MenuBar-itemLabel:text-is('Kernel')")
    page.click(".lm-Menu-itemLabel:text-is('Restart Kernel…')")
    page.locator(".jp-Dialog .jp-mod-accept").click()
    page.locator(".jp-Dialog").wait_for(state="detached", timeout=timeout_s * 1000)
    page.wait_for_timeout(500)  # the status bar passes through "Restarting" before "Idle"
    wait_kernel_idle(page, timeout_s)


# --------------------------------------------------------------------------------------------
# The Voila app
# --------------------------------------------------------------------------------------------

# Voila sends each cell output as JSON in the page (what the kernel displayed), then renders it.
_VOILA_OUTPUT_RE = re.compile(
    r'<script type="application/vnd\.voila\.cell-output\+json">\s*(.*?)\s*</script>', re.S)

# Top-level outputs without a data-mime-type are widget renderers (the others all carry one).
_VOILA_WIDGET_OUTPUTS_JS = """(root) => [...root.querySelectorAll(
    '.jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output:not([data-mime-type])')]
  .map(o => ({rendered: o.firstElementChild !== null, text: (o.textContent || '').trim().slice(0, 200)}))"""


_VOILA_IMAGE_OUTPUTS_JS = """(root) => [...root.querySelectorAll(
    '.jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output[data-mime-type^="image/"] img')]
  .filter(i => i.complete && i.naturalWidth > 0).length"""


def open_voila(context, server: VoilaServer, timeout_s: float = 120):
    """Open the Voila app, wait until every cell ran and every widget rendered; return (page, report)."""
    page = context.new_page()
    response = page.goto(server.url, timeout=timeout_s * 1000)  # the page streams until all cells ran
    outputs = [json.loads(block) for block in _VOILA_OUTPUT_RE.findall(response.text())]
    errors, widgets, images = _summarise_model_outputs([outputs])
    page.wait_for_selector("#rendered_cells", state="visible", timeout=timeout_s * 1000)
    body = page.locator("body")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:  # until every widget output holds a view or an error text
        views = body.evaluate(_VOILA_WIDGET_OUTPUTS_JS)
        if len(views) >= widgets and all(v["rendered"] or v["text"].startswith(WIDGET_ERROR_TEXTS)
                                         for v in views):
            break
        page.wait_for_timeout(200)
    dom = page_report(body)
    views = body.evaluate(_VOILA_WIDGET_OUTPUTS_JS)
    image_outputs = body.evaluate(_VOILA_IMAGE_OUTPUTS_JS)
    report = NotebookReport(
        model_errors=errors, model_widget_outputs=widgets, model_image_outputs=images,
        stderr_dom=dom["stderr"], widget_error_texts=dom["widget_error_texts"],
        widget_loading=dom["widget_loading"], widget_outputs_dom=len(views),
        widget_outputs_rendered=sum(v["rendered"] for v in views), images_dom=dom["images_dom"],
        image_outputs_rendered=image_outputs, images_not_loaded=dom["images_not_loaded"],
        controls=control_names(body), image_alternatives=image_alternatives(body))
    report.axe = run_axe(page, "#rendered_cells")
    return page, report


# --------------------------------------------------------------------------------------------
# axe-core (WCAG 2.1 A and AA rules) over the module's own content
# --------------------------------------------------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = ("serious", "critical")
# (rule id, CSS class the node must carry): violations left out, each with its reason. Only markup
# the module cannot change is excluded; everything the module writes is checked.
AXE_EXCLUSIONS = {
    ("aria-input-field-name", "noUi-handle"):
        "the handle inside ipywidgets' own slider (noUiSlider markup drawn by the ipywidgets front end): "
        "the widget API has no way to label it. Every slider the module shows has a visible description "
        "label and a value readout beside the handle, and the keyboard moves it.",
}


def _excluded(rule: str, html: str) -> bool:
    classes = re.search(r'class="([^"]*)"', html)
    names = classes.group(1).split() if classes else []
    return any(rule == excluded_rule and css in names for excluded_rule, css in AXE_EXCLUSIONS)


def run_axe(page, include: str) -> list[dict]:
    """axe-core's serious and critical violations inside the elements matching `include`, each as
    {id, impact, help, nodes: [html]}, with AXE_EXCLUSIONS left out. Empty when there is nothing to check."""
    from axe_playwright_python.sync_playwright import Axe

    if page.locator(include).count() == 0:
        return []
    result = Axe().run(page, context={"include": [[include]]},
                       options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    found = []
    for violation in result.response["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        nodes = [node["html"][:160] for node in violation["nodes"] if not _excluded(violation["id"], node["html"])]
        if nodes:
            found.append({"id": violation["id"], "impact": violation["impact"], "help": violation["help"],
                          "nodes": nodes})
    return found


def axe_problems(violations: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']}: {len(v['nodes'])} node(s), e.g. {v['nodes'][0]}"
            for v in violations]


# --------------------------------------------------------------------------------------------
# Widgets, found the way a learner finds them: by their visible label
# --------------------------------------------------------------------------------------------

def _exactly(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def inner(scope, css: str):
    """A locator for `css` usable inside filter(has=...) under any scope (page or locator)."""
    return getattr(scope, "page", scope).locator(css)  # a Locator knows its page; a Page is one


def widget_by_label(scope, label: str, kind: str = ""):
    """The ipywidgets control box inside scope whose visible description label reads `label` (exactly).

    kind narrows it to one widget class, e.g. "widget-slider", "widget-textarea", "widget-dropdown".
    """
    label_css = ":scope > .widget-label, :scope > .widget-label-basic"
    boxes = scope.locator(WIDGET_BOXES).filter(has=inner(scope, label_css).filter(has_text=_exactly(label)))
    return boxes.and_(inner(scope, f".{kind}")) if kind else boxes


def button_by_text(scope, text: str):
    """A widget button (ipywidgets Button or ToggleButtons) whose visible text is `text` (exactly)."""
    return scope.locator("button.jupyter-button").filter(has_text=_exactly(text))


def press_slider(slider_box, key: str = "ArrowRight", times: int = 1) -> None:
    """Move a slider from the keyboard, as a keyboard user would: focus its handle, press a key."""
    handle = slider_box.locator(".noUi-handle").first
    handle.focus()
    for _ in range(times):
        handle.press(key)


def slider_readout(slider_box) -> str:
    """The text the slider shows next to it (its current value as the learner reads it)."""
    return slider_box.locator(".widget-readout").first.inner_text().strip()


def image_sources(scope) -> list[str]:
    """The src of every image inside scope (data URLs for figures)."""
    return scope.locator("img").evaluate_all("imgs => imgs.map(i => i.src)")


def wait_for_image_change(scope, before: list[str], timeout_s: float = 20) -> list[str]:
    """Wait until the images inside scope differ from `before` and are all loaded; return the new srcs."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        now = image_sources(scope)
        if now and now != before and all(scope.locator("img").evaluate_all(
                "imgs => imgs.map(i => i.complete && i.naturalWidth > 0)")):
            return now
        time.sleep(0.2)
    raise AssertionError(f"no figure changed within {timeout_s:.0f} s ({len(before)} image(s) before)")


def control_names(scope) -> list[dict]:
    """Every visible widget control inside scope: its accessible name, where that came from, and
    whether a pointer can reach it (nothing else covers its centre)."""
    return scope.evaluate(_CONTROL_NAMES_JS)


def image_alternatives(scope) -> list[dict]:
    """Every image inside scope with how it is described ("alt", "adjacent <details>", ...) or ""."""
    return scope.evaluate(_IMAGE_ALTERNATIVES_JS)


_WATCH_KERNEL_JS = _js("""() => {
  const panel = $panel;
  if (panel.__bhErrors) return;
  panel.__bhErrors = [];
  panel.sessionContext.iopubMessage.connect((_, msg) => {
    const t = msg.header.msg_type, c = msg.content;
    if (t === 'error') panel.__bhErrors.push(c.ename + ': ' + c.evalue);
    if (t === 'stream' && c.name === 'stderr') panel.__bhErrors.push(String(c.text).slice(0, 600));
  });
}""", panel=_PANEL_JS)


def watch_kernel_errors(page) -> None:
    """Start recording every error and stderr message the notebook's kernel sends (survives restarts).

    Errors raised in widget callbacks reach JupyterLab's log console, not a cell: this catches them.
    """
    page.evaluate(_WATCH_KERNEL_JS)


# Harmless kernel messages: JupyterLab's widget manager probes every new kernel through the
# "jupyter.widget.control" comm target, which a kernel that has not imported ipywidgets yet does
# not know; and after a restart, views of the old kernel's widgets may still message their comms.
KERNEL_NOISE = re.compile(r"^No such comm target registered: jupyter\.widget\.control|^No such comm: [0-9a-f-]+$")


def kernel_errors(page) -> list[str]:
    """Error and stderr messages of the current notebook's kernel since watch_kernel_errors(page),
    minus KERNEL_NOISE."""
    recorded = page.evaluate(_js("() => ($panel || {}).__bhErrors || []", panel=_PANEL_JS))
    return [m for m in recorded if not KERNEL_NOISE.match(m.strip())]


def wait_for_kernel_errors(page, timeout_s: float = 10) -> list[str]:
    """Wait up to timeout_s for the kernel to report an error; return what it reported (maybe [])."""
    deadline = time.monotonic() + timeout_s
    while not kernel_errors(page) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    return kernel_errors(page)


def write_notebook(path: Path, code_cells: list[str], title: str = "Scratch notebook") -> Path:
    """Write a small notebook (a title cell, then code cells) with the python3 kernelspec."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}")]
    nb.cells += [nbformat.v4.new_code_cell(src) for src in code_cells]
    nbformat.write(nb, str(path))
    return path
