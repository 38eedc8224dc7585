"""A whole class on one JupyterHub: N learners log in, pull the course with nbgitpuller and run it.

Starts a local JupyterHub on 127.0.0.1 only (dummy authenticator, SimpleLocalProcessSpawner,
configurable-http-proxy from npm), with the course served from a local bare git repository that
holds the current commit (HEAD) as branch `main`. First ONE learner works alone (the same-run
baseline), then N learners at once. Each learner:

  1. logs in through the hub's login form (dummy authenticator, shared password);
  2. gets a single-user server (spawned through the hub's REST API);
  3. pulls the course with nbgitpuller, through the very link deploy/nbgitpuller_link.py makes
     (its query sent to the server's /git-pull/api, as the page behind the link does);
  4. runs every notebook of notebooks/course.json in a fresh kernel over the kernel websocket
     (benchmarks/jupyter_client_util.run_cells), closing each kernel before the next notebook.

Prints one `name: value` line per figure:

  learners                       learners in the class run (default 10, at most 30)
  errors                         failed logins, spawns, pulls, notebook runs and failed cells (goal 0)
  all_done_s                     from the class's first login to the last learner's last notebook
  p95_notebook_s                 95th percentile of one notebook's run time, whole class at once
  single_learner_p95_notebook_s  the same for one learner alone, measured first in this run
  p95_ratio                      p95_notebook_s / single_learner_p95_notebook_s (goal <= 3)
  server_peak_mb                 largest single-user server peak (VmHWM) over the learners
  server_started_mb / server_pulled_mb  the same peak just after start and just after the pull
                                 (what the server costs before any notebook runs)
  kernel_peak_mb                 largest kernel peak (ru_maxrss) over learners and notebooks
  peak_mb_per_learner            per learner: server peak + its largest kernel peak (one notebook
                                 open at a time, as here), maximum over learners (goal <= 250)
  all_kernels_mb                 per learner: all its notebooks' kernel peaks added up, maximum over learners
  all_kernels_open_mb_per_learner  per learner: server peak + all its kernel peaks (a learner who
                                 never closes a notebook), maximum over learners
  hub_peak_mb / proxy_peak_mb    peak resident memory of the hub and of the proxy

Everything it needs is installed outside the learners' .venv: build/hub-venv (a venv with
deploy/requirements-hub.txt plus the course's own pins from environment.yml and the course itself)
and build/chp (configurable-http-proxy from npm). The script creates both on first use and then
re-runs itself with build/hub-venv's Python. Hub state, homes and the bare repository live in a
temporary folder removed at the end; every wait is bounded (--timeout for the whole run) and the
hub, proxy and servers are stopped on success, on error and on Ctrl-C.

    make bench-class                                  # or: python3 benchmarks/bench_class.py
    python3 benchmarks/bench_class.py --learners 20 --timeout 1200
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
HUB_VENV = BUILD / "hub-venv"
PROXY_DIR = BUILD / "chp"
HUB_REQUIREMENTS = ROOT / "deploy" / "requirements-hub.txt"
PROXY_PACKAGE = "configurable-http-proxy@5.3.0"
MAX_LEARNERS = 30
PASSWORD = "seminar"
REPO_NAME = "bishkek-protocol.git"  # served as a hub would see it (the .git suffix is the usual case)


# ---------------------------------------------------------------- pure helpers (tested in tests/deploy)

def p95(values: list[float]) -> float:
    """95th percentile by the nearest-rank method (a value that was really measured)."""
    if not values:
        raise ValueError("no values to take a percentile of")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def learner_count(requested: int) -> int:
    """The number of learners to simulate: at least 1, at most MAX_LEARNERS."""
    if requested < 1:
        raise ValueError(f"--learners must be at least 1 (got {requested})")
    return min(requested, MAX_LEARNERS)


def learner_names(count: int) -> list[str]:
    return [f"learner{i:02d}" for i in range(1, count + 1)]


def pull_api_url(link: str, server_base: str) -> str:
    """The nbgitpuller API call a learner's browser makes after following `link`.

    `link` is a hub link (`.../hub/user-redirect/git-pull?repo=...`); the hub redirects it to the
    learner's server (`/user/<name>/git-pull?...`), whose page then streams the pull from
    `/user/<name>/git-pull/api` with the same query. `server_base` is `http://host:port/user/<name>`.
    """
    parts = urlsplit(link)
    if not parts.path.endswith("/hub/user-redirect/git-pull"):
        raise ValueError(f"not an nbgitpuller hub link: {link!r}")
    base = urlsplit(server_base.rstrip("/"))
    return urlunsplit((base.scheme, base.netloc, base.path + "/git-pull/api", parts.query, ""))


def opened_path(link: str) -> str:
    """The file a JupyterLab link opens, relative to the learner's home folder (from its urlpath)."""
    from urllib.parse import parse_qs, unquote

    urlpath = parse_qs(urlsplit(link).query).get("urlpath", [""])[0]
    if not urlpath.startswith("lab/tree/"):
        raise ValueError(f"not a JupyterLab link: {link!r}")
    return unquote(urlpath[len("lab/tree/"):])


def pull_finished(event_stream: str) -> tuple[bool, str]:
    """Read nbgitpuller's server-sent events: (finished?, the last message, for error reports)."""
    last = ""
    for line in event_stream.splitlines():
        if not line.startswith("data:"):
            continue
        try:
            event = json.loads(line[len("data:"):])
        except json.JSONDecodeError:
            continue
        if event.get("phase") == "finished":
            return True, event.get("output", "")
        last = event.get("message") or event.get("output") or last
        if event.get("phase") == "error":
            return False, last
    return False, last or event_stream[-200:]


def vmhwm_mb(status_text: str) -> float:
    """Peak resident memory (VmHWM) in MB from the text of /proc/<pid>/status."""
    for line in status_text.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise ValueError("no VmHWM line in the process status")


def learner_memory(server_mb: float, kernel_mbs: list[float]) -> dict[str, float]:
    """What one learner holds: with one notebook open at a time, and with every notebook left open."""
    return {"one_open": server_mb + max(kernel_mbs, default=0.0), "all_open": server_mb + sum(kernel_mbs)}


def hub_config(work: Path, ports: dict[str, int], proxy: Path, singleuser: Path, service_token: str) -> str:
    """jupyterhub_config.py for the local class: loopback only, dummy login, local processes."""
    values = {
        "JupyterHub.bind_url": f"http://127.0.0.1:{ports['hub']}",
        "JupyterHub.hub_ip": "127.0.0.1",
        "JupyterHub.hub_port": ports["hub_api"],
        "ConfigurableHTTPProxy.api_url": f"http://127.0.0.1:{ports['proxy_api']}",
        "ConfigurableHTTPProxy.command": [str(proxy)],
        "JupyterHub.authenticator_class": "dummy",
        "DummyAuthenticator.password": PASSWORD,
        "Authenticator.allow_all": True,
        "JupyterHub.spawner_class": "simple",
        "SimpleLocalProcessSpawner.home_dir_template": str(work / "homes" / "{username}"),
        "Spawner.cmd": [str(singleuser)],
        "Spawner.args": ["--allow-root"] if os.geteuid() == 0 else [],
        "Spawner.default_url": "/lab",
        "Spawner.start_timeout": 120,
        "Spawner.http_timeout": 120,
        "JupyterHub.db_url": f"sqlite:///{work / 'hub' / 'jupyterhub.sqlite'}",
        "JupyterHub.cookie_secret_file": str(work / "hub" / "cookie_secret"),
        "JupyterHub.pid_file": str(work / "hub" / "jupyterhub.pid"),
        "JupyterHub.cleanup_servers": True,
        "JupyterHub.cleanup_proxy": True,
        "JupyterHub.concurrent_spawn_limit": 0,
        "JupyterHub.services": [{"name": "bench", "api_token": service_token}],
        "JupyterHub.load_roles": [{"name": "bench", "services": ["bench"],
                                   "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"]}],
    }
    lines = ["# written by benchmarks/bench_class.py for one run; removed afterwards", "c = get_config()  # noqa"]
    lines += [f"c.{key} = {value!r}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- set-up outside the learners' .venv

def requirements_stamp() -> str:
    env_pins = subprocess.run([sys.executable, str(ROOT / "tools" / "env_to_requirements.py"),
                               str(ROOT / "environment.yml")], check=True, capture_output=True, text=True).stdout
    return hashlib.sha256((HUB_REQUIREMENTS.read_text() + env_pins).encode()).hexdigest()


def ensure_hub_venv() -> Path:
    """build/hub-venv: the hub's packages + the course's pins + the course (re-made when they change)."""
    python, stamp_file = HUB_VENV / "bin" / "python", HUB_VENV / ".bench-class-stamp"
    stamp = requirements_stamp()
    if python.exists() and stamp_file.exists() and stamp_file.read_text() == stamp:
        return python
    print(f"setting up {HUB_VENV.relative_to(ROOT)} (about a minute) ...", file=sys.stderr)
    shutil.rmtree(HUB_VENV, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(HUB_VENV)], check=True, timeout=300)
    pip_pin = subprocess.run([sys.executable, str(ROOT / "tools" / "env_to_requirements.py"), "--pin", "pip",
                              str(ROOT / "environment.yml")], check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", f"pip=={pip_pin}"], check=True, timeout=600)
    requirements = HUB_VENV / "requirements-course.txt"
    course = subprocess.run([sys.executable, str(ROOT / "tools" / "env_to_requirements.py"),
                             str(ROOT / "environment.yml")], check=True, capture_output=True, text=True).stdout
    requirements.write_text(course)
    # `-e .` in the course list is relative to the folder pip runs in: the repository root
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r", str(HUB_REQUIREMENTS), "-r", str(requirements)],
                   check=True, timeout=900, cwd=ROOT)
    stamp_file.write_text(stamp)
    return python


def ensure_proxy() -> Path:
    """build/chp: configurable-http-proxy from npm, installed into that folder only (not globally)."""
    command = PROXY_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
    stamp_file = PROXY_DIR / ".bench-class-stamp"
    if command.exists() and stamp_file.exists() and stamp_file.read_text() == PROXY_PACKAGE:
        return command
    if not shutil.which("npm"):
        raise SystemExit("npm is needed for configurable-http-proxy (Debian: apt-get install -y npm)")
    PROXY_DIR.mkdir(parents=True, exist_ok=True)
    print(f"installing {PROXY_PACKAGE} into {PROXY_DIR.relative_to(ROOT)} ...", file=sys.stderr)
    subprocess.run(["npm", "install", "--no-save", "--no-fund", "--no-audit", "--prefix", str(PROXY_DIR), PROXY_PACKAGE],
                   check=True, timeout=600, stdout=subprocess.DEVNULL)
    stamp_file.write_text(PROXY_PACKAGE)
    return command


def bare_repository(into: Path) -> str:
    """A bare git repository holding this checkout's HEAD as branch main; returns its file:// URL."""
    bare = into / REPO_NAME
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True, timeout=60)
    subprocess.run(["git", "-C", str(ROOT), "push", "--quiet", str(bare), "HEAD:refs/heads/main"], check=True, timeout=120)
    subprocess.run(["git", "-C", str(bare), "symbolic-ref", "HEAD", "refs/heads/main"], check=True, timeout=60)
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True, timeout=60).stdout.strip()
    if dirty:
        print("note: uncommitted changes are not in the course the learners pull (HEAD only)", file=sys.stderr)
    return bare.as_uri()


# ---------------------------------------------------------------- the run (inside build/hub-venv)

def descendants(pid: int) -> list[int]:
    """Every process below `pid` (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def process_env(pid: int) -> dict[str, str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return {}
    return dict(item.split("=", 1) for item in raw.decode(errors="replace").split("\0") if "=" in item)


def process_peak_mb(pid: int) -> float:
    return vmhwm_mb(Path(f"/proc/{pid}/status").read_text())


def singleuser_pid(hub_pid: int, name: str) -> int | None:
    for pid in descendants(hub_pid):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "jupyterhub-singleuser" in cmdline and process_env(pid).get("JUPYTERHUB_USER") == name:
            return pid
    return None


class ClassHub:
    """The hub process and its scratch folder; stops everything it started on exit."""

    def __init__(self, work: Path, proxy: Path, timeout: float):
        from jupyter_client_util import free_port

        self.work, self.timeout = work, timeout
        self.ports = {key: free_port() for key in ("hub", "hub_api", "proxy_api")}
        self.url = f"http://127.0.0.1:{self.ports['hub']}"
        self.service_token = os.urandom(16).hex()
        self.proxy, self.process, self.seen_pids = proxy, None, set()

    def __enter__(self) -> ClassHub:
        (self.work / "hub").mkdir(parents=True)
        config = self.work / "hub" / "jupyterhub_config.py"
        singleuser = Path(sys.executable).parent / "jupyterhub-singleuser"
        config.write_text(hub_config(self.work, self.ports, self.proxy, singleuser, self.service_token))
        self.log = open(self.work / "hub" / "hub.log", "wb")
        self.process = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)],
                                        cwd=self.work / "hub", stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        return self

    def remember_processes(self) -> None:
        if self.process and self.process.poll() is None:
            self.seen_pids.update(descendants(self.process.pid))

    def __exit__(self, *exc) -> None:
        if self.process is None:
            return
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        try:
            self._stop()
        finally:
            signal.signal(signal.SIGINT, previous)

    def _stop(self) -> None:
        self.remember_processes()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the hub stops the servers and the proxy it started
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        for pid in self.seen_pids:  # anything the hub left behind, by the ids we saw it start
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.log.close()


async def run_class(args, work: Path, proxy: Path) -> dict:
    import asyncio

    from jupyter_client_util import course_ipython_dir, run_cells
    from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest

    nbgitpuller_link = load_link_generator().nbgitpuller_link

    http = AsyncHTTPClient(max_clients=4 * MAX_LEARNERS)
    notebooks = [e["file"] for e in json.loads((ROOT / "notebooks" / "course.json").read_text(encoding="utf-8"))]
    repo_url = bare_repository(work)
    (work / "homes").mkdir()
    jupyter_config = ROOT / ".jupyter"
    results = {"errors": [], "notebook_s": {}, "memory": {}, "server_marks": {}}

    with ClassHub(work, proxy, args.timeout) as hub:
        async def api(method, path, token=hub.service_token, body=None, base=None, timeout=120):
            request = HTTPRequest((base or hub.url + "/hub/api") + path, method=method,
                                  headers={"Authorization": f"token {token}"}, request_timeout=timeout,
                                  body=None if body is None else json.dumps(body), allow_nonstandard_methods=True)
            response = await http.fetch(request)
            return json.loads(response.body) if response.body else None

        deadline = time.monotonic() + 60
        while True:
            try:
                await api("GET", "/", timeout=5)
                break
            except (OSError, HTTPClientError):
                if hub.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the hub did not start; see {work / 'hub' / 'hub.log'}") from None
                await asyncio.sleep(0.5)

        async def login(name: str) -> None:
            page = await http.fetch(f"{hub.url}/hub/login", request_timeout=60)
            cookies = [c.split(";", 1)[0] for c in page.headers.get_list("Set-Cookie")]
            xsrf = next(c.split("=", 1)[1] for c in cookies if c.startswith("_xsrf="))
            response = await http.fetch(HTTPRequest(
                f"{hub.url}/hub/login", method="POST", follow_redirects=False, request_timeout=60,
                headers={"Cookie": "; ".join(cookies), "Content-Type": "application/x-www-form-urlencoded"},
                body=f"username={name}&password={PASSWORD}&_xsrf={xsrf}"), raise_error=False)
            session = [c for c in response.headers.get_list("Set-Cookie") if c.startswith("jupyterhub-")]
            if response.code != 302 or not session:
                raise RuntimeError(f"login refused (HTTP {response.code})")

        async def learner(name: str) -> None:
            stage = "login"
            try:
                home = work / "homes" / name
                (home / ".jupyter").mkdir(parents=True)
                # the hub image gets these via singleuser.extraFiles; here the learner's home, as on Binder
                shutil.copytree(jupyter_config, home / ".jupyter", dirs_exist_ok=True)  # culling, page settings
                course_ipython_dir(home / ".ipython")  # the kernel's settings
                await login(name)
                stage = "spawn"
                await api("POST", f"/users/{name}/server")
                spawn_deadline = time.monotonic() + 150
                while not (await api("GET", f"/users/{name}"))["servers"].get("", {}).get("ready"):
                    if time.monotonic() > spawn_deadline:
                        raise TimeoutError("server not ready after 150 s")
                    await asyncio.sleep(0.5)
                token = (await api("POST", f"/users/{name}/tokens", body={"expires_in": 3600}))["token"]
                pid = singleuser_pid(hub.process.pid, name)
                if pid is None:
                    raise RuntimeError("single-user server process not found")
                marks = [process_peak_mb(pid)]  # the server's peak: started, pulled, after the notebooks
                server = f"{hub.url}/user/{name}"
                stage = "pull"
                link = nbgitpuller_link(hub.url, repo_url, notebooks[0], "lab", "main")
                response = await http.fetch(HTTPRequest(pull_api_url(link, server), request_timeout=300,
                                                        headers={"Authorization": f"token {token}"}))
                ok, message = pull_finished(response.body.decode(errors="replace"))
                if not ok:
                    raise RuntimeError(f"nbgitpuller did not finish: {message}")
                marks.append(process_peak_mb(pid))
                course_dir = home / opened_path(link).rsplit("/", 1)[0]  # where the link's notebook is
                kernels = []
                for notebook in notebooks:
                    stage = notebook
                    kernel = await api("POST", "/kernels", token=token, body={"name": "python3"}, base=server + "/api")
                    try:
                        run = await run_cells(f"ws://127.0.0.1:{hub.ports['hub']}", token, kernel["id"],
                                              course_dir / notebook, 300, path_prefix=f"/user/{name}")
                    finally:
                        hub.remember_processes()
                        await api("DELETE", f"/kernels/{kernel['id']}", token=token, base=server + "/api")
                    results["notebook_s"][(name, notebook)] = run["seconds"]
                    if run["peak_mb"] is None:
                        raise RuntimeError(f"{notebook}: the kernel did not report its peak memory")
                    kernels.append(run["peak_mb"])
                    for _ in range(run["errors"]):
                        results["errors"].append(f"{name} {notebook}: a cell failed")
                stage = "memory"
                marks.append(process_peak_mb(pid))
                results["memory"][name] = (marks[-1], kernels)
                results["server_marks"][name] = marks
                await api("DELETE", f"/users/{name}/server")  # the learner leaves: free the machine
            except Exception as error:  # noqa: BLE001 - every failure is counted and reported
                results["errors"].append(f"{name} {stage}: {type(error).__name__}: {error}")

        async def cohort(names: list[str]) -> float:
            start = time.monotonic()
            await asyncio.gather(*(learner(name) for name in names))
            return time.monotonic() - start

        await cohort(["solo"])
        single = [s for (name, _), s in results["notebook_s"].items() if name == "solo"]
        names = learner_names(args.learners)
        all_done = await cohort(names)
        hub.remember_processes()
        class_times = [s for (name, _), s in results["notebook_s"].items() if name != "solo"]
        hub_peak = process_peak_mb(hub.process.pid)
        proxy_pids = [p for p in descendants(hub.process.pid)
                      if b"configurable-http-proxy" in Path(f"/proc/{p}/cmdline").read_bytes()]
        proxy_peak = max((process_peak_mb(p) for p in proxy_pids), default=float("nan"))
    class_memory = {name: value for name, value in results["memory"].items() if name != "solo"}
    per_learner = {name: learner_memory(server, kernels) for name, (server, kernels) in class_memory.items()}
    return {
        "learners": len(names),
        "errors": len(results["errors"]),
        "error_details": results["errors"],
        "all_done_s": all_done,
        "p95_notebook_s": p95(class_times) if class_times else float("nan"),
        "single_learner_p95_notebook_s": p95(single) if single else float("nan"),
        "server_started_mb": max((results["server_marks"][n][0] for n in class_memory), default=float("nan")),
        "server_pulled_mb": max((results["server_marks"][n][1] for n in class_memory), default=float("nan")),
        "server_peak_mb": max((s for s, _ in class_memory.values()), default=float("nan")),
        "kernel_peak_mb": max((max(k, default=0) for _, k in class_memory.values()), default=float("nan")),
        "peak_mb_per_learner": max((m["one_open"] for m in per_learner.values()), default=float("nan")),
        "all_kernels_mb": max((sum(k) for _, k in class_memory.values()), default=float("nan")),
        "all_kernels_open_mb_per_learner": max((m["all_open"] for m in per_learner.values()), default=float("nan")),
        "hub_peak_mb": hub_peak,
        "proxy_peak_mb": proxy_peak,
    }


def report(figures: dict) -> list[str]:
    """The `name: value` lines, in a fixed order."""
    ratio = figures["p95_notebook_s"] / figures["single_learner_p95_notebook_s"]
    lines = [f"learners: {figures['learners']}", f"errors: {figures['errors']}",
             f"all_done_s: {figures['all_done_s']:.1f}", f"p95_notebook_s: {figures['p95_notebook_s']:.2f}",
             f"single_learner_p95_notebook_s: {figures['single_learner_p95_notebook_s']:.2f}",
             f"p95_ratio: {ratio:.2f}"]
    memory = ("server_started_mb", "server_pulled_mb", "server_peak_mb", "kernel_peak_mb", "peak_mb_per_learner",
              "all_kernels_mb", "all_kernels_open_mb_per_learner", "hub_peak_mb", "proxy_peak_mb")
    lines += [f"{key}: {figures[key]:.0f}" for key in memory]
    return lines


def load_link_generator():
    """deploy/nbgitpuller_link.py as a module: the class pulls through the links lecturers hand out."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("nbgitpuller_link", ROOT / "deploy" / "nbgitpuller_link.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_in_hub_venv(argv: list[str]) -> int:
    """Set up build/hub-venv and build/chp, then run this script there; Ctrl-C reaches both processes
    and the child stops the hub itself, so the parent only waits for it (bounded)."""
    python, proxy = ensure_hub_venv(), ensure_proxy()
    child = subprocess.Popen([str(python), __file__, *argv], env=dict(os.environ, BENCH_CLASS_PROXY=str(proxy)))
    signal.signal(signal.SIGTERM, lambda *_: child.send_signal(signal.SIGINT))
    try:
        return child.wait()
    except KeyboardInterrupt:
        for stop, wait in ((None, 150), (child.terminate, 90), (child.kill, 10)):
            if stop:
                stop()
            try:
                return child.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
        return 130


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=10, help=f"learners at once (default 10, at most {MAX_LEARNERS})")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds for the whole run (default 1200)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (hub log, homes) for a look")
    args = parser.parse_args(argv)
    args.learners = learner_count(args.learners)
    # Ctrl-C stops the run cleanly even when started from a shell that ignores SIGINT in background jobs
    signal.signal(signal.SIGINT, signal.default_int_handler)

    if Path(sys.prefix).resolve() != HUB_VENV.resolve():
        return run_in_hub_venv(argv if argv is not None else sys.argv[1:])

    import asyncio

    sys.path.insert(0, str(ROOT / "benchmarks"))
    # SIGTERM stops the run like Ctrl-C: asyncio cancels the class, and the hub is stopped on the way out
    signal.signal(signal.SIGTERM, lambda *_: os.kill(os.getpid(), signal.SIGINT))
    proxy = Path(os.environ.get("BENCH_CLASS_PROXY") or ensure_proxy())
    work = Path(tempfile.mkdtemp(prefix="bench-class-"))
    try:
        figures = asyncio.run(asyncio.wait_for(run_class(args, work, proxy), args.timeout))
    except (TimeoutError, asyncio.TimeoutError):
        print(f"error: the class did not finish within {args.timeout:.0f} s (--timeout)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the hub, proxy and servers were stopped", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            print(f"scratch folder kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    for detail in figures["error_details"]:
        print(f"error detail: {detail}", file=sys.stderr)
    print("\n".join(report(figures)))
    return 0 if figures["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
