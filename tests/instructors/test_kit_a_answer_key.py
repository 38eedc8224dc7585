"""The self-check answer key is generated from the question files, explains every wrong option,
and never appears in a learner notebook."""

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from helpers import selfcheck

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("make_answer_key", ROOT / "tools" / "make_answer_key.py")
make_answer_key = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_answer_key)


@pytest.fixture(scope="module")
def key():
    return make_answer_key.answer_key()


def all_questions():
    return [q for stem in selfcheck.available() for q in selfcheck.load_questions(stem)]


def test_every_question_is_in_the_key_with_its_right_answer(key):
    questions = all_questions()
    assert questions
    for q in questions:
        block = key.split(f"### {q['id']} ", 1)[1].split("\n### ", 1)[0]
        if q["type"] == "choice":
            right = q["choices_en"].index(selfcheck.right_answer(q, "en"))
            letter = make_answer_key.LETTERS[right]
            assert f"**Answer: {letter}.**" in block
            assert f"- {letter} (right):" in block
            for i, why in enumerate(q["why_en"]):  # every option, right and wrong, with its why
                assert " ".join(why.split()) in block
                if i != right:
                    assert f"- {make_answer_key.LETTERS[i]} (wrong):" in block
        elif q["type"] == "order":
            assert " ".join(selfcheck.right_answer(q, "en").split()) in block
        assert " ".join(q["explain_en"].split()) in block


def test_the_key_decodes_the_answer_not_the_first_option(tmp_path):
    # A question file whose right answer is option C: the key must say C, whatever the order.
    src = selfcheck.QUESTIONS_DIR / "03_signing.json"
    data = json.loads(src.read_text(encoding="utf-8"))
    q = next(q for q in data["questions"] if q["type"] == "choice")
    q["answer"] = selfcheck.encode_key(q["id"], "2")
    data["questions"] = [q]
    (tmp_path / "03_signing.json").write_text(json.dumps(data), encoding="utf-8")
    text = make_answer_key.answer_key(tmp_path)
    assert "**Answer: C.**" in text and "- C (right):" in text and "- A (wrong):" in text


def test_cli_writes_build_file(tmp_path):
    out = tmp_path / "key.md"
    assert make_answer_key.main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == make_answer_key.answer_key()


def test_a_broken_question_file_is_reported_not_keyed(tmp_path):
    shutil.copy(selfcheck.QUESTIONS_DIR / "01_context.json", tmp_path / "01_context.json")
    data = json.loads((tmp_path / "01_context.json").read_text(encoding="utf-8"))
    data["questions"][0]["answer"] = "not-a-key"
    (tmp_path / "01_context.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(selfcheck.SelfCheckError):
        make_answer_key.answer_key(tmp_path)


def test_no_learner_notebook_contains_the_key(key):
    """Neither the key's heading nor any option's explanation nor an 'Answer: X.' line is in a
    notebook (sources or committed outputs)."""
    whys = {" ".join(w.split()) for q in all_questions() if q["type"] == "choice" for w in q["why_en"] + q["why_es"]}
    answers = [line for line in key.splitlines() if line.startswith("**Answer")]
    notebooks = sorted((ROOT / "notebooks").rglob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        text = " ".join(path.read_text(encoding="utf-8").replace("\\n", " ").replace('",', " ").split())
        assert "Self-check answer key" not in text, path
        for why in whys:
            assert why not in text, f"{path.name} contains a self-check explanation: {why[:60]}"
        for line in answers:
            assert line not in text, f"{path.name} contains key line {line[:60]}"
