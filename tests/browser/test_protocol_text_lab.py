"""The protocol's own words in real JupyterLab: the widget renders in English and Spanish and responds.

A scratch notebook calls helpers.protocol_close_reading(lang=...) on the shipped data; it must run
cleanly through check_notebook() (no error, no warning, every widget rendered). Then the
"Russian original" button is clicked like a learner would: the Russian text of the first dash item
appears and the English one goes. Texts and labels come from the data and the string tables.
"""

import pytest
from browser_harness import (
    button_by_text,
    check_notebook,
    expect,
    kernel_errors,
    notebook_panel,
    open_notebook,
    run_all_and_wait,
    watch_kernel_errors,
    widget_by_label,
    write_notebook,
)

from helpers import load_dataset
from helpers.strings import t

pytestmark = pytest.mark.browser


def _first_complete(ds, language: str) -> str:
    rows = ds.protocol_text[(ds.protocol_text["language"] == language) & (ds.protocol_text["status"] == "complete")
                            & (ds.protocol_text["clause_id"] == "clause_1")]
    return rows.iloc[0]["text"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_protocol_close_reading_renders_and_switches_to_russian(tmp_path, lab, lab_server, lang):
    ds = load_dataset()
    name = f"protocol_text_{lang}.ipynb"
    source = write_notebook(tmp_path / name, ["import helpers",
                                              f"w = helpers.protocol_close_reading(lang={lang!r})\nw"], title=name)
    rel = lab_server.add_file(source, f"_protocol_text/{name}")
    report = check_notebook(lab, lab_server, rel, screenshot_name=f"protocol_text_{lang}")
    assert report.problems() == []
    assert report.model_widget_outputs == 1 and report.widget_outputs_rendered == 1

    open_notebook(lab, rel)
    watch_kernel_errors(lab)
    run_all_and_wait(lab)
    panel = notebook_panel(lab)
    expect(panel.get_by_text(t("close.text.intro", lang)[:60]).first).to_be_visible()
    button_by_text(panel, t("close.text.view.ru", lang)).click()
    dropdown = widget_by_label(panel, t("close.text.part_label", lang), "widget-dropdown").locator("select")
    dropdown.select_option(label=t("close.text.part.clause", lang, n=1))
    russian, english = _first_complete(ds, "ru"), _first_complete(ds, "en")
    expect(panel.get_by_text(russian[:50]).first).to_be_visible()
    expect(panel.get_by_text(english[:50])).to_have_count(0)
    assert kernel_errors(lab) == []
