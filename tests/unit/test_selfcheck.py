"""Self-check: answer keys hidden from a glance, feedback that lets the learner try again, the answer
shown on request, results kept in the journal, and the widget."""

import json

import pytest

from helpers import selfcheck as sc
from helpers.journal import Journal

CHOICE = {"id": "07_test.q1", "type": "choice", "kind": "recall", "prompt_en": "Where?", "prompt_es": "¿Dónde?",
          "choices_en": ["Bishkek", "Baku", "Moscow"], "choices_es": ["Bishkek", "Bakú", "Moscú"],
          "why_en": ["Tempting: the meeting was there [S04].", "He signed in Baku [S11].",
                     "Tempting: the CIS summit was there [S18]."],
          "why_es": ["Tentadora: allí fue la reunión [S04].", "Firmó en Bakú [S11].",
                     "Tentadora: allí fue la cumbre de la CEI [S18]."],
          "answer": sc.encode_key("07_test.q1", "1"), "explain_en": "Guliyev signed in Baku.",
          "explain_es": "Gulíyev firmó en Bakú.", "source_ids": "S10;S11"}
# shown: [c, a, d, b]; right order a, b, c, d -> shown indices 1, 3, 0, 2
ORDER = {"id": "07_test.q2", "type": "order", "kind": "reasoning", "prompt_en": "Order", "prompt_es": "Ordena",
         "items_en": ["c", "a", "d", "b"], "items_es": ["c", "a", "d", "b"],
         "answer": sc.encode_key("07_test.q2", "1,3,0,2"), "hint_en": "a comes first.", "hint_es": "a va primero.",
         "explain_en": "a b c d", "explain_es": "a b c d", "source_ids": "S04"}
SHORT = {"id": "07_test.q3", "type": "short", "kind": "recall", "prompt_en": "City?", "prompt_es": "¿Ciudad?",
         "answer_hashes": [sc.hash_short("07_test.q3", "Baku")], "hint_en": "Kazimirov went there.",
         "hint_es": "Kazimírov fue allí.", "explain_en": "Baku.", "explain_es": "Bakú.", "source_ids": "S11"}


@pytest.fixture
def question_dir(tmp_path):
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "07_test.json").write_text(json.dumps({"questions": [CHOICE, ORDER, SHORT]}), encoding="utf-8")
    return folder


@pytest.fixture
def journal(tmp_path):
    return Journal(tmp_path / "journal")


def test_keys_round_trip_and_belong_to_their_question():
    assert sc.decode_key("07_test.q1", CHOICE["answer"]) == "1"
    for other_id, key in (("07_test.q9", CHOICE["answer"]), ("07_test.q1", "not base64!"), ("07_test.q1", "")):
        with pytest.raises(ValueError):
            sc.decode_key(other_id, key)
    assert sc.hash_short("q", "Bakú!") == sc.hash_short("q", "  baku ")
    assert sc.hash_short("q", "Baku") != sc.hash_short("other", "Baku")  # salted per question


def test_a_wrong_choice_explains_that_option_and_keeps_the_answer_hidden():
    wrong = sc.check_answer(CHOICE, 0, "en")
    assert wrong.answered and not wrong.correct and wrong.message == "Not quite."
    assert wrong.why == "Tempting: the meeting was there [S04]."  # about the option chosen
    assert wrong.explanation == ""  # the explanation would give the answer away
    other = sc.check_answer(CHOICE, 2, "en")
    assert other.why != wrong.why  # each wrong option has its own explanation
    right = sc.check_answer(CHOICE, 1, "en")
    assert right.correct and right.message == "Right." and right.why == "He signed in Baku [S11]."
    assert right.explanation == "Guliyev signed in Baku. Sources: S10;S11."
    assert sc.check_answer(CHOICE, "Bakú", "es").correct  # by the option's text
    empty = sc.check_answer(CHOICE, None, "en")
    assert not empty.answered and empty.explanation == "" and empty.why == ""
    assert not sc.check_answer(CHOICE, 7, "en").answered


def test_feedback_html_offers_a_retry_on_a_wrong_answer_and_never_shows_the_answer():
    html = sc.feedback_html(sc.check_answer(CHOICE, 0, "en"), "en")
    assert "Tempting: the meeting was there" in html and "Show answer" in html and "Try again" in html
    assert "Guliyev signed in Baku" not in html and "Sources: S10;S11" not in html
    right = sc.feedback_html(sc.check_answer(CHOICE, 1, "en"), "en")
    assert "Guliyev signed in Baku" in right and "Try again" not in right


def test_show_answer_reveals_the_right_option_with_its_explanation():
    shown = sc.reveal_answer(CHOICE, "en")
    assert shown.shown and shown.message == "The answer: Baku"
    assert shown.why == "He signed in Baku [S11]." and "Sources: S10;S11" in shown.explanation
    order = sc.reveal_answer(ORDER, "en")
    assert order.message == "The answer: 1. a; 2. b; 3. c; 4. d"
    assert "Baku." in sc.reveal_answer(SHORT, "en").explanation
    assert sc.reveal_answer(CHOICE, "es").message == "La respuesta: Bakú"


def test_ordering_is_checked_position_by_position_with_a_hint():
    right = sc.check_answer(ORDER, [1, 3, 0, 2], "en")
    assert right.correct and right.detail == "4 of 4 in the right place." and right.why == ""
    swapped = sc.check_answer(ORDER, [3, 1, 0, 2], "en")
    assert swapped.answered and not swapped.correct and swapped.detail == "2 of 4 in the right place."
    assert swapped.why == "a comes first." and swapped.explanation == ""
    assert sc.check_answer(ORDER, ["a", "b", "c", "d"], "en").correct  # by the items' text
    assert not sc.check_answer(ORDER, [1, 1, 0, 2], "en").answered  # an item twice
    assert not sc.check_answer(ORDER, [1, 3, None, 2], "en").answered  # a position left empty


def test_short_answers_ignore_case_accents_and_surrounding_words():
    for answer in ("Baku", "BAKÚ", "It was Baku.", "in baku"):
        assert sc.check_answer(SHORT, answer, "en").correct, answer
    for answer in ("Bishkek", "Bak"):
        wrong = sc.check_answer(SHORT, answer, "en")
        assert not wrong.correct and wrong.why == "Kazimirov went there.", answer
    assert not sc.check_answer(SHORT, "  ", "en").answered


def test_progress_counts_first_tries_retries_and_shown_answers():
    progress = sc.Progress(["a", "b", "c", "d"])
    progress.record("a", sc.check_answer(CHOICE, 0, "en"))  # wrong, then right: right, not first try
    progress.record("a", sc.check_answer(CHOICE, 1, "en"))
    progress.record("b", sc.check_answer(ORDER, [1, 3, 0, 2], "en"))  # right on the first try
    progress.record("b", sc.check_answer(ORDER, [0, 1, 2, 3], "en"))  # exploring afterwards keeps "right"
    progress.record("c", sc.check_answer(SHORT, "", "en"))  # not answered: not a try
    progress.reveal("d")  # shown before any try: a later right answer is not a first-try success
    progress.record("d", sc.check_answer(SHORT, "Baku", "en"))
    assert (progress.answered, progress.right, progress.first_try) == (3, 3, 1)
    assert progress.results["a"] == sc.QuestionResult(tries=2, first_try=False, right=True, shown=False)
    assert progress.results["d"] == sc.QuestionResult(tries=1, first_try=False, right=True, shown=True)
    assert progress.summary("en") == ("Progress: 3 of 4 questions answered, 3 right. "
                                      "Right on the first try: 1.")
    assert progress.status("a", "en") == "right (tries: 2)"
    assert progress.status("d", "es") == "acertada (intentos: 1), respuesta mostrada"


def test_results_text_round_trips_in_both_languages():
    progress = sc.Progress(["07_test.q1", "07_test.q2", "07_test.q3"])
    progress.record("07_test.q1", sc.check_answer(CHOICE, 1, "en"))
    progress.record("07_test.q2", sc.check_answer(ORDER, [0, 1, 2, 3], "en"))
    progress.reveal("07_test.q2")
    for lang in ("en", "es"):
        text = progress.to_text("07_test", lang)
        parsed = sc.parse_selfcheck_results(text)
        assert parsed["notebook"] == "07_test" and parsed["total"] == 3
        assert (parsed["answered"], parsed["right"], parsed["first_try"]) == (2, 1, 1)
        assert parsed["questions"]["07_test.q1"] == {"tries": 1, "first_try": True, "right": True, "shown": False}
        assert parsed["questions"]["07_test.q2"] == {"tries": 1, "first_try": False, "right": False, "shown": True}
        assert parsed["questions"]["07_test.q3"]["tries"] == 0
        restored = sc.Progress(progress.question_ids)
        restored.restore(parsed)
        assert restored.results == progress.results
    assert "right on the first try" in progress.to_text("07_test", "en")
    assert "acertada a la primera" in progress.to_text("07_test", "es")


def test_results_survive_markdown_escaping_and_other_text():
    progress = sc.Progress(["07_test.q1"])
    progress.record("07_test.q1", sc.check_answer(CHOICE, 0, "en"))
    text = progress.to_text("07_test", "en")
    escaped = "".join("\\" + ch if ch in "[]_.-=" else ch for ch in text)  # what a Markdown escaper may do
    assert sc.parse_selfcheck_results(escaped) == sc.parse_selfcheck_results(text)
    assert sc.parse_selfcheck_results("just a learner's note")["questions"] == {}
    assert sc.parse_selfcheck_results("")["notebook"] is None


def test_results_round_trip_for_random_learners():
    """Many random learners on the real question files: whatever they did, the text reads back."""
    import random

    rng = random.Random(1994)
    for stem in sc.available():
        ids = [q["id"] for q in sc.load_questions(stem)]
        for _ in range(30):
            progress = sc.Progress(ids)
            for qid in ids:
                tries = rng.choice([0, 0, 1, 2, 5])
                right = tries > 0 and rng.random() < 0.7
                progress.results[qid] = sc.QuestionResult(tries, right and rng.random() < 0.5, right,
                                                          rng.random() < 0.3)
            parsed = sc.parse_selfcheck_results(progress.to_text(stem, rng.choice(["en", "es"])))
            restored = sc.Progress(ids)
            restored.restore(parsed)
            assert restored.results == progress.results
            assert (parsed["answered"], parsed["right"], parsed["first_try"]) == (
                progress.answered, progress.right, progress.first_try)


def test_a_lecturer_reads_every_notebooks_results_from_an_export(question_dir, journal, tmp_path):
    data = json.loads((question_dir / "07_test.json").read_text(encoding="utf-8"))
    for q in data["questions"]:  # a second notebook with the same questions under its own ids
        new_id = q["id"].replace("07_test", "08_test")
        if "answer" in q:
            q["answer"] = sc.encode_key(new_id, sc.decode_key(q["id"], q["answer"]))
        if "answer_hashes" in q:
            q["answer_hashes"] = [sc.hash_short(new_id, "Baku")]
        q["id"] = new_id
    (question_dir / "08_test.json").write_text(json.dumps(data), encoding="utf-8")
    first = sc.self_check("07_test", lang="en", directory=question_dir, journal=journal)
    first.questions[0].answer.value = 1
    first.questions[0].check.click()
    second = sc.self_check("08_test", lang="es", directory=question_dir, journal=journal)
    second.questions[2].answer.value = "Bakú"
    second.questions[2].check.click()
    second.questions[1].show_answer.click()
    journal.set("07_test.reflection", "My own note [07_test.q1 tries=9 first=yes right=yes shown=no]")
    md_path, json_path = journal.export(tmp_path / "export", lang="en")
    from_json = sc.read_selfcheck_results(json_path.read_bytes())
    assert set(from_json) == {"07_test", "08_test"}
    assert from_json["07_test"]["questions"]["07_test.q1"]["first_try"]
    assert from_json["08_test"]["questions"]["08_test.q3"] == {"tries": 1, "first_try": True, "right": True,
                                                              "shown": False}
    assert from_json["08_test"]["questions"]["08_test.q2"]["shown"]
    from_markdown = sc.read_selfcheck_results(md_path.read_text(encoding="utf-8"))
    assert set(from_markdown) == {"07_test", "08_test"}
    assert from_markdown == from_json  # the learner's own note that looks like a tag is not read


def test_every_notebook_after_the_start_has_questions_of_every_type():
    from helpers import course

    stems = [entry["file"].removesuffix(".ipynb") for entry in course.notebooks()][1:]
    assert set(stems) <= set(sc.available())
    types = set()
    for stem in stems:
        questions = sc.load_questions(stem)
        assert len(questions) >= 3, stem
        types |= {q["type"] for q in questions}
        assert all(q["id"].startswith(stem + ".") for q in questions)
    assert types == set(sc.TYPES)


def test_answers_are_not_readable_at_a_glance():
    for stem in sc.available():
        for q in sc.load_questions(stem):
            if q["type"] == "short":
                assert all(len(h) == 64 and int(h, 16) >= 0 for h in q["answer_hashes"])
                assert sc.check_answer(q, q["explain_en"], "en").correct, q["id"]  # "Show answer" shows it
            else:
                assert isinstance(q["answer"], str) and not q["answer"].replace(",", "").isdigit()
                assert sc.check_answer(q, sc._key(q), "en").correct  # the key decodes to a right answer


def test_unknown_notebooks_are_explained_with_a_hint(question_dir):
    with pytest.raises(sc.SelfCheckError, match="did you mean '07_test'"):
        sc.load_questions("07_tset", question_dir)
    assert len(sc.load_questions("07_test.ipynb", question_dir)) == 3


def test_widget_retry_then_right_and_progress(question_dir, journal):
    w = sc.self_check("07_test", lang="en", directory=question_dir, journal=journal)
    choice, order, short = w.questions
    assert "0 of 3" in w.progress.value
    choice.answer.value = 0
    choice.check.click()
    assert "Not quite." in choice.feedback.value and "the meeting was there" in choice.feedback.value
    assert "Guliyev signed in Baku" not in choice.feedback.value  # the answer stays hidden
    choice.answer.value = 1
    choice.check.click()
    assert "Right." in choice.feedback.value and "Guliyev signed in Baku" in choice.feedback.value
    assert "1 of 3 questions answered, 1 right" in w.progress.value and "first try: 0" in w.progress.value
    for dropdown, value in zip(order.answer.positions, [1, 3, 0, 2], strict=True):
        dropdown.value = value
    order.check.click()
    assert "Right." in order.feedback.value and "4 of 4" in order.feedback.value
    assert "first try: 1" in w.progress.value
    short.show_answer.click()
    assert "Baku." in short.feedback.value and "The answer is in the explanation" in short.feedback.value
    short.answer.value = "Baku"
    short.check.click()
    assert "All right" in w.progress.value and "first try: 1" in w.progress.value
    assert choice.answer.description and short.answer.description  # visible labels
    assert [d.description for d in order.answer.positions] == [f"Position {n}" for n in range(1, 5)]


def test_widget_keeps_results_in_the_journal_and_shows_them_again(question_dir, journal, tmp_path):
    w = sc.self_check("07_test", lang="en", directory=question_dir, journal=journal)
    w.questions[0].answer.value = 2
    w.questions[0].check.click()
    w.questions[1].show_answer.click()
    on_disk = json.loads((tmp_path / "journal" / "journal.json").read_text(encoding="utf-8"))
    entry = on_disk["entries"]["selfcheck.07_test"]
    assert entry["prompt"] == "Self-check results: 07_test"
    parsed = sc.parse_selfcheck_results(entry["text"])
    assert parsed["questions"]["07_test.q1"] == {"tries": 1, "first_try": False, "right": False, "shown": False}
    assert parsed["questions"]["07_test.q2"]["shown"]
    again = sc.self_check("07_test", lang="en", directory=question_dir, journal=Journal(tmp_path / "journal"))
    assert "1 of 3 questions answered, 0 right" in again.progress.value  # a fresh kernel sees them
    assert "Kept from last time: not right yet (tries: 1)." in again.questions[0].feedback.value
    assert "answer shown" in again.questions[1].feedback.value
    assert again.questions[2].feedback.value == ""
    from helpers.safe_text import escape_markdown

    assert escape_markdown("Self-check 07_test") in journal.to_markdown("en")  # part of the learner's export


def test_the_journal_entry_is_headed_by_the_notebooks_title(journal):
    w = sc.self_check("03_signing", lang="es", journal=journal)
    w.questions[0].show_answer.click()
    assert journal.entries["selfcheck.03_signing"]["prompt"] == (
        "Resultados de la autoevaluación: Firmas, enmiendas y el alto el fuego (03_signing)")
    total = len(sc.load_questions("03_signing"))
    assert journal.text("selfcheck.03_signing").startswith(f"Autoevaluación 03_signing: 0 de {total} preguntas")


def test_widget_can_keep_nothing(question_dir):
    w = sc.self_check("07_test", lang="en", directory=question_dir, keep_results=False)
    w.questions[0].answer.value = 1
    w.questions[0].check.click()
    assert w.journal is None and "1 of 3" in w.progress.value


def test_a_journal_that_cannot_be_written_keeps_the_results_and_says_so(question_dir, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the journal folder should be")
    w = sc.self_check("07_test", lang="en", directory=question_dir, journal=Journal(blocked))
    w.questions[0].answer.value = 1
    w.questions[0].check.click()
    assert "could not be saved" in w.progress.value and "1 of 3" in w.progress.value
    assert "07_test.q1 tries=1" in w.journal.text("selfcheck.07_test")  # still in memory


def test_controls_share_their_layouts_and_styles(journal):
    """A self-check of seven questions sends a handful of layout and style models to the page,
    not one per control (about seventy before)."""
    import ipywidgets as widgets

    w = sc.self_check("05_actor_network", lang="en", journal=journal)
    parts = {id(c.layout) for c in _descendants(w)} | {id(c.style) for c in _descendants(w) if hasattr(c, "style")}
    assert len(w.questions) == len(sc.load_questions("05_actor_network")) and len(parts) <= 10
    first, second = w.questions[0], w.questions[1]
    assert first.check.layout is second.check.layout and first.prompt.style is second.prompt.style
    assert first.show_answer.style is second.show_answer.style and first.check.style is second.check.style
    assert isinstance(first.check.style, widgets.ButtonStyle)


def _descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _descendants(child)


def test_widget_in_spanish_escapes_text(question_dir, journal):
    w = sc.self_check("07_test", lang="es", directory=question_dir, journal=journal)
    assert "¿Dónde?" in w.questions[0].prompt.value
    w.questions[0].check.click()
    assert "Elige primero" in w.questions[0].feedback.value
    w.questions[0].answer.value = 0
    w.questions[0].check.click()
    assert "Tentadora: allí fue la reunión" in w.questions[0].feedback.value
    assert "Mostrar respuesta" in w.questions[0].feedback.value


def test_author_command_line(capsys):
    assert sc._main(["choice", "07_test.q1", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["answer"] == CHOICE["answer"]
    assert sc._main(["short", "07_test.q3", "Baku|Bakı"]) == 0
    assert json.loads(capsys.readouterr().out)["answer_hashes"][0] == SHORT["answer_hashes"][0]


def test_counts_by_kind_for_the_report(question_dir, capsys):
    rows = sc.selfcheck_counts(question_dir)
    assert rows == [{"notebook": "07_test", "recall": 2, "reasoning": 1, "total": 3, "reasoning_share": 0.33}]
    assert sc._main(["--counts", str(question_dir)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["notebook", "recall", "reasoning", "total", "reasoning", "%"]
    assert out[1].split() == ["07_test", "2", "1", "3", "33%"]
