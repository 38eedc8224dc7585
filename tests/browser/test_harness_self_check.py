"""The browser harness catches what it is meant to catch: proof that the browser tests can fail.

Each test writes a small notebook to tmp_path whose right result is known by construction, serves
it from the session's JupyterLab, runs it through the same check_notebook() the course notebooks
go through, and asserts what the harness reports:
- a working notebook (slider, figures, an observer that redraws) passes, with exact counts, and
  moving its slider redraws its figure;
- a cell that raises, a warning on stderr, an image that does not load, a widget whose JavaScript
  class does not exist, a widget output whose model the page never got ("Error displaying
  widget"), and an exception in a widget callback all fail;
- the accessibility rules flag an unnamed control, a button that another element covers, and a
  figure without a text alternative, and accept the named, reachable and described ones.
"""

import pytest
from browser_harness import (
    check_notebook,
    expect,
    image_sources,
    kernel_errors,
    notebook_panel,
    open_notebook,
    press_slider,
    run_all_and_wait,
    slider_readout,
    wait_for_image_change,
    wait_for_kernel_errors,
    watch_kernel_errors,
    widget_by_label,
    write_notebook,
)

pytestmark = pytest.mark.browser

# A slider whose observer rewrites a label and redraws a figure inside an Output widget, next to a
# <details> text alternative: 1 widget display, 1 figure in the widget.
SLIDER_AND_FIGURE = """\
import ipywidgets as w
import matplotlib.pyplot as plt
from IPython.display import display
slider = w.IntSlider(value=3, min=0, max=10, description="Value")
label, out = w.Label("value: 3"), w.Output()
def draw(n):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot(range(n + 2))
    out.clear_output(wait=True)
    with out:
        plt.show()
def on_value(change):
    label.value = f"value: {change['new']}"
    draw(change["new"])
slider.observe(on_value, "value")
draw(3)
alt = w.HTML("<details><summary>Text description</summary>A rising line from 0 to n + 1.</details>")
display(w.VBox([slider, label, out, alt]))"""

# 1 image output; described by its alt text (an HTML output), not by a widget.
FIGURE_WITH_ALT = """\
import base64, io
fig, ax = plt.subplots(figsize=(2, 1.5))
ax.bar([1, 2], [3, 4])
buffer = io.BytesIO()
fig.savefig(buffer, format="png")
plt.close(fig)
from IPython.display import HTML
HTML(f"<img alt='Two bars, 3 and 4.' src='data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}'>")"""

BROKEN_VIEW = """\
import ipywidgets as w
from traitlets import Unicode
class NoSuchView(w.DOMWidget):
    _view_module = Unicode("no-such-widget-module").tag(sync=True)
    _view_module_version = Unicode("1.0.0").tag(sync=True)
    _view_name = Unicode("NoSuchView").tag(sync=True)
NoSuchView()"""

# What an output saved with an old widget model looks like when the notebook is re-opened
# (also the symptom of ipywidgets / jupyterlab_widgets version skew).
MODEL_NOT_FOUND = """\
from IPython.display import display
display({"application/vnd.jupyter.widget-view+json": {"model_id": "0123456789abcdef0123456789abcdef",
         "version_major": 2, "version_minor": 0}, "text/plain": "a widget"}, raw=True)"""


@pytest.fixture()
def serve(tmp_path, lab_server):
    """Write a scratch notebook to tmp_path, copy it into the served folder, return its path there."""
    def _serve(name: str, cells: list[str]) -> str:
        source = write_notebook(tmp_path / name, cells, title=name)
        return lab_server.add_file(source, f"_harness/{name}")
    return _serve


def test_a_working_notebook_passes_and_its_slider_redraws_the_figure(serve, lab, lab_server):
    rel = serve("working.ipynb", [SLIDER_AND_FIGURE, FIGURE_WITH_ALT, "print('done')"])
    report = check_notebook(lab, lab_server, rel, screenshot_name="harness_working")
    assert report.problems() == []
    assert report.unexecuted == [] and report.cells == 3
    assert (report.model_widget_outputs, report.widget_outputs_rendered) == (1, 1)
    assert report.model_image_outputs == 0  # the figure is inside a widget; the other one is HTML
    assert report.images_dom == 2 and report.images_not_loaded == []

    open_notebook(lab, rel)  # again, to use it (the `lab` fixture closes it after the test)
    watch_kernel_errors(lab)
    run_all_and_wait(lab)
    slider = widget_by_label(notebook_panel(lab), "Value", "widget-slider")
    expect(slider).to_have_count(1)
    cell = notebook_panel(lab).locator(".jp-CodeCell").first
    before = image_sources(cell)
    press_slider(slider, "ArrowRight")
    assert slider_readout(slider) == "4"
    expect(cell.get_by_text("value: 4", exact=True)).to_be_visible()  # the kernel's observer ran
    assert wait_for_image_change(cell, before) != before
    assert kernel_errors(lab) == []


def test_an_error_in_a_cell_fails(serve, lab, lab_server):
    rel = serve("error.ipynb", ["x = 1", "x / 0", "print('never runs')"])
    problems = check_notebook(lab, lab_server, rel).problems()
    assert any("ZeroDivisionError" in p for p in problems), problems
    assert "code cells never executed: [2]" in problems


def test_a_warning_on_stderr_fails(serve, lab, lab_server):
    rel = serve("warning.ipynb", ["import warnings\nwarnings.warn('this API will go away')"])
    problems = check_notebook(lab, lab_server, rel).problems()
    assert any("this API will go away" in p for p in problems), problems


def test_an_image_that_does_not_load_fails(serve, lab, lab_server):
    not_a_png = "from IPython.display import display\ndisplay({'image/png': 'bm90IGEgcG5n'}, raw=True)"
    problems = check_notebook(lab, lab_server, serve("bad_image.ipynb", [not_a_png])).problems()
    assert "the kernel sent 1 image output(s) but 0 show a loaded image" in problems
    assert any(p.startswith("image(s) did not load") for p in problems), problems


def test_a_widget_whose_javascript_is_missing_fails(serve, lab, lab_server):
    rel = serve("broken_view.ipynb", ["import ipywidgets as w\nw.IntSlider(description='Fine')", BROKEN_VIEW])
    report = check_notebook(lab, lab_server, rel, screenshot_name="harness_broken_view")
    assert report.model_widget_outputs == 2
    assert any("widget failed to render: error widget" in p for p in report.problems()), report.problems()


def test_error_displaying_widget_fails(serve, lab, lab_server):
    rel = serve("model_not_found.ipynb", [MODEL_NOT_FOUND])
    report = check_notebook(lab, lab_server, rel)
    problems = report.problems()
    assert any("Error displaying widget" in p for p in problems), problems
    assert "the kernel displayed 1 widget(s) but only 0 rendered" in problems


def test_accessibility_rules_and_callback_errors(serve, lab, lab_server):
    unnamed = "import ipywidgets as w\nw.Text(placeholder='no label')"
    named = "w.VBox([w.Dropdown(options=['a'], description='Pick'), w.Button(description='Go')])"
    bare_figure = "import matplotlib.pyplot as plt\nplt.plot([1, 2]); plt.show()"
    failing_callback = ("s = w.IntSlider(description='Boom')\n"
                        "s.observe(lambda change: 1 / 0, 'value')\ns")
    covered = ("w.VBox([w.Button(description='Covered'), w.HTML('<div style=\"height:60px;background:#fff\">on top</div>',"
               " layout=w.Layout(margin='-40px 0 0 0'))])")
    rel = serve("flawed.ipynb", [unnamed, named, bare_figure, FIGURE_WITH_ALT, failing_callback, covered])
    report = check_notebook(lab, lab_server, rel)
    assert report.problems() == []  # it renders fine: the flaws are accessibility and a callback

    nameless = [c["control"] for c in report.controls if not c["name"]]
    assert nameless == ["input[type=text]"]
    assert {c["name"]: c["how"] for c in report.controls if c["name"]} == {
        "Pick": "label element", "Go": "button text", "Boom": "description label", "Covered": "button text"}
    assert [c["name"] for c in report.controls if not c["reachable"]] == ["Covered"]
    assert [(i["cell_index"], i["how"]) for i in report.image_alternatives] == [(3, ""), (4, "alt")]

    open_notebook(lab, rel)
    watch_kernel_errors(lab)
    run_all_and_wait(lab)
    press_slider(widget_by_label(notebook_panel(lab), "Boom", "widget-slider"), "ArrowRight")
    errors = wait_for_kernel_errors(lab)
    assert any("ZeroDivisionError" in e for e in errors), errors
