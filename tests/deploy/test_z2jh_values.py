"""The Zero to JupyterHub values: they parse, the memory numbers follow from the measured figures
recorded in deploy/README.md, and kernel culling is the same on the hub as on Binder."""

import json
import math
import re
from pathlib import Path

import pytest
import yaml
from traitlets.config.loader import JSONFileConfigLoader

ROOT = Path(__file__).resolve().parents[2]
VALUES = ROOT / "deploy" / "z2jh-values.yaml"
README = ROOT / "deploy" / "README.md"
BINDER_CONFIG = ROOT / ".jupyter" / "jupyter_server_config.json"  # Binder's home is the repository
HUB_CONFIG_PATH = "/etc/jupyter/jupyter_server_config.json"
# KubeSpawner (the chart's spawner) reads K/M/G/T as powers of 1024; the benchmarks report MiB.
UNITS = {"K": 1 / 1024, "M": 1, "G": 1024, "T": 1024 * 1024}


def values() -> dict:
    return yaml.safe_load(VALUES.read_text(encoding="utf-8"))


def recorded_figures() -> dict[str, float]:
    """The `name: value` block under the measured-figures marker in deploy/README.md."""
    match = re.search(r"<!-- measured-figures[^>]*-->\s*```text\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert match, "deploy/README.md has no measured-figures block"
    return {name: float(value) for name, value in re.findall(r"^(\w+): ([\d.]+)$", match.group(1), re.M)}


def mib(quantity: str) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT])", str(quantity))
    assert match, f"memory {quantity!r}: write a number and K, M, G or T (KubeSpawner's units)"
    return float(match.group(1)) * UNITS[match.group(2)]


def round_up(value: float, step: int) -> int:
    return math.ceil(value / step) * step


def test_values_file_parses_and_names_the_image_lab_and_culling():
    single = values()["singleuser"]
    assert single["image"]["name"] and single["image"]["tag"] not in ("", "latest")
    assert single["defaultUrl"] == "/lab"
    assert values()["cull"]["enabled"] is True


def test_the_recorded_figures_are_all_there_and_plausible():
    figures = recorded_figures()
    assert set(figures) >= {"server_peak_mb", "max_kernel_peak_mb", "course_kernels_mb", "dashboard_kernel_mb"}
    course = json.loads((ROOT / "notebooks" / "course.json").read_text(encoding="utf-8"))
    largest = figures["max_kernel_peak_mb"]
    assert largest <= figures["course_kernels_mb"] <= len(course) * largest  # one kernel per course notebook
    assert figures["dashboard_kernel_mb"] <= largest


@pytest.mark.parametrize("quantity, expected", [("320M", 320), ("1G", 1024), ("1.25G", 1280), ("512K", 0.5)])
def test_memory_quantities_are_read_in_kubespawner_units(quantity, expected):
    assert mib(quantity) == expected


def test_memory_guarantee_is_server_plus_the_largest_kernel_rounded_up_to_64_mib():
    figures, memory = recorded_figures(), values()["singleuser"]["memory"]
    need = figures["server_peak_mb"] + figures["max_kernel_peak_mb"]
    assert mib(memory["guarantee"]) == round_up(need, 64) >= need


def test_memory_limit_is_server_plus_every_kernel_rounded_up_to_256_mib():
    figures, memory = recorded_figures(), values()["singleuser"]["memory"]
    need = figures["server_peak_mb"] + figures["course_kernels_mb"] + figures["dashboard_kernel_mb"]
    assert mib(memory["limit"]) == round_up(need, 256) >= need
    assert mib(memory["limit"]) > mib(memory["guarantee"])


def hub_culling_file() -> dict:
    files = [f for f in values()["singleuser"]["extraFiles"].values() if f["mountPath"] == HUB_CONFIG_PATH]
    assert len(files) == 1, f"one singleuser.extraFiles entry must write {HUB_CONFIG_PATH}"
    return files[0]["data"]


def test_binder_and_the_hub_cull_kernels_with_the_same_settings():
    binder = json.loads(BINDER_CONFIG.read_text(encoding="utf-8"))
    assert binder == hub_culling_file()


def test_jupyter_reads_the_binder_file_as_server_config_and_every_setting_is_a_real_option():
    from jupyter_server.serverapp import ServerApp
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager
    from jupyter_server_terminals.terminalmanager import TerminalManager

    assert f"{ServerApp().config_file_name}.json" == BINDER_CONFIG.name
    config = JSONFileConfigLoader(BINDER_CONFIG.name, path=str(BINDER_CONFIG.parent)).load_config()
    for cls in (MappingKernelManager, TerminalManager):
        section = config[cls.__name__]
        assert section, f"{cls.__name__} missing from {BINDER_CONFIG}"
        unknown = set(section) - set(cls.class_trait_names(config=True))
        assert not unknown, f"{cls.__name__} has no option {unknown}"
    manager = MappingKernelManager(config=config)
    assert manager.cull_idle_timeout == config.MappingKernelManager.cull_idle_timeout > 0


def test_culling_never_takes_an_open_notebook_or_a_running_cell():
    kernels = hub_culling_file()["MappingKernelManager"]
    # an open notebook tab keeps its kernel (and so its widgets) however long the learner reads or writes
    assert kernels["cull_connected"] is False and kernels["cull_busy"] is False
    assert 1800 <= kernels["cull_idle_timeout"] <= 3600, "the stated policy: 30 to 60 minutes idle"
    assert kernels["cull_interval"] < kernels["cull_idle_timeout"]


def test_the_journal_is_on_disk_long_before_anything_is_culled():
    from helpers import journal

    kernels, cull = hub_culling_file()["MappingKernelManager"], values()["cull"]
    assert journal.DEFAULT_DELAY + journal.MAX_WAIT < kernels["cull_idle_timeout"] / 100
    # the whole server is stopped no sooner than an idle kernel would be
    assert cull["timeout"] >= kernels["cull_idle_timeout"] and cull["users"] is False


def test_the_hub_image_can_pull_the_course():
    """nbgitpuller is in the image (environment.yml) at the version the load test ran with."""
    env_pins = [d for d in yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"] if isinstance(d, dict)]
    hub_pins = (ROOT / "deploy" / "requirements-hub.txt").read_text().split()
    pinned = [p for p in env_pins[0]["pip"] if p.startswith("nbgitpuller==")]
    assert pinned and pinned[0] in hub_pins
