"""The static edition (`make site`): built from the repository with no network, every page opened
in headless Chromium with every request outside the local server blocked.

Checks, for every page: 0 failed requests, 0 console errors, every embedded widget view rendered
(no "Error displaying widget"), every image loaded with alt text; the local link check passes; axe-core
(WCAG 2.1 A/AA rules) reports no serious or critical violation.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from browser_harness import VIEWPORT, axe_problems, run_axe  # noqa: E402

spec = importlib.util.spec_from_file_location("make_site", ROOT / "tools" / "make_site.py")
make_site = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_site)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site, built afresh into a temporary folder (nothing cached from an earlier build)."""
    if shutil.which("jupyter-book", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("jupyter-book is not installed (pip install -r requirements-dev.txt)")
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "make_site.py"), "--output", str(out)],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "_build" / "html"


@pytest.fixture(scope="session")
def site_url(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                  if "_static" not in p.parts and p.name not in ("genindex.html", "search.html"))


@pytest.fixture(scope="session")
def visits(browser, site, site_url) -> dict[str, dict]:
    """Every page opened once, offline: what failed, what was logged, what rendered, what axe found."""
    context = browser.new_context(viewport=VIEWPORT)
    outside: list[str] = []

    def route(route_):
        if route_.request.url.startswith(site_url):
            route_.continue_()
        else:
            outside.append(route_.request.url)
            route_.abort()

    context.route("**/*", route)
    found = {}
    for name in pages(site):
        page = context.new_page()
        failed, errors = [], []
        page.on("requestfailed", lambda request, failed=failed: failed.append(request.url))
        page.on("response", lambda response, failed=failed: response.status >= 400 and failed.append(response.url))
        page.on("console", lambda message, errors=errors: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        page.goto(f"{site_url}/{name}", wait_until="networkidle")
        expected = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
        if expected:
            page.wait_for_function(
                "n => document.querySelectorAll('.jupyter-widgets.widget-container, .jupyter-widgets.widget-inline-hbox,"
                " .jupyter-widgets.widget-html, .jupyter-widgets.widget-image, .jupyter-widgets').length >= n",
                arg=expected, timeout=30000)
        page.wait_for_timeout(300)
        rendered = page.evaluate("""() => {
            const views = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')];
            return views.map(s => { const box = s.parentElement;
                return box.querySelector('.jupyter-widgets') !== null && !/Error displaying widget/.test(box.innerText); });
        }""")
        images = page.evaluate("""() => [...document.querySelectorAll('img')].filter(i => i.offsetParent !== null)
            .map(i => ({src: i.src.slice(0, 60), ok: i.complete && i.naturalWidth > 0,
                         alt: i.getAttribute('alt') || i.getAttribute('title') || i.getAttribute('aria-label')}))""")
        failed, errors = list(failed), list(errors)  # what the page itself did, before axe runs
        # axe fetches stylesheets again to read them (resolving CSS @import against the page, not the
        # sheet): those requests are axe's own and are left out above
        violations = run_axe(page, "body")
        found[name] = {"failed": failed, "errors": errors, "widgets": expected, "rendered": rendered,
                       "images": images, "axe": violations, "text": page.inner_text("body")}
        page.close()
    context.close()
    found["__outside__"] = {"requests": outside}
    report = Path(os.environ.get("SITE_REPORT", "")) if os.environ.get("SITE_REPORT") else None
    if report:
        report.write_text(json.dumps({k: {**v, "text": ""} for k, v in found.items()}, indent=1))
    return found


def test_every_course_notebook_is_a_page(site):
    for entry in make_site.toc()["parts"][0]["chapters"]:
        assert (site / f"{entry['file']}.html").is_file(), entry


def test_local_links_and_images_resolve(site):
    assert make_site.check_links(site) == []


def test_no_request_leaves_the_machine(visits):
    assert visits["__outside__"]["requests"] == []


@pytest.mark.parametrize("name", ["failed", "errors"])
def test_no_failed_request_and_no_console_error_on_any_page(visits, name):
    bad = {page: v[name] for page, v in visits.items() if page != "__outside__" and v[name]}
    assert bad == {}


def test_every_widget_renders_from_its_embedded_state(visits):
    with_widgets = {page: v for page, v in visits.items() if page != "__outside__" and v["widgets"]}
    assert len(with_widgets) >= 5, "the notebooks' widgets should be embedded in their pages"
    for page, v in with_widgets.items():
        assert v["rendered"] and all(v["rendered"]), f"{page}: {v['rendered'].count(False)} widget(s) not rendered"


def test_every_image_loads_and_has_alt_text(visits):
    for page, v in visits.items():
        for image in v.get("images", []):
            assert image["ok"], f"{page}: image did not load: {image['src']}"
            assert image["alt"], f"{page}: image without a text alternative (alt, title or aria-label): {image['src']}"


def test_axe_finds_no_serious_or_critical_violation(visits):
    found = {page: axe_problems(v["axe"]) for page, v in visits.items() if page != "__outside__"}
    assert {page: v for page, v in found.items() if v} == {}
