"""The class review (helpers.class_review): a folder of journal exports read together, as untrusted input."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

import helpers
from helpers.class_exports import MAX_ANSWER_CHARS, MAX_FILE_BYTES, class_review
from helpers.journal import Journal, serialise
from helpers.selfcheck import Feedback, Progress, load_questions

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "instructors" / "sample_exports"
STEM = "03_signing"


def selfcheck_text(first_try: list[bool], shown: set[int] = frozenset()) -> str:
    """The journal entry a learner's self-check writes: question n right on the first try or not."""
    progress = Progress([q["id"] for q in load_questions(STEM)])
    for n, first in enumerate(first_try):
        qid = progress.question_ids[n]
        if n in shown:
            progress.reveal(qid)
        progress.record(qid, Feedback(True, first, "", ""))
        if not first:
            progress.record(qid, Feedback(True, True, "", ""))
    return progress.to_text(STEM, "en")


def export(folder: Path, name: str, entries: dict) -> Path:
    path = folder / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(serialise(entries))
    return path


def fingerprint(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def classroom(tmp_path):
    folder = tmp_path / "exports"
    export(folder, "ana", {"selfcheck.03_signing": {"prompt": "", "text": selfcheck_text([True, False, True])},
                           "03_signing.six_men": {"prompt": "Who signed?", "text": "Six on 5 May."}})
    export(folder, "bo", {"selfcheck.03_signing": {"prompt": "", "text": selfcheck_text([True, True], shown={1})},
                          "03_signing.six_men": {"prompt": "Who signed?", "text": "<script>alert(1)</script>"}})
    export(folder, "chidi", {"03_signing.six_men": {"prompt": "Who signed?", "text": ""}})
    return folder


def test_counts_right_on_the_first_try_per_question(classroom):
    review = class_review(classroom)
    counts = {c["id"]: c for c in review.selfcheck_counts(STEM)}
    q1, q2, q3, q4 = (counts[f"{STEM}.q{n}"] for n in (1, 2, 3, 4))
    assert (q1["answered"], q1["first_try"], q1["right"]) == (2, 2, 2)
    # ana: wrong first then right; bo: asked to see it first, so a right try is not "first try"
    assert (q2["answered"], q2["first_try"], q2["right"], q2["shown"]) == (2, 0, 2, 1)
    assert (q3["answered"], q3["first_try"]) == (1, 1)
    assert (q4["answered"], q4["first_try"]) == (0, 0)
    assert list(counts) == [q["id"] for q in load_questions(STEM)]  # every question, in the file's order


def test_selfcheck_table_has_human_headers_and_no_index(classroom):
    table = class_review(classroom).selfcheck(STEM)
    assert list(table.columns)[:3] == ["Question", "Learners who answered", "Right on the first try"]
    assert table.iloc[0]["Right on the first try"] == "2 / 2"
    assert table.attrs["learners"] == 2  # chidi has no self-check results
    assert table.iloc[0]["Question"].startswith("1. How many")


def test_answers_side_by_side_with_every_learner(classroom):
    table = class_review(classroom).answers("03_signing.six_men")
    assert list(table["Learner"]) == ["ana", "bo", "chidi"]
    assert list(table["Answer"]) == ["Six on 5 May.", "<script>alert(1)</script>", "(no answer)"]


def test_hidden_names_number_the_learners_and_never_show_file_names(classroom):
    review = class_review(classroom, names="hide")
    assert review.learners == ["Learner 1", "Learner 2", "Learner 3"]
    html = review.answers_html("03_signing.six_men") + review.selfcheck_html(STEM)
    for name in ("ana", "bo", "chidi"):
        assert f">{name}<" not in html
    with pytest.raises(ValueError, match="names"):
        class_review(classroom, names="anonymous")


def test_everything_from_an_export_is_escaped(tmp_path):
    folder = tmp_path / "exports"
    evil = '<img src=x onerror="alert(1)">'
    export(folder, "<b>mallory</b>", {"03_signing.six_men": {"prompt": evil, "text": evil + "</td></table>"}})
    review = class_review(folder)
    html = review.answers_html("03_signing.six_men") + review._repr_html_() + review.notebook_html(STEM)
    assert "<img" not in html and "<b>mallory" not in html and "</td></table>" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "&lt;b&gt;mallory&lt;/b&gt;" in html


def test_broken_hostile_and_odd_files_are_skipped_reported_and_never_changed(tmp_path):
    folder = tmp_path / "exports"
    export(folder, "good", {"03_signing.six_men": {"prompt": "Who?", "text": "An answer"}})
    (folder / "truncated.json").write_text('{"format": "bishkek-journal", "entries": {"a": ', encoding="utf-8")
    (folder / "not_journal.json").write_text(json.dumps([1, 2, 3]), encoding="utf-8")
    (folder / "bad_entry.json").write_text(json.dumps({"entries": {"x": {"text": 5}}}), encoding="utf-8")
    (folder / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "huge.json").write_bytes(b" " * (MAX_FILE_BYTES + 1))
    (folder / "notes.md").write_text("# My journal\n", encoding="utf-8")
    (folder / "link.json").symlink_to(folder / "good.json")
    (folder / ".hidden.json").write_text("{}", encoding="utf-8")
    (folder / "a" / "b" / "c").mkdir(parents=True)
    export(folder / "a" / "b" / "c", "too_deep", {})
    before = fingerprint(folder)
    review = class_review(folder)
    assert fingerprint(folder) == before  # nothing written, moved or repaired
    assert review.learners == ["good"]
    skipped = {s["file"]: s["problem"] for s in review.skipped}
    assert set(skipped) == {"truncated.json", "not_journal.json", "bad_entry.json", "binary.json", "deep.json",
                            "huge.json", "notes.md", "link.json"}
    assert "not valid JSON" in skipped["truncated.json"]
    assert "too big" in skipped["huge.json"]
    assert ".json" in skipped["notes.md"]  # tells the lecturer which file to ask for
    files = review.files
    assert list(files.columns) == ["File", "Learner", "Status"]
    assert len(files) == 9


def test_one_folder_per_learner_and_long_answers_cut(tmp_path):
    folder = tmp_path / "exports"
    long_answer = "x" * (MAX_ANSWER_CHARS + 50)
    export(folder / "dana", "my-bishkek-journal", {"06_synthesis.argument": {"prompt": "", "text": long_answer}})
    export(folder / "emil", "my-bishkek-journal", {"06_synthesis.argument": {"prompt": "", "text": "short"}})
    review = class_review(folder)
    assert review.learners == ["dana", "emil"]
    answer = review.answers("06_synthesis.argument")["Answer"][0]
    assert answer.startswith("x" * MAX_ANSWER_CHARS) and str(MAX_ANSWER_CHARS + 50) in answer
    assert len(answer) < MAX_ANSWER_CHARS + 100


def test_a_real_journal_export_reads_back(tmp_path):
    """What the session bar writes (Journal.export) is what the review reads."""
    journal = Journal(tmp_path / "learner")
    journal.set("03_signing.six_men", "Baburyan, Ararktsyan and four mediators", prompt="Who signed?")
    journal.set("selfcheck.03_signing", selfcheck_text([False]))
    _, json_path = journal.export(tmp_path / "class")
    review = class_review(tmp_path / "class")
    assert review.learners == ["journal-export"]
    assert review.prompts(STEM) == ["03_signing.six_men"]
    assert review.prompt_text("03_signing.six_men") == "Who signed?"
    assert review.selfcheck_counts(STEM)[0]["answered"] == 1


def test_missing_folder_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="journal exports"):
        class_review(tmp_path / "nope")


def test_public_name_and_spanish_headers(classroom):
    assert helpers.class_review is class_review
    table = class_review(classroom, lang="es").selfcheck(STEM)
    assert "Acierto al primer intento" in table.columns


def test_shipped_sample_is_fake_and_shows_a_skipped_file():
    before = fingerprint(SAMPLE)
    review = class_review(SAMPLE)
    assert fingerprint(SAMPLE) == before
    assert review.learners and all(name.startswith("fake-learner-") for name in review.learners)
    assert [s["file"] for s in review.skipped] == ["fake-learner-broken.json"]
    assert any("<script>" in e["03_signing.six_men"]["text"] for e in review.entries.values())
    assert all(os.path.getsize(p) < 20_000 for p in SAMPLE.glob("*.json"))
