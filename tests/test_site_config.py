"""The static edition's inputs: vendored widget JavaScript unchanged, a table of contents derived
from notebooks/course.json (the one notebook list), and a configuration that needs no CDN."""

import importlib.util
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vendored_files_match_their_manifest():
    vendor = load("vendor_widget_js")
    recorded = [line for line in vendor.MANIFEST.read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#")]
    assert recorded == vendor.manifest_lines(), "site/widget_js changed: run tools/vendor_widget_js.py"


def test_table_of_contents_lists_every_course_notebook_in_order():
    from helpers import notebooks

    toc = load("make_site").toc()
    english = [chapter["file"] for chapter in toc["parts"][0]["chapters"]]
    assert english == [f"notebooks/{entry['file'].removesuffix('.ipynb')}" for entry in notebooks()]
    for part in toc["parts"]:
        for chapter in part["chapters"]:
            assert any((ROOT / chapter["file"]).with_suffix(s).is_file() for s in (".ipynb", ".md")), chapter


def test_widget_javascript_is_local_and_loaded_in_order():
    config = yaml.safe_load((ROOT / "site" / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]
    scripts = list(config["nb_ipywidgets_js"])
    assert scripts == ["require-config.js", "require.js", "embed-amd.js"]  # the config must precede require.js
    static = [ROOT / folder for folder in config["html_static_path"]]
    for script in scripts:
        assert any((folder / script).is_file() for folder in static), script
        assert "://" not in script


def test_every_instructor_page_of_every_language_is_in_the_site():
    toc = load("make_site").toc()
    files = {chapter["file"] for part in toc["parts"] for chapter in part["chapters"]}
    kit = [p for folder in (ROOT / "instructors", ROOT / "instructors" / "es") for p in sorted(folder.glob("*.md"))]
    assert kit, "no instructor pages found"
    missing = [p.relative_to(ROOT).as_posix() for p in kit if str(p.relative_to(ROOT).with_suffix("")) not in files]
    assert not missing, f"not in the site: {missing}"
