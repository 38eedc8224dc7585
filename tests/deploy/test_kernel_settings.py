"""JupyterLab's visual debugger is switched off for the course: the kernel starts without its
engine, debugpy (.ipython/profile_default/ipython_kernel_config.py: less memory) and still runs the
course, and JupyterLab shows none of its buttons (.jupyter/labconfig/page_config.json). Binder reads
both from the repository (its home folder); the hub's copies in deploy/z2jh-values.yaml are the same.

Also the dependency pin that keeps rfc3987-syntax (a parser every Jupyter server would load at
start) out of the environment."""

import importlib.metadata
import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from jupyter_client.manager import start_new_kernel
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / ".ipython" / "profile_default" / "ipython_kernel_config.py"
HUB_PATH = "/etc/ipython/ipython_kernel_config.py"
PAGE_CONFIG = ROOT / ".jupyter" / "labconfig" / "page_config.json"
HUB_PAGE_CONFIG = "/etc/jupyter/labconfig/page_config.json"
DEBUGGER_EXTENSION = "@jupyterlab/debugger-extension"
# the modules of the debugger's engine that are loaded (a module set to None is blocked, not loaded)
PROBE = "__import__('json').dumps([m for m in ('debugpy', 'pydevd') if __import__('sys').modules.get(m)])"


def kernel_in_home(home: Path):
    """A kernel started as Binder starts one: HOME is the folder, no IPYTHONDIR set."""
    env = {k: v for k, v in os.environ.items() if k != "IPYTHONDIR"}
    env["HOME"] = str(home)
    return start_new_kernel(kernel_name="python3", cwd=str(ROOT / "notebooks"), env=env, startup_timeout=60)


def run(client, code: str) -> dict:
    reply = client.execute_interactive(code, user_expressions={"probe": PROBE}, timeout=60,
                                       output_hook=lambda msg: None)
    assert reply["content"]["status"] == "ok", reply["content"]
    return reply["content"]


@pytest.fixture(scope="module")
def kernels(tmp_path_factory):
    """Two kernels: one with a home holding the course's .ipython folder (as on Binder), one without."""
    started = {}
    for name in ("course", "plain"):
        home = tmp_path_factory.mktemp(f"home-{name}")
        if name == "course":
            shutil.copytree(ROOT / ".ipython", home / ".ipython")
        started[name] = kernel_in_home(home)
    yield {name: client for name, (_, client) in started.items()}
    for manager, client in started.values():
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def loaded(content: dict) -> list[str]:
    import json
    return json.loads(content["user_expressions"]["probe"]["data"]["text/plain"].strip("'"))


def test_the_course_kernel_starts_without_debugpy(kernels):
    assert loaded(run(kernels["course"], "pass")) == []


def test_without_the_settings_the_same_kernel_loads_debugpy(kernels):
    # the control: the settings file is what makes the difference
    assert "debugpy" in loaded(run(kernels["plain"], "pass"))


def test_the_course_still_runs_in_the_kernel_without_debugpy(kernels):
    content = run(kernels["course"], "import helpers\nds = helpers.load_dataset()\n"
                                     "helpers.network_explorer(ds, day='1994-05-05', window='day')")
    assert loaded(content) == []


def hub_file(mount_path: str) -> dict:
    values = yaml.safe_load((ROOT / "deploy" / "z2jh-values.yaml").read_text(encoding="utf-8"))
    files = [f for f in values["singleuser"]["extraFiles"].values() if f["mountPath"] == mount_path]
    assert len(files) == 1, f"one singleuser.extraFiles entry must write {mount_path}"
    return files[0]


def test_the_hub_gets_the_same_kernel_settings_where_ipython_reads_them():
    from IPython.core.application import SYSTEM_CONFIG_DIRS

    assert hub_file(HUB_PATH)["stringData"] == SETTINGS.read_text(encoding="utf-8")
    assert str(Path(HUB_PATH).parent) in SYSTEM_CONFIG_DIRS


def page_config_seen_from(config_dir: Path) -> dict:
    """The page settings JupyterLab would use with this Jupyter config folder (in a fresh process)."""
    import json
    import subprocess

    code = ("import json; from jupyterlab_server.config import get_page_config; "
            "print(json.dumps(get_page_config([])))")
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(config_dir), JUPYTER_CONFIG_PATH="")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout)


def test_jupyterlab_hides_the_debugger_with_the_course_settings_and_only_then(tmp_path):
    assert DEBUGGER_EXTENSION in page_config_seen_from(ROOT / ".jupyter").get("disabledExtensions", [])
    assert DEBUGGER_EXTENSION not in page_config_seen_from(tmp_path).get("disabledExtensions", [])


def test_the_hub_gets_the_same_page_settings_in_a_folder_jupyterlab_reads():
    import json

    from jupyter_core.paths import SYSTEM_CONFIG_PATH

    assert hub_file(HUB_PAGE_CONFIG)["data"] == json.loads(PAGE_CONFIG.read_text(encoding="utf-8"))
    assert str(Path(HUB_PAGE_CONFIG).parents[1]) in SYSTEM_CONFIG_PATH


def test_the_settings_file_is_not_ignored_by_git_but_kernel_history_is():
    import subprocess

    def ignored(path: str) -> bool:
        return subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0

    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    assert not ignored(str(SETTINGS.relative_to(ROOT)))
    assert ignored(".ipython/profile_default/history.sqlite")


def test_the_pinned_jsonschema_does_not_bring_rfc3987_syntax():
    # Jupyter's event system asks for jsonschema[format-nongpl]; from 4.25 on that extra adds
    # rfc3987-syntax, whose grammar every Jupyter server then builds at start (about 22 MB)
    requirements = [Requirement(r) for r in importlib.metadata.requires("jsonschema") or []]
    nongpl = [r.name for r in requirements if r.marker and r.marker.evaluate({"extra": "format-nongpl"})]
    assert nongpl, "jsonschema no longer has a format-nongpl extra: check the pin in environment.yml"
    assert "rfc3987-syntax" not in nongpl


def test_with_the_pinned_jsonschema_a_jupyter_server_skips_rfc3987_syntax():
    import subprocess

    code = "import jupyter_server.serverapp, jupyterlab, sys; print('rfc3987_syntax' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "False"
