"""Class review for lecturers: a folder of learners' journal exports, read together.

Each learner downloads their journal from the session bar (my-bishkek-journal.json) and hands it
in; the lecturer puts the files in one folder (one file per learner, or one sub-folder per
learner) and runs

    review = class_review("exports/")          # names from the file names; names="hide" numbers them
    review.files                                # what was read, and what was skipped and why
    review.selfcheck("03_signing")              # per question: right on the first try, of how many
    review.answers("03_signing.six_men")        # every learner's answer to one prompt, side by side

Exports are untrusted input: they are only ever read (never written, moved or repaired), a file
that is too big, not JSON or not a journal is skipped and reported, and every text taken from
them is escaped (helpers.ui.esc) before it is put into HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .journal import JournalFormatError, parse_journal
from .selfcheck import ENTRY_PREFIX, QUESTIONS_DIR, SelfCheckError, load_questions, parse_selfcheck_results
from .strings import resolve_language, t
from .ui import esc

MAX_FILE_BYTES = 2_000_000  # a journal of a whole course is a few dozen kB
MAX_FILES = 500  # a class, not a file system
MAX_ANSWER_CHARS = 5_000  # longer answers are shown cut, with a note
MAX_DEPTH = 2  # exports/<learner>/my-bishkek-journal.json at most
PROMPT_ID = re.compile(r"^[\w.\-]{1,80}$")


@dataclass
class ClassReview:
    """What `class_review` read: learners' entries, and the files it skipped (with reasons)."""

    folder: Path
    lang: str
    learners: list[str] = field(default_factory=list)  # display names, in file order
    entries: dict[str, dict[str, dict]] = field(default_factory=dict)  # learner -> prompt id -> entry
    read: list[dict] = field(default_factory=list)  # {"file", "learner", "entries"}
    skipped: list[dict] = field(default_factory=list)  # {"file", "problem"}

    # --- tables -------------------------------------------------------------------------------

    @property
    def files(self):
        """One row per file found: file, learner, entries read, or why it was skipped."""
        import pandas as pd

        lang = self.lang
        rows = [{t("class_review.col_file", lang): r["file"], t("class_review.col_learner", lang): r["learner"],
                 t("class_review.col_status", lang): t("class_review.read_ok", lang, n=r["entries"])}
                for r in self.read]
        rows += [{t("class_review.col_file", lang): s["file"], t("class_review.col_learner", lang): "",
                  t("class_review.col_status", lang): t("class_review.skipped", lang, problem=s["problem"])}
                 for s in self.skipped]
        return pd.DataFrame(rows, columns=[t("class_review.col_file", lang), t("class_review.col_learner", lang),
                                           t("class_review.col_status", lang)])

    def notebooks(self) -> list[str]:
        """Notebook stems that have self-check results or journal answers in the exports."""
        stems = set()
        for entries in self.entries.values():
            for pid in entries:
                stems.add(pid[len(ENTRY_PREFIX):] if pid.startswith(ENTRY_PREFIX) else pid.split(".")[0])
        return sorted(stems)

    def selfcheck_counts(self, stem: str, directory: Path | str = QUESTIONS_DIR) -> list[dict]:
        """Per question of notebook `stem`: {"id", "question", "answered", "first_try", "right", "shown"}.

        Questions come from the notebook's question file (in its order); question ids an export
        holds that the file does not know are listed after them under their id.
        """
        try:
            questions = load_questions(stem, directory, self.lang)
        except (SelfCheckError, OSError):
            questions = []
        order = [q["id"] for q in questions]
        prompts = {q["id"]: q.get(f"prompt_{self.lang}") or q.get("prompt_en", "") for q in questions}
        counts = {qid: {"answered": 0, "first_try": 0, "right": 0, "shown": 0} for qid in order}
        for learner in self.learners:
            entry = self.entries[learner].get(ENTRY_PREFIX + stem)
            if not entry:
                continue
            parsed = parse_selfcheck_results(entry["text"])
            for qid, result in parsed["questions"].items():
                if qid not in counts:
                    if not qid.startswith(f"{stem}.") or len(counts) >= 200:
                        continue
                    counts[qid] = {"answered": 0, "first_try": 0, "right": 0, "shown": 0}
                    order.append(qid)
                c = counts[qid]
                c["answered"] += result["tries"] > 0
                c["first_try"] += result["first_try"]
                c["right"] += result["right"]
                c["shown"] += result["shown"]
        return [{"id": qid, "question": prompts.get(qid, qid), **counts[qid]} for qid in order]

    def selfcheck(self, stem: str, directory: Path | str = QUESTIONS_DIR):
        """Table: per self-check question, how many learners got it right on the first try."""
        import pandas as pd

        lang = self.lang
        with_results = sum(1 for learner in self.learners if self.entries[learner].get(ENTRY_PREFIX + stem))
        rows = [{t("class_review.col_question", lang): f"{n}. {c['question']}",
                 t("class_review.col_answered", lang): c["answered"],
                 t("class_review.col_first_try", lang): f"{c['first_try']} / {c['answered']}",
                 t("class_review.col_right", lang): c["right"],
                 t("class_review.col_shown", lang): c["shown"]}
                for n, c in enumerate(self.selfcheck_counts(stem, directory), 1)]
        table = pd.DataFrame(rows, columns=[t(f"class_review.col_{k}", lang) for k in
                                            ("question", "answered", "first_try", "right", "shown")])
        table.attrs["learners"] = with_results
        return table

    def prompts(self, stem: str | None = None) -> list[str]:
        """Journal prompt ids answered in the exports (of notebook `stem` if given), sorted."""
        ids = {pid for entries in self.entries.values() for pid in entries if not pid.startswith(ENTRY_PREFIX)}
        if stem:
            ids = {pid for pid in ids if pid.split(".")[0] == stem}
        return sorted(ids)

    def answers(self, prompt_id: str):
        """Table: every learner's answer to one journal prompt (learners who left it empty included)."""
        import pandas as pd

        lang = self.lang
        rows = []
        for learner in self.learners:
            entry = self.entries[learner].get(prompt_id)
            text = entry["text"].strip() if entry else ""
            rows.append({t("class_review.col_learner", lang): learner,
                         t("class_review.col_answer", lang): _shorten(text, MAX_ANSWER_CHARS, lang)
                         if text else t("class_review.no_answer", lang)})
        return pd.DataFrame(rows, columns=[t("class_review.col_learner", lang), t("class_review.col_answer", lang)])

    def prompt_text(self, prompt_id: str) -> str:
        """The question the learners saw (the text most exports give for this id)."""
        seen: dict[str, int] = {}
        for entries in self.entries.values():
            prompt = (entries.get(prompt_id) or {}).get("prompt", "").strip()
            if prompt:
                seen[prompt] = seen.get(prompt, 0) + 1
        return max(sorted(seen), key=seen.get) if seen else prompt_id

    # --- HTML (everything from the exports escaped) ---------------------------------------------

    def selfcheck_html(self, stem: str, directory: Path | str = QUESTIONS_DIR) -> str:
        table = self.selfcheck(stem, directory)
        head = t("class_review.selfcheck_head", self.lang, notebook=stem, n=table.attrs["learners"])
        return f"<h4>{esc(head)}</h4>" + table_html(table)

    def answers_html(self, prompt_id: str) -> str:
        head = f"<h4>{esc(self.prompt_text(prompt_id))}</h4><p><code>{esc(prompt_id)}</code></p>"
        return head + table_html(self.answers(prompt_id), pre_wrap=True)

    def notebook_html(self, stem: str) -> str:
        """A notebook's self-check table, then the answers to each of its prompts."""
        parts = [self.selfcheck_html(stem)] + [self.answers_html(pid) for pid in self.prompts(stem)]
        return "".join(parts)

    def _repr_html_(self) -> str:
        lang = self.lang
        summary = t("class_review.summary", lang, learners=len(self.learners), skipped=len(self.skipped))
        return f"<p>{esc(summary)}</p>" + table_html(self.files)


def table_html(table, pre_wrap: bool = False) -> str:
    """A DataFrame as a plain HTML table: headers and every cell escaped, no index column."""
    style = ' style="white-space:pre-wrap;text-align:left;vertical-align:top"' if pre_wrap else ' style="text-align:left"'
    head = "".join(f"<th{style}>{esc(c)}</th>" for c in table.columns)
    body = "".join("<tr>" + "".join(f"<td{style}>{esc(v)}</td>" for v in row) + "</tr>"
                   for row in table.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _shorten(text: str, limit: int, lang: str | None = None) -> str:
    text = str(text)
    if len(text) <= limit:
        return text
    return text[:limit] + " " + t("class_review.cut", lang, n=len(text))


def _learner_name(path: Path, folder: Path) -> str:
    """'ana' for ana.json or ana/my-bishkek-journal.json (the folder names the learner then)."""
    rel = path.relative_to(folder)
    if len(rel.parts) > 1:
        return "/".join(rel.parts[:-1])
    return path.stem


def _candidates(folder: Path) -> list[Path]:
    """Every non-hidden *.json and *.md file at most MAX_DEPTH levels down, sorted."""
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or len(rel.parts) > MAX_DEPTH:
            continue
        if path.suffix.lower() in (".json", ".md") and not path.is_dir():
            found.append(path)
    return found


def class_review(folder: str | Path, names: str = "show", lang: str | None = None) -> ClassReview:
    """Read every journal export in `folder` (read only). names="hide" shows "Learner 1", "Learner 2"...

    Files are taken in sorted order; learners are numbered in that order when names are hidden.
    """
    if names not in ("show", "hide"):
        raise ValueError(f"names must be 'show' or 'hide', not {names!r}")
    lang = resolve_language(lang)
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(t("class_review.no_folder", lang, folder=str(folder)))
    review = ClassReview(folder=folder, lang=lang)
    for number, path in enumerate(_candidates(folder)):
        rel = path.relative_to(folder).as_posix()
        if number >= MAX_FILES:
            review.skipped.append({"file": rel, "problem": t("class_review.too_many", lang, n=MAX_FILES)})
            continue
        problem, entries = _read(path, lang)
        if problem:
            review.skipped.append({"file": rel, "problem": problem})
            continue
        name = _learner_name(path, folder)
        if names == "hide":
            name = t("class_review.learner_n", lang, n=len(review.learners) + 1)
        while name in review.entries:  # two files of one learner: keep both, apart
            name += "'"
        review.learners.append(name)
        review.entries[name] = entries
        review.read.append({"file": rel, "learner": name, "entries": len(entries)})
    return review


def _read(path: Path, lang: str) -> tuple[str, dict]:
    """('', entries) for a readable export, else (why it was skipped, {})."""
    if path.is_symlink() or not path.is_file():
        return t("class_review.not_file", lang), {}
    if path.suffix.lower() == ".md":
        return t("class_review.markdown", lang), {}
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return t("class_review.too_big", lang, size=size, limit=MAX_FILE_BYTES), {}
        with open(path, "rb") as handle:  # read only: exports are never changed
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        return t("class_review.unreadable", lang, error=err.strerror or type(err).__name__), {}
    try:
        entries = parse_journal(data)
    except (JournalFormatError, RecursionError) as err:
        return t("class_review.not_journal", lang, error=_shorten(str(err), 160, lang)), {}
    return "", {pid: entry for pid, entry in entries.items() if PROMPT_ID.match(pid)}
