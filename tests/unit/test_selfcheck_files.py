"""The self-check question files: what they teach (kinds, sources, no repeats, real Spanish) and
how broken files are reported (issue 12: a clear error naming file, question and field, in the
learner's language, before anything is drawn; never AttributeError, TypeError or RecursionError).

The broken files are generated from the real ones: every question of every file, every field of
it deleted or given a value of each wrong type, lists out of step, bad answer keys, wrong top-level
shapes, deep nesting, invalid JSON and bytes that are not UTF-8.
"""

import csv
import difflib
import json
import re
from pathlib import Path

import pytest

from helpers import selfcheck as sc

ROOT = Path(__file__).resolve().parents[2]
STEMS = sc.available()
QUESTIONS = {stem: sc.load_questions(stem) for stem in STEMS}
SOURCE_IDS = {row["id"] for row in csv.DictReader((ROOT / "data" / "sources.csv").open(encoding="utf-8"))}
ACTORS = list(csv.DictReader((ROOT / "data" / "actors.csv").open(encoding="utf-8")))


def _texts(q: dict, lang: str) -> list[str]:
    """Every text of a question that a learner reads in `lang`."""
    fields = ["prompt", "explain", "hint"]
    out = [q[f"{f}_{lang}"] for f in fields if f"{f}_{lang}" in q]
    for f in ("choices", "items", "why"):
        out += q.get(f"{f}_{lang}", [])
    return out


# --- what the questions teach ---------------------------------------------------------------------

@pytest.mark.parametrize("stem", STEMS)
def test_at_least_40_percent_of_each_notebooks_questions_ask_for_reasoning(stem):
    kinds = [q["kind"] for q in QUESTIONS[stem]]
    assert set(kinds) <= set(sc.KINDS)
    assert kinds.count("reasoning") / len(kinds) >= 0.4, f"{stem}: {kinds.count('reasoning')} of {len(kinds)}"
    assert "recall" in kinds, f"{stem}: some recall questions anchor the facts"


@pytest.mark.parametrize("stem", STEMS)
def test_every_option_has_its_own_explanation_citing_real_sources(stem):
    for q in QUESTIONS[stem]:
        assert set(q["source_ids"].split(";")) <= SOURCE_IDS, q["id"]
        assert "S74" not in q["source_ids"].split(";"), q["id"]  # the unreliable site is never evidence
        for lang in ("en", "es"):
            whys = q.get(f"why_{lang}", [])
            assert len(set(whys)) == len(whys), f"{q['id']}: two options share an explanation"
            hints = [q[f"hint_{lang}"]] if f"hint_{lang}" in q else []
            for text in whys + hints:
                cited = set(sc.CITATION.findall(text))
                assert cited, f"{q['id']} ({lang}): no [Sxx] citation in {text!r}"
                assert cited <= SOURCE_IDS, f"{q['id']}: unknown source {cited - SOURCE_IDS}"
                assert "S74" not in cited
            choices = q.get(f"choices_{lang}", [])
            assert len(set(choices)) == len(choices), q["id"]
        if q["type"] == "choice":  # a wrong option says why it tempts, in both languages
            key = sc._key(q)
            wrong = [w for i, w in enumerate(q["why_en"]) if i != key]
            assert all(w.startswith("Tempting") for w in wrong), q["id"]
            assert all(w.startswith("Tentadora") for i, w in enumerate(q["why_es"]) if i != key), q["id"]


@pytest.mark.parametrize("stem", STEMS)
def test_spanish_is_written_not_copied_and_uses_the_datasets_spanish_names(stem):
    renamed = []
    for actor in ACTORS:
        en, es = actor["label_en"].split()[-1], actor["label_es"].split()[-1]
        if actor["kind"] == "person" and en != es:
            renamed.append((re.compile(rf"\b{re.escape(en)}\b"), es))
    for q in QUESTIONS[stem]:
        for en, es in zip(_texts(q, "en"), _texts(q, "es"), strict=True):
            assert en != es, f"{q['id']}: Spanish text identical to English: {en!r}"
        for text in _texts(q, "es"):
            if "Bajramov" in text:  # the question about spellings quotes the variants on purpose
                continue
            for english, spanish in renamed:
                assert not english.search(text), f"{q['id']}: write {spanish!r} in Spanish: {text!r}"


def _words(q: dict) -> set[str]:
    return set(sc.normalise(" ".join([q["prompt_en"], *q.get("choices_en", []), *q.get("items_en", [])])).split())


def _overlap(a: set[str], b: set[str]) -> float:
    """Share of words two questions (prompt and options) have in common (Jaccard index)."""
    return len(a & b) / len(a | b)


def _prompt_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, sc.normalise(a), sc.normalise(b)).ratio()


def test_no_question_is_repeated_across_notebooks():
    everything = [(q["id"], _words(q), q["prompt_en"]) for stem in STEMS for q in QUESTIONS[stem]]
    for i, (id_a, words_a, prompt_a) in enumerate(everything):
        for id_b, words_b, prompt_b in everything[i + 1:]:
            overlap, prompt = _overlap(words_a, words_b), _prompt_similarity(prompt_a, prompt_b)
            assert overlap < 0.45 and prompt < 0.8, f"{id_a} and {id_b} look alike ({overlap:.2f}, {prompt:.2f})"


def test_the_similarity_check_catches_a_repeated_question():
    """The old 06_synthesis question 6 repeated 03_signing's question on the ceasefire signatories
    with a reworded prompt (their overlap was 0.59)."""
    original = next(q for q in QUESTIONS["03_signing"] if "ceasefire agreement that took effect" in q["prompt_en"])
    reworded = dict(original, prompt_en="Who signed the ceasefire agreement of 9-11 May 1994?")
    assert _overlap(_words(original), _words(reworded)) >= 0.45


# --- broken files: one clear error, never a crash --------------------------------------------------

NOT_TEXT = [123, 1.5, None, True, [], {}, ["a", ["nested"]], {"en": "x"}]


def _deep(depth: int):
    value = "x"
    for _ in range(depth):
        value = [value]
    return value


def _field_variants(question: dict):
    """(description, broken question, field named in the error) for one question."""
    for field in list(question):
        broken = dict(question)
        del broken[field]
        yield f"no {field}", broken, field
        for value in NOT_TEXT + ["", _deep(60)]:
            if isinstance(question[field], list) and isinstance(value, list) and all(isinstance(v, str) and v
                                                                                    for v in value):
                continue
            yield f"{field}={value!r:.30}", dict(question, **{field: value}), field
        if isinstance(question[field], list):
            yield f"{field} as text", dict(question, **{field: ", ".join(question[field])}), field
            yield f"{field} with a number", dict(question, **{field: [*question[field][:-1], 7]}), field
    yield "unknown field", dict(question, choice_en=["x"]), "choice_en"
    other = "answer_hashes" if question["type"] != "short" else "why_en"
    yield "a field of another type", dict(question, **{other: ["x"]}), other
    yield "old kind", {k: v for k, v in dict(question, kind=question["type"]).items() if k != "type"}, "type"
    yield "kind not a kind", dict(question, kind="trivia"), "kind"
    yield "id of another notebook", dict(question, id="99_other.q1"), "id"
    yield "bad source ids", dict(question, source_ids="S04, S11"), "source_ids"
    if question["type"] in ("choice", "order"):
        yield "key of another question", dict(question, answer=sc.encode_key("x.q1", "0")), "answer"
        yield "key not base64", dict(question, answer="%%%"), "answer"
        out_of_range = "99" if question["type"] == "choice" else "0,0"
        yield "key out of range", dict(question, answer=sc.encode_key(question["id"], out_of_range)), "answer"
        first = "choices_es" if question["type"] == "choice" else "items_es"
        yield "languages out of step", dict(question, **{first: question[first][:-1]}), first
    if question["type"] == "choice":
        yield "an option without explanation", dict(question, why_en=question["why_en"][:-1]), "why_en"
    if question["type"] == "short":
        yield "hash not a hash", dict(question, answer_hashes=["Baku"]), "answer_hashes"


def _expect_clear_error(path: Path, lang: str, *needles: str, data=None) -> sc.SelfCheckError:
    """The error for the file at `path` (or for its parsed `data`, checked as load_questions does)."""
    try:
        if data is None:
            sc.load_questions(path.stem, path.parent, lang=lang)
        else:
            sc.check_question_data(data, path, lang=lang)
    except sc.SelfCheckError as err:
        message = str(err)
        assert path.name in message, message
        for needle in needles:
            assert needle in message, f"{needle!r} not in:\n{message}"
        return err
    pytest.fail(f"{path.name}: a broken file was accepted")


@pytest.mark.parametrize("stem", STEMS)
def test_every_broken_variant_of_a_real_file_gets_a_clear_error(stem, tmp_path):
    data = json.loads((sc.QUESTIONS_DIR / f"{stem}.json").read_text(encoding="utf-8"))
    path = tmp_path / f"{stem}.json"
    checked = 0
    for number, question in enumerate(data["questions"], 1):
        for description, broken, field in _field_variants(question):
            variant = dict(data, questions=[*data["questions"][:number - 1], broken, *data["questions"][number:]])
            on_disk = checked % 10 == 0  # every tenth through a file on disk (disks are slow), the rest in memory
            if on_disk:
                path.write_text(json.dumps(variant), encoding="utf-8")
            lang = "es" if checked % 2 else "en"
            where = "pregunta" if lang == "es" else "question"
            word = "campo" if lang == "es" else "field"
            err = _expect_clear_error(path, lang, f"{where} {number}", f"{word} '{field}'",
                                      data=None if on_disk else json.loads(json.dumps(variant)))
            assert any(f == field for _, f, _ in err.problems), (description, err.problems)
            checked += 1
        for value in ("a question as text", 7, None, ["a", "list"]):  # a question that is not an object
            variant = dict(data, questions=[*data["questions"][:number - 1], value, *data["questions"][number:]])
            _expect_clear_error(path, "en", f"question {number}", "must be an object", data=variant)
            checked += 1
    assert checked >= 40 * len(data["questions"])  # dozens of broken variants per question


@pytest.mark.parametrize("stem", STEMS)
def test_broken_file_shapes_get_a_clear_error_in_both_languages(stem, tmp_path):
    data = json.loads((sc.QUESTIONS_DIR / f"{stem}.json").read_text(encoding="utf-8"))
    path = tmp_path / f"{stem}.json"
    shapes = {"a list at the top": data["questions"], "text at the top": "questions", "a number": 3, "null": None,
              "questions as an object": dict(data, questions={"q1": data["questions"][0]}),
              "questions as text": dict(data, questions="see above"), "no questions": dict(data, questions=[]),
              "questions missing": {k: v for k, v in data.items() if k != "questions"},
              "typo at the top": {"notebook": stem, "question": data["questions"]},
              "another notebook's file": dict(data, notebook="99_other"),
              "nested questions": dict(data, questions=_deep(300))}
    for description, value in shapes.items():
        path.write_text(json.dumps(value), encoding="utf-8")
        for lang, word in (("en", "the file itself"), ("es", "el archivo en sí")):
            if description == "nested questions":
                word = "pregunta 1" if lang == "es" else "question 1"
            err = _expect_clear_error(path, lang, word)
            assert err.problems, description
    raw = (sc.QUESTIONS_DIR / f"{stem}.json").read_bytes()
    for content, needle in [
            (b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
            (b'{"questions": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", "nested too deeply"),
            (raw[: len(raw) // 2], "not valid JSON at line"),
            (raw.replace(b"\xc3\xa1", b"\xe1"), "not UTF-8"),
            (b" " * (sc.MAX_FILE_BYTES + 1) + raw, "at most")]:
        path.write_bytes(content)
        _expect_clear_error(path, "en", needle)
    path.write_bytes(b"\xef\xbb\xbf" + raw)  # a byte-order mark (Notepad) is fine
    assert len(sc.load_questions(stem, tmp_path)) == len(QUESTIONS[stem])


def test_a_broken_file_is_reported_before_anything_is_drawn(tmp_path):
    (tmp_path / "07_test.json").write_text(json.dumps({"questions": ["What?"]}), encoding="utf-8")
    from ipywidgets.widgets.widget import _instances

    before = len(_instances)
    with pytest.raises(sc.SelfCheckError, match=r"07_test\.json.*\n- question 1, field '-': a question must be"):
        sc.self_check("07_test", lang="en", directory=tmp_path, keep_results=False)
    assert len(_instances) == before


def test_hostile_values_are_cut_short_in_the_message(tmp_path):
    data = json.loads((sc.QUESTIONS_DIR / "03_signing.json").read_text(encoding="utf-8"))
    data["questions"][0]["kind"] = "<script>" + "x" * 10_000
    data["questions"][1]["id"] = "03_signing." + "y" * 10_000
    (tmp_path / "03_signing.json").write_text(json.dumps(data), encoding="utf-8")
    err = _expect_clear_error(tmp_path / "03_signing.json", "en", "field 'kind'")
    assert len(str(err)) < 1000
