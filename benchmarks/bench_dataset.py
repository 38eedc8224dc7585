"""How long `helpers.load_dataset()` takes on the real data, and the import time of what it uses.

Prints one `name: value` line per figure (a benchmark, not a timed test):
  imports_s   importing the libraries the loader uses (pandas, csv, json), in a fresh interpreter
  load_s      median of 20 loads of the real data package (schema checks included)
  load_max_s  slowest of those loads
"""

import statistics
import subprocess
import sys
import time

IMPORTS = "import time; t = time.perf_counter(); import csv, json, pandas; print(time.perf_counter() - t)"


def main() -> None:
    runs = [float(subprocess.run([sys.executable, "-c", IMPORTS], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(5)]
    from helpers import load_dataset

    load_dataset()  # warm: first call also imports the loader's own modules
    times = []
    for _ in range(20):
        start = time.perf_counter()
        load_dataset()
        times.append(time.perf_counter() - start)
    print(f"imports_s: {statistics.median(runs):.3f}")
    print(f"load_s: {statistics.median(times):.4f}")
    print(f"load_max_s: {max(times):.4f}")


if __name__ == "__main__":
    main()
