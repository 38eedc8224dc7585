"""Build the static, read-only edition of the course (`make site`) and check its links.

The table of contents is written from notebooks/course.json (the one notebook list), with one part
per language edition that exists (notebooks/ for English, notebooks/<lang>/ for the others) and
the instructor kit when instructors/ exists. Jupyter Book 1 executes every notebook, embeds the
widgets' state and loads the vendored widget JavaScript (site/widget_js), so the pages need no
network. Output: build/site/_build/html/index.html.

    python tools/make_site.py            # build, then check every local link and image
    python tools/make_site.py --check    # only check an existing build
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "site"
# pages the notebooks link to besides each edition's seminar dashboard: the codebook, the content licence
REFERENCE = ["data/README", "LICENSE-CONTENT"]
LANG_TITLES = {"en": "Course (English)", "es": "Curso (español)"}
# the instructor kit, each language's folder (the Spanish one once it exists)
KIT_TITLES = {ROOT / "instructors": "For lecturers", ROOT / "instructors" / "es": "Para docentes (español)"}


def editions() -> dict[str, Path]:
    """Language code -> folder of that edition's notebooks (English first)."""
    found = {"en": ROOT / "notebooks"}
    for folder in sorted((ROOT / "notebooks").iterdir()):
        if folder.is_dir() and folder.name in LANG_TITLES and any(folder.glob("*.ipynb")):
            found[folder.name] = folder
    return found


def toc() -> dict:
    course = json.loads((ROOT / "notebooks" / "course.json").read_text(encoding="utf-8"))
    parts = []
    for lang, folder in editions().items():
        chapters = [{"file": str((folder / entry["file"]).relative_to(ROOT).with_suffix(""))}
                    for entry in course if (folder / entry["file"]).exists()]
        parts.append({"caption": LANG_TITLES[lang], "chapters": chapters})
    dashboards = [str((folder / "app_dashboard").relative_to(ROOT)) for folder in editions().values()]
    parts.append({"caption": "Reference", "chapters": [
        {"file": name} for name in dashboards + REFERENCE if (ROOT / name).with_suffix(".md").exists()
        or (ROOT / name).with_suffix(".ipynb").exists()]})
    for folder, caption in KIT_TITLES.items():
        kit = sorted(folder.glob("*.md")) if folder.is_dir() else []
        if kit:
            parts.append({"caption": caption, "chapters": [
                {"file": str(path.relative_to(ROOT).with_suffix(""))} for path in kit]})
    return {"format": "jb-book", "root": "site/index", "parts": parts}


def write_toc(out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "_toc.yml"
    path.write_text(json.dumps(toc(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")  # JSON is YAML
    return path


def build(out: Path = OUT) -> Path:
    """Build the site into `out`; return the folder of its HTML pages."""
    toc_file = write_toc(out)
    env = dict(os.environ, BISHKEK_JOURNAL_DIR=tempfile.mkdtemp(prefix="site-journal-"), MPLBACKEND="Agg")
    command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT),
               "--config", str(ROOT / "site" / "_config.yml"), "--toc", str(toc_file),
               "--path-output", str(out), "--all", "-W", "--keep-going", "-q"]
    subprocess.run(command, check=True, env=env, cwd=ROOT)
    html = out / "_build" / "html"
    for page in html.rglob("*.html"):
        drop_repeated_inline_scripts(page)
    return html


def drop_repeated_inline_scripts(page: Path) -> None:
    """Jupyter Book 1 sets up sphinx-thebe and sphinx-togglebutton twice, so each page declares
    `const THEBE_JS_URL` twice and the browser logs an error; keep the first of identical lines."""
    seen, kept = set(), []
    for line in page.read_text(encoding="utf-8").splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("<script>") and stripped.endswith("</script>"):
            if stripped in seen:
                continue
            seen.add(stripped)
        kept.append(line)
    page.write_text("".join(kept), encoding="utf-8")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.targets.append((tag, attrs[name]))


def check_links(html_dir: Path) -> list[str]:
    """Every local link, script, stylesheet and image of every page resolves to a file (and anchor)."""
    problems, pages = [], {}
    for page in sorted(p for p in html_dir.rglob("*.html") if "_static" not in p.parts):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        pages[page] = parser
    for page, parser in pages.items():
        for tag, target in parser.targets:
            parts = urlsplit(target)
            if parts.scheme == "data":
                continue
            if parts.scheme or parts.netloc:
                if parts.scheme not in ("http", "https", "mailto") or tag != "a":
                    problems.append(f"{page.relative_to(html_dir)}: <{tag}> needs the network: {target[:80]}")
                continue
            file = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if file.is_dir():
                file = file / "index.html"
            if not file.exists():
                problems.append(f"{page.relative_to(html_dir)}: broken link {target}")
            elif parts.fragment and file.suffix == ".html" and file in pages and parts.fragment not in pages[file].ids:
                problems.append(f"{page.relative_to(html_dir)}: no anchor #{parts.fragment} in {target}")
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the links of an existing build")
    parser.add_argument("--output", type=Path, default=OUT, help="build folder (default build/site)")
    args = parser.parse_args(argv)
    html = args.output / "_build" / "html" if args.check else build(args.output)
    problems = check_links(html)
    for problem in problems:
        print(problem)
    pages = len([p for p in html.rglob("*.html") if "_static" not in p.parts])
    print(f"site: {html / 'index.html'} ({pages} pages, {len(problems)} link problems)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
