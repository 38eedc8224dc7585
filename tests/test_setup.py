"""The set-up has one pinned dependency list, and the README's two commands are the real ones."""

import importlib.util
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def env_to_requirements():
    spec = importlib.util.spec_from_file_location("env_to_requirements", ROOT / "tools" / "env_to_requirements.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pip_section():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    return next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))


def test_pip_route_reads_the_same_list_as_conda_and_binder():
    """The stdlib-only reader used by `make` must agree with a real YAML parser."""
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert env_to_requirements().pip_requirements(text) == pip_section()


def test_reader_stops_at_the_end_of_the_pip_list():
    text = "dependencies:\n  - pip\n  - pip:\n      - a==1  # note\n      - -e .\n  - other=2\nname: x\n"
    assert env_to_requirements().pip_requirements(text) == ["a==1", "-e ."]


def test_package_dependencies_are_pinned_in_environment_yml():
    pins = {re.split("==", r)[0].lower(): r for r in pip_section() if "==" in r}
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")  # tomllib needs 3.11; we support 3.10
    deps = re.findall(r'"([^"]+)"', re.search(r"^dependencies = \[(.*?)\]", pyproject, re.M | re.S).group(1))
    assert deps
    for name in deps:
        assert name.lower() in pins, f"{name} is a dependency of helpers but not pinned in environment.yml"


def test_dev_requirements_are_pinned_and_not_duplicated():
    dev = [line.strip() for line in (ROOT / "requirements-dev.txt").read_text().splitlines()
           if line.strip() and not line.startswith("#")]
    assert all("==" in line for line in dev)
    runtime = {r.split("==")[0].lower() for r in pip_section()}
    assert not runtime & {d.split("==")[0].lower() for d in dev}


def test_readme_quick_start_and_ci_use_the_same_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make lab" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M), ".ci/run must run the README's test command as written"


def test_readme_lists_and_launches_every_notebook():
    from helpers import notebooks

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for entry in notebooks():
        assert f"(notebooks/{entry['file']})" in readme, entry["file"]
        assert f"urlpath=lab/tree/notebooks/{entry['file']})" in readme, f"no Binder link for {entry['file']}"
        assert f"| {entry['minutes']} |" in readme


def test_pip_itself_is_pinned_for_both_routes():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda_pip = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("pip="))
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert env_to_requirements().conda_pin(text, "pip") == conda_pip.split("=", 1)[1]
    assert "--pin pip" in (ROOT / "Makefile").read_text(encoding="utf-8"), "the venv must get the pinned pip"


def test_latest_route_unpins_everything_but_the_stated_caps():
    module = env_to_requirements()
    latest = module.unpinned(["pandas==2.3.3", "jupyter-book==1.0.4.post1", "-e ."])
    assert latest == ["pandas", "jupyter-book<2", "-e ."]
    assert set(module.LATEST_CAPS) <= {line.split("==")[0] for line in
                                       (ROOT / "requirements-dev.txt").read_text().splitlines() if "==" in line}
