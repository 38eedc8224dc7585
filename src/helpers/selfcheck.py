"""Self-check questions with immediate feedback that explains why.

Questions live in data files, one per notebook: src/helpers/selfcheck/<notebook-stem>.json
(e.g. 03_signing.json), not in notebook cells. Three kinds:
    choice  pick one of several answers         answer: the index of the right choice
    order   put events in order                 answer: the right order of the items shown
    short   type a short answer (a name, a number)   answer: accepted answers
Every question has English and Spanish text, an explanation and the source ids behind it.

The answers are stored so that they are not readable at a glance: the right choice or order is
base64 of a salted string, and short answers are salted SHA-256 hashes. This only prevents
accidental spoilers while scrolling; anyone who wants to can decode it. To write a new question,
compute its answer field with this module:
    python -m helpers.selfcheck choice 03_signing.q5 2        # right choice is index 2
    python -m helpers.selfcheck order 03_signing.q6 2,0,1     # items shown 0,1,2; right order 2,0,1
    python -m helpers.selfcheck short 03_signing.q7 "Baku"    # one hash per accepted answer

The checking is in plain functions (`check_answer(question, answer) -> Feedback`, `Progress`);
`self_check("03_signing")` is the widget.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from .strings import resolve_language, t
from .suggest import did_you_mean
from .ui import FULL_LABEL, esc

QUESTIONS_DIR = Path(__file__).resolve().parent / "selfcheck"
SALT = "bishkek-1994"
KINDS = ("choice", "order", "short")


# --- answer keys (obfuscated, not secret) -------------------------------------------------------

def encode_key(question_id: str, payload: str) -> str:
    """Base64 of a salted string: hides a choice index or an order from a casual glance."""
    return base64.b64encode(f"{SALT}|{question_id}|{payload}".encode()).decode("ascii")


def decode_key(question_id: str, key: str) -> str:
    """The payload hidden by `encode_key` (raises ValueError if the key does not match the id)."""
    text = base64.b64decode(key.encode("ascii")).decode("utf-8")
    salt, qid, payload = text.split("|", 2)
    if salt != SALT or qid != question_id:
        raise ValueError(f"answer key does not belong to question {question_id!r}")
    return payload


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces: 'Bakú!' -> 'baku'."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"[^\w\s]", " ", plain)
    return " ".join(plain.split())


def hash_short(question_id: str, text: str) -> str:
    """Salted SHA-256 of a normalised short answer."""
    return hashlib.sha256(f"{SALT}|{question_id}|{normalise(text)}".encode()).hexdigest()


def _phrases(text: str, longest: int = 4) -> list[str]:
    """Every run of 1..longest consecutive words: 'it was baku' -> 'it', 'it was', ... 'baku'."""
    words = normalise(text).split()
    return [" ".join(words[i:i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1)]


# --- loading ------------------------------------------------------------------------------------

def available(directory: Path | str = QUESTIONS_DIR) -> list[str]:
    """The notebook stems that have a question file."""
    return sorted(p.stem for p in Path(directory).glob("*.json"))


def _problems(question: dict) -> list[str]:
    problems = []
    qid = question.get("id", "?")
    kind = question.get("kind")
    if kind not in KINDS:
        return [f"question {qid}: kind must be one of {', '.join(KINDS)}, not {kind!r}"]
    needed = ["id", "prompt_en", "prompt_es", "explain_en", "explain_es", "source_ids"]
    needed += {"choice": ["choices_en", "choices_es", "answer"],
               "order": ["items_en", "items_es", "answer"], "short": ["answer_hashes"]}[kind]
    problems += [f"question {qid}: missing field {f!r}" for f in needed if f not in question]
    for a, b in (("choices_en", "choices_es"), ("items_en", "items_es")):
        if a in question and b in question and len(question[a]) != len(question[b]):
            problems.append(f"question {qid}: {a} and {b} have different lengths")
    if not problems and kind in ("choice", "order"):
        try:
            _key(question)
        except ValueError as err:
            problems.append(f"question {qid}: bad answer key ({err})")
    return problems


def load_questions(notebook_stem: str, directory: Path | str = QUESTIONS_DIR) -> list[dict]:
    """The questions for one notebook ('03_signing' or '03_signing.ipynb'), checked for completeness."""
    stem = Path(str(notebook_stem)).stem if str(notebook_stem).endswith(".ipynb") else str(notebook_stem)
    path = Path(directory) / f"{stem}.json"
    if not path.exists():
        hint = did_you_mean(stem, available(directory))
        raise ValueError(f"no self-check questions for notebook {stem!r}" + (f"; {hint}" if hint else "")
                         + f" (files are in {directory})")
    data = json.loads(path.read_text(encoding="utf-8"))
    questions = data.get("questions", [])
    problems = [p for q in questions for p in _problems(q)]
    ids = [q.get("id") for q in questions]
    problems += [f"question id {i!r} is used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    if problems:
        raise ValueError(f"{path.name}: " + "; ".join(problems))
    return questions


# --- checking -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer: right or not, and a message that explains why."""

    answered: bool  # False when the answer was empty or incomplete (nothing was judged)
    correct: bool
    message: str  # 'Right.' / 'Not quite.' (or what is missing)
    explanation: str  # why, with the sources ('' when nothing was judged)
    detail: str = ""  # e.g. '3 of 5 in the right place' for an ordering


def _key(question: dict):
    payload = decode_key(question["id"], question["answer"])
    if question["kind"] == "choice":
        return int(payload)
    return [int(i) for i in payload.split(",")]


def _to_index(answer, options: list[str]):
    """An answer given as an index or as the option's text -> the index (None if not found)."""
    if isinstance(answer, bool) or answer is None:
        return None
    if isinstance(answer, int):
        return answer if 0 <= answer < len(options) else None
    wanted = normalise(answer)
    return next((i for i, o in enumerate(options) if normalise(o) == wanted), None)


def check_answer(question: dict, answer, lang: str | None = None) -> Feedback:
    """Check `answer` against `question` and explain.

    choice: the index of the chosen option (or its text); order: the items in the learner's order,
    as indices of the items as shown (or their texts); short: the typed text.
    """
    lang = resolve_language(lang)
    kind = question["kind"]
    explanation = t("selfcheck.explanation", lang, text=question[f"explain_{lang}"],
                    sources=question["source_ids"])
    detail = ""
    if kind == "choice":
        choice = _to_index(answer, question[f"choices_{lang}"])
        if choice is None:
            return Feedback(False, False, t("selfcheck.choose_first", lang), "")
        correct = choice == _key(question)
    elif kind == "order":
        items = question[f"items_{lang}"]
        order = [_to_index(a, items) for a in (answer or [])]
        if len(order) != len(items) or None in order or len(set(order)) != len(items):
            return Feedback(False, False, t("selfcheck.order_incomplete", lang, n=len(items)), "")
        key = _key(question)
        in_place = sum(a == b for a, b in zip(order, key, strict=True))
        correct = in_place == len(key)
        detail = t("selfcheck.order_detail", lang, right=in_place, total=len(key))
    else:
        text = "" if answer is None else str(answer)
        if not normalise(text):
            return Feedback(False, False, t("selfcheck.type_first", lang), "")
        accepted = set(question["answer_hashes"])
        correct = any(hash_short(question["id"], p) in accepted for p in _phrases(text))
    message = t("selfcheck.right" if correct else "selfcheck.wrong", lang)
    return Feedback(True, correct, message, explanation, detail)


class Progress:
    """The latest result for each question, and a one-line summary."""

    def __init__(self, question_ids):
        self.question_ids = list(question_ids)
        self.results: dict[str, bool] = {}

    def record(self, question_id: str, feedback: Feedback) -> None:
        if feedback.answered:
            self.results[question_id] = feedback.correct

    @property
    def answered(self) -> int:
        return len(self.results)

    @property
    def right(self) -> int:
        return sum(self.results.values())

    def summary(self, lang: str | None = None) -> str:
        total = len(self.question_ids)
        text = t("selfcheck.progress", lang, answered=self.answered, total=total, right=self.right)
        if total and self.right == total:
            text += " " + t("selfcheck.all_right", lang)
        return text


# --- widget -------------------------------------------------------------------------------------

def feedback_html(feedback: Feedback, lang: str | None = None) -> str:
    """Feedback as escaped HTML in a live region (screen readers announce it)."""
    if not feedback.answered:
        colour, mark = "#E69F00", "?"
    else:
        colour, mark = ("#009E73", "\u2713") if feedback.correct else ("#D55E00", "\u2717")
    body = f"<b>{mark} {esc(feedback.message)}</b>"
    if feedback.detail:
        body += f" {esc(feedback.detail)}"
    if feedback.explanation:
        body += f"<br>{esc(feedback.explanation)}"
    return (f"<div role='status' aria-live='polite' style='border-left:4px solid {colour};"
            f"padding:4px 8px;margin:4px 0'>{body}</div>")


def _shared_parts():
    """Layouts and styles shared by all the controls of one self-check: the page then holds one
    model of each instead of one per control (seven questions make about fifty controls)."""
    import ipywidgets as widgets
    from ipywidgets.widgets.widget_description import DescriptionStyle
    from ipywidgets.widgets.widget_string import HTMLStyle

    return SimpleNamespace(
        plain=widgets.Layout(), auto=widgets.Layout(width="auto"),
        box=widgets.Layout(border="1px solid #ddd", padding="4px", margin="4px 0"),
        label=DescriptionStyle(**FULL_LABEL), html=HTMLStyle(), button=widgets.ButtonStyle())


def _answer_control(question: dict, lang: str, parts: SimpleNamespace):
    """The control a learner answers with; returns (widget, function reading the answer)."""
    import ipywidgets as widgets

    kind = question["kind"]
    if kind == "choice":
        choices = [(text, i) for i, text in enumerate(question[f"choices_{lang}"])]
        radio = widgets.RadioButtons(options=choices, value=None, style=parts.label,
                                     description=t("selfcheck.your_answer", lang), layout=parts.auto)
        return radio, lambda: radio.value
    if kind == "order":
        items = question[f"items_{lang}"]
        options = [(t("selfcheck.pick", lang), None)] + [(text, i) for i, text in enumerate(items)]
        positions = [widgets.Dropdown(options=options, value=None, style=parts.label,
                                      description=t("selfcheck.position", lang, n=n), layout=parts.auto)
                     for n in range(1, len(items) + 1)]
        box = widgets.VBox([widgets.Label(t("selfcheck.order_hint", lang), layout=parts.plain), *positions],
                           layout=parts.plain)
        box.positions = positions
        return box, lambda: [p.value for p in positions]
    text = widgets.Text(value="", description=t("selfcheck.your_answer", lang), style=FULL_LABEL,
                        placeholder=t("selfcheck.short_placeholder", lang), continuous_update=False)
    return text, lambda: text.value


def _question_box(question: dict, number: int, lang: str, on_checked, parts: SimpleNamespace):
    import ipywidgets as widgets

    control, read = _answer_control(question, lang, parts)
    check = widgets.Button(description=t("selfcheck.check", lang), tooltip=t("selfcheck.check", lang),
                           button_style="primary", layout=parts.auto, style=parts.button)
    feedback = widgets.HTML(layout=parts.plain, style=parts.html)
    prompt = widgets.HTML(f"<p><b>{esc(t('selfcheck.question_head', lang, n=number))}</b> "
                          f"{esc(question[f'prompt_{lang}'])}</p>", layout=parts.plain, style=parts.html)

    def on_click(_button):
        result = check_answer(question, read(), lang)
        feedback.value = feedback_html(result, lang)
        box.last_feedback = result
        on_checked(question["id"], result)

    check.on_click(on_click)
    box = widgets.VBox([prompt, control, check, feedback], layout=parts.box)
    box.question, box.prompt, box.answer = question, prompt, control
    box.check, box.feedback = check, feedback
    box.read_answer, box.last_feedback = read, None
    return box


def self_check(notebook_stem: str, lang: str | None = None, directory: Path | str = QUESTIONS_DIR):
    """The self-check widget for one notebook: its questions, a Check button each, a progress line.

    Controls: `.questions` (one box per question, each with `.answer`: RadioButtons for a choice,
    a VBox with `.positions` Dropdowns for an ordering, a Text for a short answer; `.check`: the
    Button; `.feedback`: HTML), `.progress` (HTML summary).
    """
    import ipywidgets as widgets

    lang = resolve_language(lang)
    questions = load_questions(notebook_stem, directory)
    progress = Progress(q["id"] for q in questions)
    parts = _shared_parts()
    progress_html = widgets.HTML(layout=parts.plain, style=parts.html)

    def update(question_id, feedback):
        progress.record(question_id, feedback)
        progress_html.value = f"<p role='status'><b>{esc(progress.summary(lang))}</b></p>"

    boxes = [_question_box(q, n, lang, update, parts) for n, q in enumerate(questions, 1)]
    progress_html.value = f"<p role='status'><b>{esc(progress.summary(lang))}</b></p>"
    # ipywidgets gives each radio option a fixed height: a long answer that wraps would slide under
    # the next option, and a click on it would pick the wrong answer. Let options grow with their text.
    title = widgets.HTML(f"<style>{RADIO_CSS}</style><h4>{esc(t('selfcheck.title', lang))}</h4>",
                         layout=parts.plain, style=parts.html)
    box = widgets.VBox([title, *boxes, progress_html], layout=parts.plain)
    box.questions, box.progress, box.tracker = boxes, progress_html, progress
    return box


RADIO_CSS = ".widget-radio-box label{height:auto;line-height:1.4;align-items:flex-start}"


def _main(argv: list[str]) -> int:
    """Command line for question authors: print the answer field for a new question."""
    if len(argv) != 3 or argv[0] not in KINDS:
        print(__doc__)
        return 2
    kind, qid, value = argv
    if kind == "short":
        print(json.dumps({"answer_hashes": [hash_short(qid, v) for v in value.split("|")]}))
    else:
        print(json.dumps({"answer": encode_key(qid, value)}))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
