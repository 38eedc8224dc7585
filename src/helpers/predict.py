"""Predict, then check: the answer stays hidden until the learner has written a prediction.

A "predict, then check" activity only teaches if the prediction comes first. This widget shows the
question and a journal box (the prediction is saved in the journal like any reflection, so it is
never lost); the "Show the answer" button stays disabled until at least MIN_CHARS characters are
written. The answer (a table, a number, a text or another widget) is computed only when the button
is pressed, so it is not in the notebook's output before that.

    predict_then_reveal("03_signing.count", "How many signatures will the table show?",
                        lambda: helpers.signatures_table(ds))
"""

from __future__ import annotations

from .journal import DEFAULT_DELAY, Journal, get_journal, journal_box
from .strings import resolve_language, t
from .ui import esc, message_html

MIN_CHARS = 3  # a prediction shorter than this does not unlock the answer


def written(text: str | None) -> bool:
    """True when `text` counts as a prediction (at least MIN_CHARS characters besides spaces)."""
    return len((text or "").strip()) >= MIN_CHARS


def predict_then_reveal(prompt_id: str, question: str, answer, lang: str | None = None,
                        journal: Journal | None = None, delay: float = DEFAULT_DELAY):
    """The question, a journal box for the prediction, and a button that shows `answer` once a
    prediction is written. `answer` is a function (called when the button is pressed: the answer
    is not computed before) or a value (table, number, text, widget).

    Controls: `.box` (the journal box; `.box.text` is the Textarea), `.reveal_button`, `.answer`
    (the Output the answer goes to), `.status` (HTML) and `.revealed` (bool).
    """
    import ipywidgets as widgets
    from IPython.display import display

    lang = resolve_language(lang)
    journal = journal if journal is not None else get_journal()
    box = journal_box(prompt_id, question, lang=lang, journal=journal, delay=delay)
    button = widgets.Button(description=t("predict.reveal", lang), icon="eye",
                            tooltip=t("predict.reveal", lang), layout=widgets.Layout(width="auto"))
    status = widgets.HTML()
    output = widgets.Output()

    def refresh(_change=None) -> None:
        ready = written(box.text.value)
        button.disabled = not ready or panel.revealed
        if not panel.revealed:
            status.value = message_html(t("predict.ready" if ready else "predict.locked", lang), "info")

    def reveal(_button) -> None:
        if not written(box.text.value) or panel.revealed:
            return
        box.flush()  # the prediction is on disk before the answer appears
        value = answer() if callable(answer) else answer
        panel.revealed = True
        button.disabled = True
        status.value = message_html(t("predict.revealed", lang), "ok")
        with output:
            if isinstance(value, str):
                display(widgets.HTML(f"<p><b>{esc(value)}</b></p>"))
            else:
                display(value)

    panel = widgets.VBox([box, widgets.HBox([button]), status, output])
    panel.revealed = False
    panel.box, panel.reveal_button, panel.answer, panel.status = box, button, output, status
    box.text.observe(refresh, "value")
    button.on_click(reveal)
    refresh()
    return panel
