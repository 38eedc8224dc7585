"""Memory one learner costs: each notebook's peak kernel memory, and the Jupyter server's.

Starts a Jupyter server on 127.0.0.1, runs every course notebook and the dashboard in a fresh
kernel over the kernel websocket (as JupyterLab does), and reads each kernel's peak resident
memory (getrusage ru_maxrss) before closing it. Prints one `name: value` line per figure:

  <notebook>_peak_mb   peak resident memory of that notebook's kernel
  server_peak_mb       peak resident memory of the Jupyter server over the whole run
  max_kernel_peak_mb   the largest kernel figure (goal: every notebook <= 150 MB)
  all_kernels_mb       the sum: a learner who keeps every notebook open holds about this much
  errors               cells that failed (must be 0)

deploy/README.md derives the hub's memory guarantee and limit from these figures.
"""

from pathlib import Path

from jupyter_client_util import ROOT, JupyterServer, peak_mb

NB_DIR = ROOT / "notebooks"


def main() -> None:
    import json

    names = [e["file"] for e in json.loads((NB_DIR / "course.json").read_text(encoding="utf-8"))]
    names.append("app_dashboard.ipynb")
    peaks, errors = {}, 0
    with JupyterServer() as server:
        for name in names:
            result = server.run_notebook(NB_DIR / name)
            errors += result["errors"]
            for failure in result["failures"]:
                print(f"# {name}: {failure}")
            peaks[Path(name).stem] = result["peak_mb"]
        server_peak = peak_mb(server.process.pid)
    for stem, value in peaks.items():
        print(f"{stem}_peak_mb: {value:.0f}")
    print(f"server_peak_mb: {server_peak:.0f}")
    print(f"max_kernel_peak_mb: {max(peaks.values()):.0f}")
    print(f"all_kernels_mb: {sum(peaks.values()):.0f}")
    print(f"errors: {errors}")


if __name__ == "__main__":
    main()
