"""Self-check: answer keys hidden from a glance, feedback right for right and wrong answers, widget."""

import json

import pytest

from helpers import course, load_dataset
from helpers import selfcheck as sc

CHOICE = {"id": "t.q1", "kind": "choice", "prompt_en": "Where?", "prompt_es": "¿Dónde?",
          "choices_en": ["Bishkek", "Baku", "Moscow"], "choices_es": ["Bishkek", "Bakú", "Moscú"],
          "answer": sc.encode_key("t.q1", "1"), "explain_en": "Guliyev signed in Baku.",
          "explain_es": "Guliyev firmó en Bakú.", "source_ids": "S10;S11"}
# shown: [c, a, d, b]; right order a, b, c, d -> shown indices 1, 3, 0, 2
ORDER = {"id": "t.q2", "kind": "order", "prompt_en": "Order", "prompt_es": "Ordena",
         "items_en": ["c", "a", "d", "b"], "items_es": ["c", "a", "d", "b"],
         "answer": sc.encode_key("t.q2", "1,3,0,2"), "explain_en": "a b c d", "explain_es": "a b c d",
         "source_ids": "S04"}
SHORT = {"id": "t.q3", "kind": "short", "prompt_en": "City?", "prompt_es": "¿Ciudad?",
         "answer_hashes": [sc.hash_short("t.q3", "Baku")], "explain_en": "Baku.", "explain_es": "Bakú.",
         "source_ids": "S11"}


@pytest.fixture
def question_dir(tmp_path):
    (tmp_path / "07_test.json").write_text(json.dumps({"questions": [CHOICE, ORDER, SHORT]}), encoding="utf-8")
    return tmp_path


def test_keys_round_trip_and_belong_to_their_question():
    assert sc.decode_key("t.q1", CHOICE["answer"]) == "1"
    with pytest.raises(ValueError):
        sc.decode_key("t.q9", CHOICE["answer"])
    assert sc.hash_short("q", "Bakú!") == sc.hash_short("q", "  baku ")
    assert sc.hash_short("q", "Baku") != sc.hash_short("other", "Baku")  # salted per question


def test_choice_feedback_right_wrong_and_unanswered():
    right = sc.check_answer(CHOICE, 1, "en")
    assert right.answered and right.correct and right.message == "Right."
    assert right.explanation == "Guliyev signed in Baku. Sources: S10;S11."
    wrong = sc.check_answer(CHOICE, 0, "en")
    assert wrong.answered and not wrong.correct and wrong.message == "Not quite."
    assert "Guliyev signed in Baku." in wrong.explanation  # explains why, also when wrong
    assert sc.check_answer(CHOICE, "Bakú", "es").correct  # by the option's text
    empty = sc.check_answer(CHOICE, None, "en")
    assert not empty.answered and empty.explanation == ""
    assert not sc.check_answer(CHOICE, 7, "en").answered


def test_ordering_is_checked_position_by_position():
    right = sc.check_answer(ORDER, [1, 3, 0, 2], "en")
    assert right.correct and right.detail == "4 of 4 in the right place."
    swapped = sc.check_answer(ORDER, [3, 1, 0, 2], "en")
    assert swapped.answered and not swapped.correct and swapped.detail == "2 of 4 in the right place."
    assert sc.check_answer(ORDER, ["a", "b", "c", "d"], "en").correct  # by the items' text
    assert not sc.check_answer(ORDER, [1, 1, 0, 2], "en").answered  # an item twice
    assert not sc.check_answer(ORDER, [1, 3, None, 2], "en").answered  # a position left empty


def test_short_answers_ignore_case_accents_and_surrounding_words():
    for answer in ("Baku", "BAKÚ", "It was Baku.", "in baku"):
        assert sc.check_answer(SHORT, answer, "en").correct, answer
    for answer in ("Bishkek", "Bak"):
        assert not sc.check_answer(SHORT, answer, "en").correct, answer
    assert not sc.check_answer(SHORT, "  ", "en").answered


def test_progress_keeps_the_latest_result_per_question():
    progress = sc.Progress(["a", "b", "c"])
    progress.record("a", sc.check_answer(CHOICE, 0, "en"))
    progress.record("a", sc.check_answer(CHOICE, 1, "en"))
    progress.record("b", sc.check_answer(ORDER, [0, 1, 2, 3], "en"))
    progress.record("c", sc.check_answer(SHORT, "", "en"))  # not answered: not counted
    assert (progress.answered, progress.right) == (2, 1)
    assert progress.summary("en") == "Progress: 2 of 3 questions answered, 1 right."


def test_every_notebook_after_the_start_has_good_questions():
    stems = [entry["file"].removesuffix(".ipynb") for entry in course.notebooks()][1:]
    assert set(stems) <= set(sc.available())
    kinds = set()
    for stem in stems:
        questions = sc.load_questions(stem)
        assert len(questions) >= 3, stem
        for q in questions:
            kinds.add(q["kind"])
            assert q["id"].startswith(stem + ".")
            assert q["explain_en"] and q["explain_es"] and q["prompt_es"]
            assert all(part.startswith("S") for part in q["source_ids"].split(";"))
            assert "S74" not in q["source_ids"].split(";")  # the unreliable site is never evidence
    assert kinds == {"choice", "order", "short"}


def test_answers_are_not_readable_at_a_glance():
    for stem in sc.available():
        for q in sc.load_questions(stem):
            if q["kind"] == "short":
                assert all(len(h) == 64 and int(h, 16) >= 0 for h in q["answer_hashes"])
            else:
                assert isinstance(q["answer"], str) and not q["answer"].replace(",", "").isdigit()
                assert sc.check_answer(q, sc._key(q), "en").correct  # the key decodes to a right answer


def test_bad_files_and_unknown_notebooks_are_explained(tmp_path, question_dir):
    broken = dict(CHOICE, id="x.q1")
    del broken["choices_es"]
    (tmp_path / "08_bad.json").write_text(json.dumps({"questions": [broken, broken]}), encoding="utf-8")
    with pytest.raises(ValueError, match="missing field 'choices_es'.*used twice"):
        sc.load_questions("08_bad", tmp_path)
    with pytest.raises(ValueError, match="did you mean '07_test'"):
        sc.load_questions("07_tset", question_dir)
    assert len(sc.load_questions("07_test.ipynb", question_dir)) == 3


def test_widget_feedback_and_progress(question_dir):
    w = sc.self_check("07_test", lang="en", directory=question_dir)
    choice, order, short = w.questions
    assert "0 of 3" in w.progress.value
    choice.answer.value = 0
    choice.check.click()
    assert "Not quite." in choice.feedback.value and "Guliyev signed in Baku." in choice.feedback.value
    choice.answer.value = 1
    choice.check.click()
    assert "Right." in choice.feedback.value and "1 of 3 questions answered, 1 right" in w.progress.value
    for dropdown, value in zip(order.answer.positions, [1, 3, 0, 2], strict=True):
        dropdown.value = value
    order.check.click()
    assert "Right." in order.feedback.value and "4 of 4" in order.feedback.value
    short.answer.value = "Bishkek"
    short.check.click()
    assert "Not quite." in short.feedback.value and "3 of 3 questions answered, 2 right" in w.progress.value
    short.answer.value = "Baku"
    short.check.click()
    assert "All right" in w.progress.value
    assert choice.answer.description and short.answer.description  # visible labels
    assert [d.description for d in order.answer.positions] == [f"Position {n}" for n in range(1, 5)]


def test_controls_share_their_layouts_and_styles():
    """A self-check of seven questions sends a handful of layout and style models to the page,
    not one per control (about seventy before)."""
    import ipywidgets as widgets

    w = sc.self_check("05_actor_network", lang="en")
    parts = {id(c.layout) for c in _descendants(w)} | {id(c.style) for c in _descendants(w) if hasattr(c, "style")}
    assert len(w.questions) == 7 and len(parts) <= 10
    first, second = w.questions[0], w.questions[1]
    assert first.check.layout is second.check.layout and first.prompt.style is second.prompt.style
    assert isinstance(first.check.style, widgets.ButtonStyle)


def _descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _descendants(child)


def test_widget_in_spanish_escapes_text(question_dir):
    w = sc.self_check("07_test", lang="es", directory=question_dir)
    assert "¿Dónde?" in w.questions[0].prompt.value
    w.questions[0].check.click()
    assert "Elige primero" in w.questions[0].feedback.value


def test_author_command_line(capsys):
    assert sc._main(["choice", "t.q1", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["answer"] == CHOICE["answer"]
    assert sc._main(["short", "t.q3", "Baku|Bakı"]) == 0
    assert json.loads(capsys.readouterr().out)["answer_hashes"][0] == SHORT["answer_hashes"][0]


def test_every_cited_source_is_in_the_dataset():
    known = set(load_dataset().sources["id"])
    for stem in sc.available():
        for q in sc.load_questions(stem):
            assert set(q["source_ids"].split(";")) <= known, q["id"]
