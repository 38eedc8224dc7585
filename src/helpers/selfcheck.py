"""Self-check questions that teach: try again, ask for the answer, and keep your results.

Questions live in data files, one per notebook: src/helpers/selfcheck/<notebook-stem>.json
(e.g. 03_signing.json), not in notebook cells. Each question has a `type` (how it is answered)
and a `kind` (what it asks for):
    type  choice  pick one of several answers      answer: the index of the right choice
          order   put events in order              answer: the right order of the items shown
          short   type a short answer (a name)     answer_hashes: accepted answers
    kind  recall     a name, a date, a place
          reasoning  which source to trust for what and why, who is speaking, what a coding
                     choice changes, which date fits which act
Every text is in English and Spanish. A choice question explains EVERY option (`why_en`,
`why_es`: why it is tempting and why it is wrong, or why it fits), citing sources as [S04];
order and short questions give a hint after a wrong try (`hint_en`, `hint_es`). The explanation
(`explain_en`, `explain_es`, with `source_ids`) is shown once the answer is right or the learner
presses "Show answer": a wrong try shows only the hint, so the learner can try again.

The answers are stored so that they are not readable at a glance: the right choice or order is
base64 of a salted string, and short answers are salted SHA-256 hashes. This only prevents
accidental spoilers while scrolling; anyone who wants to can decode it. To write a new question,
compute its answer field with this module:
    python -m helpers.selfcheck choice 03_signing.q5 2        # right choice is index 2
    python -m helpers.selfcheck order 03_signing.q6 2,0,1     # items shown 0,1,2; right order 2,0,1
    python -m helpers.selfcheck short 03_signing.q7 "Baku"    # one hash per accepted answer
    python -m helpers.selfcheck --counts                      # questions by kind, per notebook

Question files are untrusted input (a lecturer may write or adapt them): `load_questions` checks
each file against the schema below before anything is drawn, and any problem is reported as a
`SelfCheckError` naming the file, the question and the field, in the learner's language.

Results are kept in the learner's journal (helpers.journal) as the entry `selfcheck.<stem>`:
per question, how many tries, whether it was right on the first try, right at all, and whether
the answer was shown. The text is readable in the journal's export and `parse_selfcheck_results`
reads it back; showing the self-check again (also after a kernel restart) shows the kept results.
"""

from __future__ import annotations

import base64
import binascii
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
TYPES = ("choice", "order", "short")  # how a question is answered
KINDS = ("recall", "reasoning")  # what a question asks for
MAX_FILE_BYTES = 1_000_000  # a question file is a few dozen kB; anything far bigger is a mistake
MIN_OPTIONS, MAX_OPTIONS = 2, 10
ENTRY_PREFIX = "selfcheck."  # journal entry id: selfcheck.<notebook stem>

# The schema: field -> JSON type ("text" = a non-empty string, "texts" = a list of them).
COMMON_FIELDS = {"id": "text", "type": "text", "kind": "text", "prompt_en": "text", "prompt_es": "text",
                 "explain_en": "text", "explain_es": "text", "source_ids": "text"}
TYPE_FIELDS = {
    "choice": {"choices_en": "texts", "choices_es": "texts", "why_en": "texts", "why_es": "texts",
               "answer": "text"},
    "order": {"items_en": "texts", "items_es": "texts", "answer": "text", "hint_en": "text", "hint_es": "text"},
    "short": {"answer_hashes": "texts", "hint_en": "text", "hint_es": "text"},
}
FILE_FIELDS = ("notebook", "about", "questions")
SOURCE_IDS = re.compile(r"^S\d+[a-z]?(;S\d+[a-z]?)*$")
CITATION = re.compile(r"\[(S\d+[a-z]?)\]")


# --- answer keys (obfuscated, not secret) -------------------------------------------------------

def encode_key(question_id: str, payload: str) -> str:
    """Base64 of a salted string: hides a choice index or an order from a casual glance."""
    return base64.b64encode(f"{SALT}|{question_id}|{payload}".encode()).decode("ascii")


def decode_key(question_id: str, key: str) -> str:
    """The payload hidden by `encode_key` (raises ValueError if the key does not match the id)."""
    try:
        text = base64.b64decode(str(key).encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError) as err:
        raise ValueError(f"not an answer key ({err})") from err
    parts = text.split("|", 2)
    if len(parts) != 3 or parts[0] != SALT or parts[1] != question_id:
        raise ValueError(f"answer key does not belong to question {_short(question_id)}")
    return parts[2]


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


# --- loading and checking a question file --------------------------------------------------------

class SelfCheckError(ValueError):
    """A question file that cannot be used. `problems` lists (question, field, message) triples;
    `path` is the file. The message names all three, in the learner's language."""

    def __init__(self, message: str, path: Path | None = None, problems=()):
        super().__init__(message)
        self.path, self.problems = path, list(problems)


def available(directory: Path | str = QUESTIONS_DIR) -> list[str]:
    """The notebook stems that have a question file."""
    return sorted(p.stem for p in Path(directory).glob("*.json"))


def _json_type(value, lang: str) -> str:
    """What a JSON value is, in words: 'text', 'a list', ..."""
    if isinstance(value, str):
        return t("selfcheck.error.t_text", lang)
    if isinstance(value, bool):
        return t("selfcheck.error.t_bool", lang)
    if isinstance(value, (int, float)):
        return t("selfcheck.error.t_number", lang)
    if isinstance(value, list):
        return t("selfcheck.error.t_list", lang)
    if isinstance(value, dict):
        return t("selfcheck.error.t_object", lang)
    return t("selfcheck.error.t_null", lang)


def _check_field(value, shape: str, lang: str) -> str:
    """'' if `value` has the shape ('text' or 'texts'), else what is wrong with it."""
    if shape == "text":
        if not isinstance(value, str):
            return t("selfcheck.error.wrong_type", lang, expected=t("selfcheck.error.t_text", lang),
                     found=_json_type(value, lang))
        return "" if value.strip() else t("selfcheck.error.empty", lang)
    if not isinstance(value, list):
        return t("selfcheck.error.wrong_type", lang, expected=t("selfcheck.error.t_texts", lang),
                 found=_json_type(value, lang))
    for n, item in enumerate(value, 1):
        if not isinstance(item, str) or not item.strip():
            found = _json_type(item, lang) if not isinstance(item, str) else t("selfcheck.error.empty", lang)
            return t("selfcheck.error.bad_item", lang, n=n, found=found)
    return ""


def _question_problems(question, number: int, stem: str, lang: str) -> list[tuple[str, str, str]]:
    """Every problem of one question as (question label, field, message)."""
    qid = question.get("id") if isinstance(question, dict) else None
    if isinstance(qid, str) and len(qid) > 60:  # a hostile file may hold anything: keep messages short
        qid = qid[:57] + "..."
    label = (t("selfcheck.error.question_id", lang, n=number, id=qid) if isinstance(qid, str) and qid
             else t("selfcheck.error.question_n", lang, n=number))
    if not isinstance(question, dict):
        return [(label, "-", t("selfcheck.error.question_type", lang, found=_json_type(question, lang)))]
    problems = []

    def bad(field, message):
        problems.append((label, field, message))

    qtype = question.get("type")
    if qtype not in TYPES:
        if "type" not in question and question.get("kind") in TYPES:
            bad("type", t("selfcheck.error.old_kind", lang))
        else:
            bad("type", t("selfcheck.error.not_one_of", lang, allowed=", ".join(TYPES), found=_short(qtype)))
        schema = dict(COMMON_FIELDS)
        del schema["type"]
    else:
        schema = {**COMMON_FIELDS, **TYPE_FIELDS[qtype]}
    for field, shape in schema.items():
        if field not in question:
            bad(field, t("selfcheck.error.missing", lang))
            continue
        problem = _check_field(question[field], shape, lang)
        if problem:
            bad(field, problem)
    allowed = set(COMMON_FIELDS) | {f for fields in TYPE_FIELDS.values() for f in fields}
    for field in question:
        if field not in allowed:
            hint = did_you_mean(str(field), sorted(schema))
            bad(str(field), t("selfcheck.error.unknown_field", lang) + (f" ({hint})" if hint else ""))
        elif qtype in TYPES and field not in schema:
            bad(str(field), t("selfcheck.error.other_type", lang, type=qtype))
    broken = {field for _, field, _ in problems}
    if "id" not in broken and not question["id"].startswith(f"{stem}."):
        bad("id", t("selfcheck.error.id_prefix", lang, prefix=f"{stem}."))
    if "kind" not in broken and question.get("kind") not in KINDS and "kind" in question:
        bad("kind", t("selfcheck.error.not_one_of", lang, allowed=", ".join(KINDS),
                      found=_short(question["kind"])))
    if "source_ids" not in broken and not SOURCE_IDS.match(question["source_ids"]):
        bad("source_ids", t("selfcheck.error.source_ids", lang, found=_short(question["source_ids"])))
    if qtype in TYPES and not problems:
        problems += [(label, field, message) for field, message in _answer_problems(question, lang)]
    return problems


def _short(value) -> str:
    """A value quoted for an error message, cut short (a hostile file may hold anything)."""
    text = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def _answer_problems(question: dict, lang: str) -> list[tuple[str, str]]:
    """Problems of a structurally complete question: lengths that must agree, and the answer key."""
    qtype = question["type"]
    if qtype == "short":
        if not question["answer_hashes"] or not all(re.fullmatch(r"[0-9a-f]{64}", h)
                                                    for h in question["answer_hashes"]):
            return [("answer_hashes", t("selfcheck.error.hashes", lang))]
        return []
    first, second = ("choices_en", "choices_es") if qtype == "choice" else ("items_en", "items_es")
    problems = []
    n = len(question[first])
    if not MIN_OPTIONS <= n <= MAX_OPTIONS:
        problems.append((first, t("selfcheck.error.count", lang, low=MIN_OPTIONS, high=MAX_OPTIONS, n=n)))
    others = [second] + (["why_en", "why_es"] if qtype == "choice" else [])
    for other in others:
        if len(question[other]) != n:
            problems.append((other, t("selfcheck.error.lengths", lang, field=other, m=len(question[other]),
                                      other=first, n=n)))
    if problems:
        return problems
    try:
        key = _key(question)
    except ValueError as err:
        return [("answer", t("selfcheck.error.bad_key", lang, error=str(err)))]
    fits = (0 <= key < n) if qtype == "choice" else sorted(key) == list(range(n))
    if not fits:
        return [("answer", t("selfcheck.error.bad_key", lang, error=_short(key)))]
    return []


def validate(data, path: Path | str, lang: str | None = None) -> list[tuple[str, str, str]]:
    """Every problem of a parsed question file as (question, field, message); [] when it is usable.

    Checks the top level, every question against the schema (fields, types, languages in step,
    answer keys that fit) and that ids are unique. Never raises on odd input.
    """
    lang = resolve_language(lang)
    stem = Path(path).stem
    top = t("selfcheck.error.file_level", lang)
    if not isinstance(data, dict):
        return [(top, "-", t("selfcheck.error.top_type", lang, found=_json_type(data, lang)))]
    problems = []
    for field in data:
        if field not in FILE_FIELDS:
            hint = did_you_mean(str(field), FILE_FIELDS)
            problems.append((top, str(field), t("selfcheck.error.unknown_field", lang) + (f" ({hint})" if hint else "")))
    if "notebook" in data and data["notebook"] != stem:
        problems.append((top, "notebook", t("selfcheck.error.notebook", lang, stem=stem, found=_short(data["notebook"]))))
    questions = data.get("questions")
    if not isinstance(questions, list):
        message = (t("selfcheck.error.missing", lang) if "questions" not in data else
                   t("selfcheck.error.wrong_type", lang, expected=t("selfcheck.error.t_list", lang),
                     found=_json_type(questions, lang)))
        return problems + [(top, "questions", message)]
    if not questions:
        return problems + [(top, "questions", t("selfcheck.error.no_questions", lang))]
    for number, question in enumerate(questions, 1):
        problems += _question_problems(question, number, stem, lang)
    ids = [q.get("id") for q in questions if isinstance(q, dict) and isinstance(q.get("id"), str)]
    for qid in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append((t("selfcheck.error.question_id", lang, n=ids.index(qid) + 1, id=qid), "id",
                         t("selfcheck.error.duplicate", lang)))
    return problems


def _error(path: Path, problems, lang: str) -> SelfCheckError:
    lines = [t("selfcheck.error.head", lang, file=path.name, n=len(problems))]
    lines += [t("selfcheck.error.line", lang, question=q, field=f, problem=m) for q, f, m in problems[:20]]
    if len(problems) > 20:
        lines.append(t("selfcheck.error.more", lang, n=len(problems) - 20))
    return SelfCheckError("\n".join(lines), path, problems)


def read_question_file(path: Path | str, lang: str | None = None):
    """The parsed JSON of a question file, or SelfCheckError (not JSON, too big, too deep...)."""
    lang, path = resolve_language(lang), Path(path)
    top = t("selfcheck.error.file_level", lang)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _error(path, [(top, "-", t("selfcheck.error.too_big", lang, size=size, limit=MAX_FILE_BYTES))], lang)
        text = path.read_bytes().decode("utf-8-sig")
        return json.loads(text)
    except SelfCheckError:
        raise
    except UnicodeDecodeError as err:
        raise _error(path, [(top, "-", t("selfcheck.error.not_utf8", lang, error=str(err)))], lang) from None
    except json.JSONDecodeError as err:
        raise _error(path, [(top, "-", t("selfcheck.error.not_json", lang, line=err.lineno, column=err.colno,
                                         error=err.msg))], lang) from None
    except RecursionError:
        raise _error(path, [(top, "-", t("selfcheck.error.too_deep", lang))], lang) from None
    except OSError as err:
        raise _error(path, [(top, "-", t("selfcheck.error.unreadable", lang, error=str(err)))], lang) from None


def load_questions(notebook_stem: str, directory: Path | str = QUESTIONS_DIR, lang: str | None = None) -> list[dict]:
    """The questions for one notebook ('03_signing' or '03_signing.ipynb'), checked against the schema.

    Raises SelfCheckError (a ValueError) naming the file, the question and the field of every
    problem, in the learner's language (`lang`, default the current language).
    """
    lang = resolve_language(lang)
    stem = Path(str(notebook_stem)).stem if str(notebook_stem).endswith(".ipynb") else str(notebook_stem)
    path = Path(directory) / f"{stem}.json"
    if not path.is_file():
        hint = did_you_mean(stem, available(directory))
        raise SelfCheckError(t("selfcheck.error.no_file", lang, stem=stem, folder=str(directory))
                             + (f" ({hint})" if hint else ""), path)
    return check_question_data(read_question_file(path, lang), path, lang)


def check_question_data(data, path: Path | str, lang: str | None = None) -> list[dict]:
    """The questions of a parsed question file (`path` names it in messages), or SelfCheckError."""
    lang, path = resolve_language(lang), Path(path)
    problems = validate(data, path, lang)
    if problems:
        raise _error(path, problems, lang)
    return data["questions"]


def selfcheck_counts(directory: Path | str = QUESTIONS_DIR) -> list[dict]:
    """Per notebook: how many questions of each kind (recall / reasoning), and the reasoning share."""
    rows = []
    for stem in available(directory):
        questions = load_questions(stem, directory, "en")
        row = {"notebook": stem, **{k: sum(q["kind"] == k for q in questions) for k in KINDS}}
        row["total"] = len(questions)
        row["reasoning_share"] = round(row["reasoning"] / row["total"], 2)
        rows.append(row)
    return rows


# --- checking an answer ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer (or of showing it).

    A wrong answer gets `why` (what is tempting and wrong about the option chosen, or a hint) but
    no `explanation`, so the learner can try again; a right answer or a shown answer gets both.
    """

    answered: bool  # False when the answer was empty or incomplete (nothing was judged)
    correct: bool
    message: str  # 'Right.' / 'Not quite.' / 'The answer: ...' (or what is missing)
    explanation: str  # why, with the sources ('' unless right or shown)
    detail: str = ""  # e.g. '3 of 5 in the right place' for an ordering
    why: str = ""  # about the option chosen (choice) or a hint (order, short)
    shown: bool = False  # the learner asked to see the answer


def _key(question: dict):
    payload = decode_key(question["id"], question["answer"])
    try:
        if question["type"] == "choice":
            return int(payload)
        return [int(i) for i in payload.split(",")]
    except ValueError as err:
        raise ValueError(f"not a {question['type']} answer ({_short(payload)})") from err


def _to_index(answer, options: list[str]):
    """An answer given as an index or as the option's text -> the index (None if not found)."""
    if isinstance(answer, bool) or answer is None:
        return None
    if isinstance(answer, int):
        return answer if 0 <= answer < len(options) else None
    wanted = normalise(answer)
    return next((i for i, o in enumerate(options) if normalise(o) == wanted), None)


def _explanation(question: dict, lang: str) -> str:
    return t("selfcheck.explanation", lang, text=question[f"explain_{lang}"], sources=question["source_ids"])


def check_answer(question: dict, answer, lang: str | None = None) -> Feedback:
    """Check `answer` against `question` and explain.

    choice: the index of the chosen option (or its text); order: the items in the learner's order,
    as indices of the items as shown (or their texts); short: the typed text.
    """
    lang = resolve_language(lang)
    qtype = question["type"]
    detail = why = ""
    if qtype == "choice":
        choice = _to_index(answer, question[f"choices_{lang}"])
        if choice is None:
            return Feedback(False, False, t("selfcheck.choose_first", lang), "")
        correct = choice == _key(question)
        why = question[f"why_{lang}"][choice]
    elif qtype == "order":
        items = question[f"items_{lang}"]
        order = [_to_index(a, items) for a in (answer or [])]
        if len(order) != len(items) or None in order or len(set(order)) != len(items):
            return Feedback(False, False, t("selfcheck.order_incomplete", lang, n=len(items)), "")
        key = _key(question)
        in_place = sum(a == b for a, b in zip(order, key, strict=True))
        correct = in_place == len(key)
        detail = t("selfcheck.order_detail", lang, right=in_place, total=len(key))
        why = "" if correct else question[f"hint_{lang}"]
    else:
        text = "" if answer is None else str(answer)
        if not normalise(text):
            return Feedback(False, False, t("selfcheck.type_first", lang), "")
        accepted = set(question["answer_hashes"])
        correct = any(hash_short(question["id"], p) in accepted for p in _phrases(text))
        why = "" if correct else question[f"hint_{lang}"]
    message = t("selfcheck.right" if correct else "selfcheck.wrong", lang)
    return Feedback(True, correct, message, _explanation(question, lang) if correct else "", detail, why)


def right_answer(question: dict, lang: str | None = None) -> str:
    """The right answer in words: the option, the items in order, or (short) the explanation."""
    lang = resolve_language(lang)
    if question["type"] == "choice":
        return question[f"choices_{lang}"][_key(question)]
    if question["type"] == "order":
        items = question[f"items_{lang}"]
        return "; ".join(f"{n}. {items[i]}" for n, i in enumerate(_key(question), 1))
    return question[f"explain_{lang}"]


def reveal_answer(question: dict, lang: str | None = None) -> Feedback:
    """What "Show answer" shows: the right answer, why it fits, and the explanation with sources."""
    lang = resolve_language(lang)
    why = question[f"why_{lang}"][_key(question)] if question["type"] == "choice" else ""
    explanation = _explanation(question, lang)
    if question["type"] == "short":  # the explanation of a short question states the answer
        return Feedback(False, False, t("selfcheck.answer_shown", lang), explanation, shown=True)
    return Feedback(False, False, t("selfcheck.answer_is", lang, answer=right_answer(question, lang)),
                    explanation, why=why, shown=True)


# --- results: kept per notebook in the journal --------------------------------------------------

@dataclass
class QuestionResult:
    """One question's record: tries judged, right on the first try, right at all, answer shown."""

    tries: int = 0
    first_try: bool = False
    right: bool = False
    shown: bool = False


class Progress:
    """The results of one notebook's self-check, and a one-line summary."""

    def __init__(self, question_ids):
        self.question_ids = list(question_ids)
        self.results: dict[str, QuestionResult] = {q: QuestionResult() for q in self.question_ids}

    def record(self, question_id: str, feedback: Feedback) -> None:
        """Count a judged try (an empty or incomplete answer is not a try)."""
        if not feedback.answered:
            return
        result = self.results.setdefault(question_id, QuestionResult())
        if result.tries == 0 and not result.shown:
            result.first_try = feedback.correct
        result.tries += 1
        result.right = result.right or feedback.correct

    def reveal(self, question_id: str) -> None:
        self.results.setdefault(question_id, QuestionResult()).shown = True

    @property
    def answered(self) -> int:
        return sum(r.tries > 0 for r in self.results.values())

    @property
    def right(self) -> int:
        return sum(r.right for r in self.results.values())

    @property
    def first_try(self) -> int:
        return sum(r.first_try for r in self.results.values())

    def summary(self, lang: str | None = None) -> str:
        total = len(self.question_ids)
        text = t("selfcheck.progress", lang, answered=self.answered, total=total, right=self.right)
        text += " " + t("selfcheck.first_try_count", lang, first=self.first_try)
        if total and self.right == total:
            text += " " + t("selfcheck.all_right", lang)
        return text

    def status(self, question_id: str, lang: str | None = None) -> str:
        """One question's record in words: 'right on the first try', 'not right yet (2 tries)'..."""
        r = self.results.get(question_id, QuestionResult())
        if r.tries == 0:
            text = t("selfcheck.status_unanswered", lang)
        elif r.first_try:
            text = t("selfcheck.status_first_try", lang)
        elif r.right:
            text = t("selfcheck.status_right_after", lang, tries=r.tries)
        else:
            text = t("selfcheck.status_not_yet", lang, tries=r.tries)
        return text + (t("selfcheck.status_shown", lang) if r.shown else "")

    def to_text(self, notebook_stem: str, lang: str | None = None) -> str:
        """The journal entry: a readable summary, one line per question with a tag that
        `parse_selfcheck_results` reads back (the tag's words are the same in every language)."""
        total = len(self.question_ids)
        lines = [t("selfcheck.journal_head", lang, notebook=notebook_stem, answered=self.answered, total=total,
                   right=self.right, first=self.first_try) + f" [notebook={notebook_stem} questions={total}]"]
        for n, qid in enumerate(self.question_ids, 1):
            r = self.results.get(qid, QuestionResult())
            tag = (f"[{qid} tries={r.tries} first={_yes(r.first_try)} right={_yes(r.right)} "
                   f"shown={_yes(r.shown)}]")
            lines.append(f"- {t('selfcheck.question_head', lang, n=n)} {self.status(qid, lang)}. {tag}")
        return "\n".join(lines)

    def restore(self, parsed: dict) -> None:
        """Take over kept results (from `parse_selfcheck_results`) for the questions that still exist."""
        for qid, kept in parsed.get("questions", {}).items():
            if qid in self.results:
                self.results[qid] = QuestionResult(kept["tries"], kept["first_try"], kept["right"], kept["shown"])


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


_HEAD_TAG = re.compile(r"\[notebook=([\w.\-]+) questions=(\d+)\]")
_QUESTION_TAG = re.compile(r"\[([\w.\-]+) tries=(\d+) first=(yes|no) right=(yes|no) shown=(yes|no)\]")


def parse_selfcheck_results(text: str) -> dict:
    """Read back a self-check journal entry (as written in journal.json or in the Markdown export).

    Returns {"notebook", "total", "answered", "right", "first_try", "questions": {id: {"tries",
    "first_try", "right", "shown"}}}; lines it cannot read are skipped, so an edited or
    Markdown-escaped entry still gives what it can ("notebook" is None without the header tag).
    """
    plain = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", str(text))  # undo Markdown backslash escapes
    head = _HEAD_TAG.search(plain)
    questions = {}
    for qid, tries, first, right, shown in _QUESTION_TAG.findall(plain):
        questions[qid] = {"tries": int(tries), "first_try": first == "yes", "right": right == "yes",
                          "shown": shown == "yes"}
    return {"notebook": head.group(1) if head else None,
            "total": int(head.group(2)) if head else len(questions),
            "answered": sum(q["tries"] > 0 for q in questions.values()),
            "right": sum(q["right"] for q in questions.values()),
            "first_try": sum(q["first_try"] for q in questions.values()),
            "questions": questions}


def read_selfcheck_results(data: bytes | str) -> dict[str, dict]:
    """Every notebook's self-check results in a learner's journal or export: {stem: parsed}.

    `data` is a journal.json / journal-export.json (its `selfcheck.<stem>` entries are read) or the
    Markdown export (the tags are read, each question going with the notebook its id starts with).
    For a lecturer collecting exports; each value is what `parse_selfcheck_results` returns.
    """
    from .journal import parse_journal

    try:
        entries = parse_journal(data)
    except (ValueError, RecursionError):  # not a journal (JournalFormatError is a ValueError): Markdown
        entries = None
    if entries is not None:
        return {pid[len(ENTRY_PREFIX):]: parse_selfcheck_results(entry["text"])
                for pid, entry in entries.items() if pid.startswith(ENTRY_PREFIX)}
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else str(data)
    lines = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).splitlines()
    found = {}
    for start, line in enumerate(lines):  # an entry is its header line and the lines up to a blank one
        head = _HEAD_TAG.search(line)
        if head:
            end = next((i for i in range(start + 1, len(lines)) if not lines[i].strip()), len(lines))
            block = [lines[start]] + [b for b in lines[start + 1:end]
                                      if (m := _QUESTION_TAG.search(b)) and m.group(1).startswith(f"{head.group(1)}.")]
            found[head.group(1)] = parse_selfcheck_results("\n".join(block))
    return found


def _notebook_name(stem: str, lang: str) -> str:
    """'Signatures, amendments and the ceasefire (03_signing)', or the stem outside the course."""
    from .course import notebooks

    try:
        entry = next((e for e in notebooks() if isinstance(e, dict) and e.get("file") == f"{stem}.ipynb"), None)
    except (OSError, ValueError):  # no readable course list (e.g. a lecturer's copy of the helpers)
        entry = None
    title = entry.get(f"title_{lang}") if entry else None
    return f"{title} ({stem})" if title else stem


def entry_id(notebook_stem: str) -> str:
    """The journal entry id of a notebook's self-check results: 'selfcheck.03_signing'."""
    return f"{ENTRY_PREFIX}{notebook_stem}"


# --- widget -------------------------------------------------------------------------------------

def feedback_html(feedback: Feedback, lang: str | None = None) -> str:
    """Feedback as escaped HTML in a live region (screen readers announce it)."""
    lang = resolve_language(lang)
    if feedback.shown:
        colour, mark = "#0072B2", "\u2139"
    elif not feedback.answered:
        colour, mark = "#E69F00", "?"
    else:
        colour, mark = ("#009E73", "\u2713") if feedback.correct else ("#D55E00", "\u2717")
    body = f"<b>{mark} {esc(feedback.message)}</b>"
    if feedback.detail:
        body += f" {esc(feedback.detail)}"
    if feedback.why:
        body += f"<br>{esc(feedback.why)}"
    if feedback.answered and not feedback.correct:
        body += f"<br><i>{esc(t('selfcheck.try_again', lang))}</i>"
    if feedback.explanation:
        body += f"<br>{esc(feedback.explanation)}"
    return (f"<div role='status' aria-live='polite' style='border-left:4px solid {colour};"
            f"padding:4px 8px;margin:4px 0'>{body}</div>")


def _kept_html(text: str) -> str:
    return (f"<div role='status' aria-live='polite' style='border-left:4px solid #999;padding:4px 8px;"
            f"margin:4px 0'>{esc(text)}</div>")


PRIMARY_BUTTON = "#1565c0"


def _shared_parts():
    """Layouts and styles shared by all the controls of one self-check: the page then holds one
    model of each instead of one per control (seven questions make about fifty controls)."""
    import ipywidgets as widgets
    from ipywidgets.widgets.widget_description import DescriptionStyle
    from ipywidgets.widgets.widget_string import HTMLStyle

    return SimpleNamespace(
        plain=widgets.Layout(), auto=widgets.Layout(width="auto"),
        box=widgets.Layout(border="1px solid #ddd", padding="4px", margin="4px 0"),
        label=DescriptionStyle(**FULL_LABEL), html=HTMLStyle(), button=widgets.ButtonStyle(),
        # the main button: white on a dark blue (contrast 5.7:1; the built-in "primary" blue gives 3.1:1)
        primary=widgets.ButtonStyle(button_color=PRIMARY_BUTTON, text_color="white"))


def _answer_control(question: dict, lang: str, parts: SimpleNamespace):
    """The control a learner answers with; returns (widget, function reading the answer)."""
    import ipywidgets as widgets

    qtype = question["type"]
    if qtype == "choice":
        choices = [(text, i) for i, text in enumerate(question[f"choices_{lang}"])]
        radio = widgets.RadioButtons(options=choices, value=None, style=parts.label,
                                     description=t("selfcheck.your_answer", lang), layout=parts.auto)
        return radio, lambda: radio.value
    if qtype == "order":
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


def _question_box(question: dict, number: int, lang: str, on_checked, on_shown, parts: SimpleNamespace,
                  kept: str = ""):
    import ipywidgets as widgets

    control, read = _answer_control(question, lang, parts)
    check = widgets.Button(description=t("selfcheck.check", lang), tooltip=t("selfcheck.check", lang),
                           layout=parts.auto, style=parts.primary)
    show = widgets.Button(description=t("selfcheck.show_answer", lang), tooltip=t("selfcheck.show_answer", lang),
                          layout=parts.auto, style=parts.button)
    feedback = widgets.HTML(_kept_html(kept) if kept else "", layout=parts.plain, style=parts.html)
    prompt = widgets.HTML(f"<p><b>{esc(t('selfcheck.question_head', lang, n=number))}</b> "
                          f"{esc(question[f'prompt_{lang}'])}</p>", layout=parts.plain, style=parts.html)

    def on_check(_button):
        result = check_answer(question, read(), lang)
        feedback.value = feedback_html(result, lang)
        box.last_feedback = result
        on_checked(question["id"], result)

    def on_show(_button):
        result = reveal_answer(question, lang)
        feedback.value = feedback_html(result, lang)
        box.last_feedback = result
        on_shown(question["id"])

    check.on_click(on_check)
    show.on_click(on_show)
    box = widgets.VBox([prompt, control, check, show, feedback], layout=parts.box)
    box.question, box.prompt, box.answer = question, prompt, control
    box.check, box.show_answer, box.feedback = check, show, feedback
    box.read_answer, box.last_feedback = read, None
    return box


def self_check(notebook_stem: str, lang: str | None = None, directory: Path | str = QUESTIONS_DIR,
               journal=None, keep_results: bool = True):
    """The self-check widget for one notebook: its questions, Check and Show answer buttons, progress.

    A wrong answer explains what is wrong with the option chosen (or gives a hint) and leaves the
    answer hidden, so the learner can try again; "Show answer" reveals it. Results are kept in the
    journal (`journal`, default the learner's shared journal; keep_results=False keeps nothing) as
    the entry `selfcheck.<stem>`, and come back when the self-check is shown again.

    Controls: `.questions` (one box per question, each with `.answer`: RadioButtons for a choice,
    a VBox with `.positions` Dropdowns for an ordering, a Text for a short answer; `.check` and
    `.show_answer`: Buttons; `.feedback`: HTML), `.progress` (HTML summary), `.tracker` (Progress).
    """
    import ipywidgets as widgets

    lang = resolve_language(lang)
    stem = Path(str(notebook_stem)).stem if str(notebook_stem).endswith(".ipynb") else str(notebook_stem)
    questions = load_questions(stem, directory, lang)  # checked before anything is drawn
    progress = Progress(q["id"] for q in questions)
    if keep_results and journal is None:
        from .journal import get_journal
        journal = get_journal()
    if not keep_results:
        journal = None
    if journal is not None:
        progress.restore(parse_selfcheck_results(journal.text(entry_id(stem))))
    parts = _shared_parts()
    progress_html = widgets.HTML(layout=parts.plain, style=parts.html)
    state = {"warning": ""}

    def show_progress():
        warning = f"<br>{esc(state['warning'])}" if state["warning"] else ""
        progress_html.value = f"<p role='status'><b>{esc(progress.summary(lang))}</b>{warning}</p>"

    def keep():
        if journal is None:
            return
        journal.set(entry_id(stem), progress.to_text(stem, lang),
                    prompt=t("selfcheck.journal_prompt", lang, notebook=_notebook_name(stem, lang)))
        try:
            journal.save()
            state["warning"] = ""
        except (OSError, ValueError) as err:  # the results stay in memory and go with the next save
            state["warning"] = t("selfcheck.save_failed", lang, error=str(err))

    def checked(question_id, feedback):
        progress.record(question_id, feedback)
        if feedback.answered:
            keep()
        show_progress()

    def shown(question_id):
        progress.reveal(question_id)
        keep()
        show_progress()

    def kept(qid):
        r = progress.results[qid]
        return t("selfcheck.kept", lang, status=progress.status(qid, lang)) if r.tries or r.shown else ""

    boxes = [_question_box(q, n, lang, checked, shown, parts, kept(q["id"])) for n, q in enumerate(questions, 1)]
    show_progress()
    # ipywidgets gives each radio option a fixed height: a long answer that wraps would slide under
    # the next option, and a click on it would pick the wrong answer. Let options grow with their text.
    title = widgets.HTML(f"<style>{RADIO_CSS}</style><h4>{esc(t('selfcheck.title', lang))}</h4>",
                         layout=parts.plain, style=parts.html)
    box = widgets.VBox([title, *boxes, progress_html], layout=parts.plain)
    box.questions, box.progress, box.tracker, box.journal = boxes, progress_html, progress, journal
    return box


RADIO_CSS = ".widget-radio-box label{height:auto;line-height:1.4;align-items:flex-start}"


def _counts_table(directory: Path | str = QUESTIONS_DIR) -> str:
    rows = selfcheck_counts(directory)
    lines = [f"{'notebook':<22}{'recall':>8}{'reasoning':>11}{'total':>7}{'reasoning %':>13}"]
    for r in rows:
        lines.append(f"{r['notebook']:<22}{r['recall']:>8}{r['reasoning']:>11}{r['total']:>7}"
                     f"{round(100 * r['reasoning_share']):>12}%")
    recall, reasoning = sum(r["recall"] for r in rows), sum(r["reasoning"] for r in rows)
    total = recall + reasoning
    lines.append(f"{'all':<22}{recall:>8}{reasoning:>11}{total:>7}{round(100 * reasoning / max(total, 1)):>12}%")
    return "\n".join(lines)


def _main(argv: list[str]) -> int:
    """Command line for question authors: print the answer field for a new question, or the counts."""
    if argv[:1] == ["--counts"]:
        print(_counts_table(argv[1] if len(argv) > 1 else QUESTIONS_DIR))
        return 0
    if len(argv) != 3 or argv[0] not in TYPES:
        print(__doc__)
        return 2
    qtype, qid, value = argv
    if qtype == "short":
        print(json.dumps({"answer_hashes": [hash_short(qid, v) for v in value.split("|")]}))
    else:
        print(json.dumps({"answer": encode_key(qid, value)}))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
