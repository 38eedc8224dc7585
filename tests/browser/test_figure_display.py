"""The figures are shown at their own size on a 1280 px wide screen (the projector case).

The figure-quality test (tests/unit/test_figure_quality.py, figure_checks.py) measures text sizes
assuming each figure is displayed 1:1, neither enlarged nor shrunk, when the window is 1280 px
wide. These tests check that assumption in a real browser, on the seminar dashboard in Voila and
in JupyterLab: every figure image is at most 840 px wide and is drawn at that width, so 11 pt in
the figure is 11 pt on the screen.
"""

import pytest
from browser_harness import screenshot

pytestmark = pytest.mark.browser

ASSUMED_DISPLAY_PX = 840  # = figure_checks.ASSUMED_DISPLAY_PX


def test_dashboard_figures_are_shown_at_their_own_size_at_1280_px(voila_dashboard):
    page, _ = voila_dashboard
    before = page.viewport_size
    page.set_viewport_size({"width": 1280, "height": 800})
    try:
        page.wait_for_timeout(500)  # let the layout settle
        sizes = page.evaluate(
            "() => Array.from(document.querySelectorAll('img'))"
            ".filter(i => i.naturalWidth >= 400)"
            ".map(i => [i.naturalWidth, i.getBoundingClientRect().width])")
        for n, image in enumerate(page.locator("img").all()):  # to look at, as a projector shows them
            image.scroll_into_view_if_needed()
            page.evaluate("(el) => el.scrollIntoView({block: 'start'})", image.element_handle())
            screenshot(page, f"voila_dashboard_1280_figure{n + 1}")
    finally:
        page.set_viewport_size(before)
    assert len(sizes) >= 2, "the dashboard should show the network and the timeline figures"
    for natural, shown in sizes:
        assert natural <= ASSUMED_DISPLAY_PX
        assert shown >= natural - 1, f"a {natural} px figure is shrunk to {shown:.0f} px at 1280 px"
        assert shown <= natural + 1, f"a {natural} px figure is enlarged to {shown:.0f} px"


def test_in_jupyterlab_at_1280_px_the_figures_are_not_shrunk(lab):
    """The same in JupyterLab (a learner's or lecturer's notebook): the dashboard notebook run in
    Lab, the window 1280 px wide, the left sidebar as JupyterLab opens it."""
    from browser_harness import notebook_report, open_notebook, run_all_and_wait

    open_notebook(lab, "app_dashboard.ipynb")
    run_all_and_wait(lab)
    assert notebook_report(lab).problems() == []
    before = lab.viewport_size
    lab.set_viewport_size({"width": 1280, "height": 800})
    try:
        lab.wait_for_timeout(800)
        sizes = lab.evaluate(
            "() => Array.from(document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) img'))"
            ".filter(i => i.naturalWidth >= 400)"
            ".map(i => [i.naturalWidth, i.getBoundingClientRect().width])")
    finally:
        lab.set_viewport_size(before)
    assert len(sizes) >= 2
    for natural, shown in sizes:
        assert natural <= ASSUMED_DISPLAY_PX
        assert shown >= natural - 1, f"a {natural} px figure is shrunk to {shown:.0f} px in JupyterLab at 1280 px"
