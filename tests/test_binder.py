"""Binder readiness: environment.yml alone builds the module, pinned, with no JupyterLab rebuild.

Binder (repo2docker) cannot run here, so this checks what its rules depend on:
- environment.yml is valid YAML and every dependency pins an exact version (Python by
  major.minor), so a Binder build next year installs what the tests ran against;
- its pip section installs the helpers package (`-e .`);
- nothing asks for a JupyterLab build (no postBuild, no `jupyter lab build`), and no binder/
  folder or Dockerfile takes over from environment.yml;
- ipywidgets and jupyterlab_widgets are pinned to versions made for each other (their skew is the
  classic cause of "Error displaying widget");
- the environment running these tests has exactly the pinned versions, with the widget front end
  JupyterLab loads coming from the pinned jupyterlab_widgets: the browser tests ran against the
  same set that Binder builds.
"""

import importlib.metadata as metadata
import re
import sys
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
ENV_FILE = ROOT / "environment.yml"
# Where repo2docker looks for configuration: binder/ or .binder/ wins over the root when present.
CONFIG_DIRS = [ROOT, ROOT / "binder", ROOT / ".binder"]
BUILD_STEPS = re.compile(r"jupyter\s+(lab\s+build|labextension\s+(install|link))|jlpm|npm\s+(install|run)")


def environment() -> dict:
    return yaml.safe_load(ENV_FILE.read_text(encoding="utf-8"))


def conda_dependencies() -> list[str]:
    return [d for d in environment()["dependencies"] if isinstance(d, str)]


def pip_dependencies() -> list[str]:
    sections = [d["pip"] for d in environment()["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(sections) == 1, "environment.yml should have exactly one pip: section"
    return sections[0]


def pip_pins() -> dict[str, str]:
    """Canonical package name -> pinned version, for every `name==version` in the pip section."""
    pins = {}
    for line in pip_dependencies():
        if line.startswith("-"):
            continue
        req = Requirement(line)
        versions = [s.version for s in req.specifier if s.operator == "=="]
        if versions:
            pins[canonicalize_name(req.name)] = versions[0]
    return pins


def test_environment_file_parses():
    env = environment()
    assert isinstance(env, dict) and env.get("dependencies"), "environment.yml has no dependencies"
    assert env.get("channels"), "environment.yml names no channel (conda-forge)"


def test_every_conda_dependency_pins_a_version():
    for dep in conda_dependencies():
        name, _, version = re.split(r"(==?)", dep, maxsplit=1) if "=" in dep else (dep, "", "")
        if name.strip() == "python":
            assert re.fullmatch(r"3\.\d+(\.\d+)?", version.strip()), f"pin Python by major.minor: {dep!r}"
        else:
            assert re.fullmatch(r"\d+(\.\d+)+", version.strip()), f"conda dependency without an exact version: {dep!r}"


def test_every_pip_dependency_pins_an_exact_version():
    for line in pip_dependencies():
        if line.startswith("-"):
            assert line == "-e .", f"unexpected pip option in environment.yml: {line!r}"
            continue
        req = Requirement(line)
        ops = [s.operator for s in req.specifier]
        assert ops == ["=="] and "*" not in str(req.specifier), f"pin an exact version: {line!r}"


def test_pip_section_installs_the_helpers_package():
    assert "-e ." in pip_dependencies()


def test_no_jupyterlab_build_step_and_nothing_overrides_environment_yml():
    for folder in CONFIG_DIRS:
        assert not (folder / "postBuild").exists(), f"{folder / 'postBuild'}: Binder must not need a build step"
        start = folder / "start"
        if start.exists():
            assert not BUILD_STEPS.search(start.read_text(errors="replace")), f"{start} builds JupyterLab"
    assert not BUILD_STEPS.search(ENV_FILE.read_text(encoding="utf-8"))
    assert not (ROOT / "Dockerfile").exists(), "a Dockerfile makes Binder ignore environment.yml"
    for folder in CONFIG_DIRS[1:]:
        assert not folder.exists(), f"{folder.name}/ would make Binder ignore the root environment.yml"


def test_ipywidgets_and_jupyterlab_widgets_are_pinned_to_matching_versions():
    pins = pip_pins()
    widgets, lab_widgets = pins.get("ipywidgets"), pins.get("jupyterlab-widgets")
    assert widgets and lab_widgets, "pin both ipywidgets and jupyterlab-widgets in environment.yml"
    # ipywidgets 8 goes with jupyterlab_widgets 3 (7 went with 1): 8.1.x with 3.0.x
    assert widgets.startswith("8.1.") and lab_widgets.startswith("3.0."), (widgets, lab_widgets)
    # and with the exact range this ipywidgets release declares for its JupyterLab front end
    wanted = [Requirement(r) for r in metadata.requires("ipywidgets") or []]
    wanted = [r for r in wanted if canonicalize_name(r.name) == "jupyterlab-widgets"]
    assert wanted and metadata.version("ipywidgets") == widgets, "ipywidgets is not installed at its pin"
    assert SpecifierSet(str(wanted[0].specifier)).contains(lab_widgets), (
        f"ipywidgets {widgets} asks for jupyterlab_widgets{wanted[0].specifier}, pinned {lab_widgets}")


@pytest.mark.parametrize("name", sorted(pip_pins()))
def test_installed_version_is_the_pinned_one(name):
    assert metadata.version(name) == pip_pins()[name], (
        f"{name} {metadata.version(name)} is installed but environment.yml pins {pip_pins()[name]}: "
        "run `make test` to re-install the pinned set")


def test_helpers_is_installed_editable_from_this_checkout():
    import helpers

    assert Path(helpers.__file__).resolve().is_relative_to(ROOT / "src"), helpers.__file__


def test_jupyterlab_loads_the_widget_front_end_of_the_pinned_jupyterlab_widgets():
    """A stray older copy of the widget extension earlier on Jupyter's path would shadow the pin."""
    from jupyter_core.paths import jupyter_path

    manifest = Path("@jupyter-widgets") / "jupyterlab-manager" / "package.json"
    found = [Path(d) / manifest for d in jupyter_path("labextensions") if (Path(d) / manifest).exists()]
    assert found, "no @jupyter-widgets/jupyterlab-manager extension installed"
    shipped = [metadata.distribution("jupyterlab_widgets").locate_file(f) for f in
               metadata.files("jupyterlab_widgets") or [] if str(f).endswith(str(manifest))]
    assert shipped and found[0].resolve() == Path(shipped[0]).resolve(), (
        f"JupyterLab would load {found[0]}, not the copy shipped by jupyterlab_widgets "
        f"{metadata.version('jupyterlab_widgets')} ({shipped}); running Python: {sys.executable}")
