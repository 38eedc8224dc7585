"""The seminar dashboard (notebooks/app_dashboard.ipynb) works as a Voila app in a real browser.

Voila runs the notebook, hides the code and shows the widgets: the network explorer and the
timeline. The test opens the page, checks that everything the kernel displayed rendered without
errors, then moves the explorer's date slider from the keyboard and checks that the figure was
redrawn, and picks another timeline period and checks that the timeline was redrawn.
"""

import pytest
from browser_harness import (
    expect,
    image_sources,
    press_slider,
    slider_readout,
    wait_for_image_change,
    widget_by_label,
)

from helpers.strings import t

pytestmark = pytest.mark.browser


def test_dashboard_renders_every_widget_without_errors(voila_dashboard):
    page, report = voila_dashboard
    assert report.problems() == [], "app_dashboard.ipynb in Voila:\n- " + "\n- ".join(report.problems())
    assert report.model_widget_outputs >= 2, "the dashboard should show the network explorer and the timeline"
    assert page.locator(".jp-CodeCell .jp-InputArea").count() == 0, "Voila should hide the code"


def test_date_slider_redraws_the_network(voila_dashboard):
    page, _ = voila_dashboard
    slider = widget_by_label(page, t("network.ui.date", "en"), "widget-slider")
    expect(slider).to_have_count(1)
    explorer = page.locator(".jp-Cell").filter(has=slider)
    before_day, before_images = slider_readout(slider), image_sources(explorer)
    press_slider(slider, "Home")  # first day; the explorer opens on the last one
    if slider_readout(slider) == before_day:
        press_slider(slider, "End")
    assert slider_readout(slider) != before_day, "the date slider did not move"
    after_images = wait_for_image_change(explorer, before_images)
    assert len(after_images) == len(before_images)


def test_timeline_period_redraws_the_timeline(voila_dashboard):
    page, _ = voila_dashboard
    period = widget_by_label(page, t("timeline.zoom_label", "en"), "widget-toggle-buttons")
    expect(period).to_have_count(1)
    timeline = page.locator(".jp-Cell").filter(has=period)
    before = image_sources(timeline)
    period.locator("button:not(.mod-active)").first.click()  # a period other than the one shown
    wait_for_image_change(timeline, before)
