"""Shared by the server-side benchmarks: start a Jupyter server on 127.0.0.1 and run a notebook's
code cells in one of its kernels over the kernel websocket, as a browser would.

Only loopback addresses are used; every wait is bounded by a timeout.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parents[1]
# the kernel settings Binder reads from the repository and the hub from /etc/ipython (deploy/z2jh-values.yaml)
KERNEL_CONFIG = ROOT / ".ipython" / "profile_default" / "ipython_kernel_config.py"
# read back through user_expressions (a notebook may redirect stdout, e.g. into an Output widget)
PEAK_RSS_EXPRESSION = "__import__('resource').getrusage(__import__('resource').RUSAGE_SELF).ru_maxrss"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def peak_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a running process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def course_ipython_dir(into: Path) -> Path:
    """An IPython folder holding the course's kernel settings, as Binder and the hub give kernels."""
    profile = into / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(KERNEL_CONFIG, profile / KERNEL_CONFIG.name)
    return into


def code_cells(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


class JupyterServer:
    """`with JupyterServer() as server:` a Jupyter server for the repository, stopped on exit."""

    def __init__(self, root: Path = ROOT, timeout: float = 60):
        self.root, self.timeout = root, timeout
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> JupyterServer:
        self.config = tempfile.TemporaryDirectory(prefix="bench-jupyter-")
        env = dict(os.environ, JUPYTER_CONFIG_DIR=self.config.name,
                   IPYTHONDIR=str(course_ipython_dir(Path(self.config.name) / "ipython")),
                   BISHKEK_JOURNAL_DIR=os.environ.get("BISHKEK_JOURNAL_DIR") or tempfile.mkdtemp(prefix="bench-journal-"))
        args = [sys.executable, "-m", "jupyter_server", f"--ServerApp.port={self.port}", "--ServerApp.ip=127.0.0.1",
                f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
                "--ServerApp.open_browser=False", "--ServerApp.port_retries=0"]
        if os.geteuid() == 0:
            args.append("--allow-root")
        self.process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            try:
                self.api("GET", "/api/status")
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("the Jupyter server exited at start") from None
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"the Jupyter server did not answer within {self.timeout} s")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.config.cleanup()

    def api(self, method: str, path: str, body: dict | None = None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def run_notebook(self, notebook: Path, timeout: float = 300) -> dict:
        """Run the notebook's code cells in a new kernel from its folder; return errors and peak MB."""
        kernel = self.api("POST", "/api/kernels", {"name": "python3"})
        try:
            return asyncio.run(run_cells(f"ws://127.0.0.1:{self.port}", self.token, kernel["id"],
                                         notebook, timeout))
        finally:
            self.api("DELETE", f"/api/kernels/{kernel['id']}")


async def run_cells(ws_base: str, token: str, kernel_id: str, notebook: Path, timeout: float,
                    path_prefix: str = "") -> dict:
    """Execute every code cell of `notebook` in the kernel; count failed cells; read the kernel's peak RSS."""
    # the server answers the websocket once the kernel has started: allow for that within `timeout`
    request = HTTPRequest(f"{ws_base}{path_prefix}/api/kernels/{kernel_id}/channels",
                          headers={"Authorization": f"token {token}"}, connect_timeout=timeout, request_timeout=timeout)
    ws = await websocket_connect(request)
    sources = [f"import os; os.chdir({str(notebook.parent)!r})", *code_cells(notebook), "pass"]
    errors, peak_kb, start, failures = 0, None, time.monotonic(), []
    try:
        for source in sources:
            msg_id = uuid.uuid4().hex
            await ws.write_message(json.dumps({
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "bench",
                           "session": msg_id, "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell",
                "content": {"code": source, "silent": False, "store_history": False,
                            "user_expressions": {"peak": PEAK_RSS_EXPRESSION} if source == "pass" else {},
                            "allow_stdin": False}}))
            # done when both the reply (shell channel) and the kernel's "idle" (iopub, after every
            # output of the request) have come: the two channels are not ordered with each other
            replied = idle = False
            while not (replied and idle):
                remaining = timeout - (time.monotonic() - start)
                if remaining <= 0:
                    raise TimeoutError(f"{notebook.name} did not finish within {timeout} s")
                raw = await asyncio.wait_for(ws.read_message(), remaining)
                if raw is None:
                    raise RuntimeError("the kernel websocket closed")
                if isinstance(raw, bytes):
                    continue  # a widget message with binary buffers
                message = json.loads(raw)
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                if message["msg_type"] == "error":
                    failures.append(f"{message['content'].get('ename')}: {message['content'].get('evalue')}"[:300])
                if message["msg_type"] == "status" and message["content"].get("execution_state") == "idle":
                    idle = True
                if message["msg_type"] == "execute_reply":
                    errors += message["content"]["status"] != "ok"
                    peak = message["content"].get("user_expressions", {}).get("peak", {})
                    if peak.get("status") == "ok":
                        peak_kb = int(peak["data"]["text/plain"])
                    replied = True
    finally:
        ws.close()
    return {"errors": errors, "seconds": time.monotonic() - start, "failures": failures,
            "peak_mb": None if peak_kb is None else peak_kb / 1024}
