"""The class load test's pure parts: percentiles, learner cap, the nbgitpuller call, figures, hub config."""

import importlib.util
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[2]


def load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = load("bench_class", ROOT / "benchmarks" / "bench_class.py")
links = load("nbgitpuller_link", ROOT / "deploy" / "nbgitpuller_link.py")


@pytest.mark.parametrize("values, expected", [([4.0], 4.0), ([3.0, 1.0, 2.0], 3.0),
                                              (list(range(1, 101)), 95), (list(range(1, 21)), 19),
                                              ([1.0] * 19 + [60.0], 1.0)])
def test_p95_is_a_measured_value_by_nearest_rank(values, expected):
    assert bench.p95(values) == expected


def test_p95_of_nothing_is_an_error():
    with pytest.raises(ValueError, match="no values"):
        bench.p95([])


def test_learners_are_capped_and_named_uniquely():
    assert bench.learner_count(10) == 10
    assert bench.learner_count(500) == bench.MAX_LEARNERS == 30
    with pytest.raises(ValueError, match="at least 1"):
        bench.learner_count(0)
    names = bench.learner_names(12)
    assert len(set(names)) == 12 and names[0] == "learner01" and names == sorted(names)


def test_the_pull_uses_the_generated_links_query_on_the_learners_server():
    link = links.nbgitpuller_link("http://127.0.0.1:8000", "file:///tmp/x/bishkek-protocol.git", "03_signing.ipynb")
    api = bench.pull_api_url(link, "http://127.0.0.1:8000/user/learner01/")
    parts = urlsplit(api)
    assert (parts.scheme, parts.netloc, parts.path) == ("http", "127.0.0.1:8000", "/user/learner01/git-pull/api")
    assert parse_qs(parts.query) == parse_qs(urlsplit(link).query)
    assert parse_qs(parts.query)["targetpath"] == ["bishkek-protocol"]
    assert bench.opened_path(link) == "bishkek-protocol/notebooks/03_signing.ipynb"


def test_a_link_that_is_not_an_nbgitpuller_hub_link_is_refused():
    with pytest.raises(ValueError, match="not an nbgitpuller"):
        bench.pull_api_url("https://hub.example.edu/hub/login", "http://127.0.0.1:1/user/a")
    with pytest.raises(ValueError, match="not a JupyterLab link"):
        bench.opened_path(links.nbgitpuller_link("https://hub.example.edu", "https://e.org/c.git", app="voila"))


def test_the_pull_event_stream_is_read_to_its_end():
    finished = 'data: {"output": "Cloning into ...", "phase": "syncing"}\n\ndata: {"phase": "finished"}\n\n'
    assert bench.pull_finished(finished)[0] is True
    failed = ('data: {"output": "x", "phase": "syncing"}\n\n'
              'data: {"phase": "error", "message": "Repository not found", "output": "Traceback ..."}\n\n')
    assert bench.pull_finished(failed) == (False, "Repository not found")
    assert bench.pull_finished('data: {"output": "half", "phase": "syncing"}\n\n') == (False, "half")


def test_peak_memory_is_read_from_vmhwm_in_mb():
    status = "Name:\tpython\nVmPeak:\t  900000 kB\nVmHWM:\t  153600 kB\nVmRSS:\t  100000 kB\n"
    assert bench.vmhwm_mb(status) == 150
    with pytest.raises(ValueError):
        bench.vmhwm_mb("Name:\tpython\n")
    assert bench.vmhwm_mb(Path("/proc/self/status").read_text()) > 1


def test_a_learner_holds_the_server_plus_one_kernel_or_plus_all_kernels():
    assert bench.learner_memory(100.0, [50.0, 150.0, 80.0]) == {"one_open": 250.0, "all_open": 380.0}
    assert bench.learner_memory(100.0, []) == {"one_open": 100.0, "all_open": 100.0}


def test_the_hub_listens_on_loopback_only(tmp_path):
    ports = {"hub": 18000, "hub_api": 18081, "proxy_api": 18001}
    text = bench.hub_config(tmp_path, ports, Path("/x/chp"), Path("/x/jupyterhub-singleuser"), "t0ken")
    c = Config()
    exec(compile(text, "jupyterhub_config.py", "exec"), {"get_config": lambda: c})
    assert urlsplit(c.JupyterHub.bind_url).hostname == "127.0.0.1" and c.JupyterHub.hub_ip == "127.0.0.1"
    assert urlsplit(c.ConfigurableHTTPProxy.api_url).hostname == "127.0.0.1"
    assert c.JupyterHub.authenticator_class == "dummy" and c.JupyterHub.spawner_class == "simple"
    assert c.SimpleLocalProcessSpawner.home_dir_template.startswith(str(tmp_path))
    assert c.JupyterHub.db_url.startswith(f"sqlite:///{tmp_path}") and c.Spawner.default_url == "/lab"
    assert c.JupyterHub.cleanup_servers is True and c.Spawner.cmd == ["/x/jupyterhub-singleuser"]


def test_report_prints_every_figure_the_brief_names_once():
    figures = {"learners": 10, "errors": 0, "all_done_s": 60.0, "p95_notebook_s": 9.0,
               "single_learner_p95_notebook_s": 4.5, "server_started_mb": 100.0, "server_pulled_mb": 110.0,
               "server_peak_mb": 140.0, "kernel_peak_mb": 160.0, "peak_mb_per_learner": 300.0,
               "all_kernels_mb": 760.0, "all_kernels_open_mb_per_learner": 900.0, "hub_peak_mb": 120.0,
               "proxy_peak_mb": 60.0}
    lines = dict(line.split(": ") for line in bench.report(figures))
    for name in ("learners", "errors", "all_done_s", "p95_notebook_s", "single_learner_p95_notebook_s",
                 "p95_ratio", "peak_mb_per_learner", "hub_peak_mb"):
        assert name in lines
    assert lines["p95_ratio"] == "2.00" and lines["peak_mb_per_learner"] == "300"


def test_the_hub_requirements_are_pinned_exactly():
    lines = [line for line in (ROOT / "deploy" / "requirements-hub.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    names = {line.split("==")[0] for line in lines}
    assert {"jupyterhub", "nbgitpuller"} <= names
    assert all(line.count("==") == 1 for line in lines), lines
