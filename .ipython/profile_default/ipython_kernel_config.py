# The course's kernel settings. Binder reads this file because its home folder is the repository
# (~/.ipython); a JupyterHub gets the same text in /etc/ipython from deploy/z2jh-values.yaml.
#
# The kernel does not load debugpy, the engine behind JupyterLab's visual debugger: the course never
# uses it, and it costs about 8 MB in every open notebook (benchmarks/bench_memory.py). Notebooks
# run as before. JupyterLab's debugger buttons are switched off to match, in
# .jupyter/labconfig/page_config.json. To have the debugger back, delete both files.
import sys

sys.modules.setdefault("debugpy", None)
