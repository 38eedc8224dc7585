"""The figures are shown at their own size on a 1280 px wide screen (the projector case).

The figure-quality test (tests/unit/test_figure_quality.py, figure_checks.py) measures text sizes
assuming each figure is displayed 1:1, neither enlarged nor shrunk, when the window is 1280 px
wide. This test checks that assumption in a real browser on the seminar dashboard (Voila): every
figure image is at most 864 px wide and is drawn at that width, so 11 pt in the figure is 11 pt
on the screen.
"""

import pytest

pytestmark = pytest.mark.browser

ASSUMED_DISPLAY_PX = 864  # = figure_checks.ASSUMED_DISPLAY_PX


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
    finally:
        page.set_viewport_size(before)
    assert len(sizes) >= 2, "the dashboard should show the network and the timeline figures"
    for natural, shown in sizes:
        assert natural <= ASSUMED_DISPLAY_PX
        assert shown >= natural - 1, f"a {natural} px figure is shrunk to {shown:.0f} px at 1280 px"
        assert shown <= natural + 1, f"a {natural} px figure is enlarged to {shown:.0f} px"
