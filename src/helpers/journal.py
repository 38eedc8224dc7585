"""The learner's journal: reflection boxes whose text is never lost.

Where it is kept: a folder `my_journal/` next to the notebooks (the working directory of the
notebook that runs), or the folder named by the environment variable BISHKEK_JOURNAL_DIR. The
journal is one file there, journal.json:
    {"format": "bishkek-journal", "version": 1,
     "entries": {"<prompt id>": {"prompt": "<question asked>", "text": "<what the learner wrote>"}},
     "revisions": {"<prompt id>": [<revision>, "<checksum>"]}}
("revisions" is optional: each entry's revision number goes up with every save of a new text, and
the checksum (CRC-32 of revision, prompt and text) tells a revision that is still true from text
that was damaged or edited by hand since; export files leave it out.)

How it keeps work safe:
- text is saved as it is typed: each change is kept in memory at once and written to disk after a
  short pause in typing (and at the latest every few seconds while typing goes on, and when
  Python exits);
- every write is atomic: the new journal goes to a temporary file in the same folder, is flushed
  to disk (fsync), then renamed over the old one (os.replace). A crash at any moment leaves
  either the old journal or the new one, never half of one; if a write fails, the text stays in
  memory and is written with the next save;
- several notebooks (each its own Python process) share the journal: a save takes a lock, reads
  what the others wrote and adds only its own changes;
- memory is the truth: a save writes every entry this Python process holds, and takes an
  entry from disk only when its revision is newer than the one held (another notebook saved it
  since), so a journal file that was truncated, overwritten, damaged inside a text or replaced
  by an older copy while a notebook was open gets all of the session's text back with the next
  save;
- a journal file that cannot be read (bad JSON, nested too deeply, wrong types) is never
  overwritten or deleted: it is moved aside to journal.corrupt-1.json (then -2, -3, ...) and the
  learner gets a message saying where it is; a UTF-8 BOM (Notepad adds one) is accepted;
- export writes journal-export.md and journal-export.json to the same folder (download them from
  the file browser), and import reads such a JSON file back (at most MAX_IMPORT_BYTES; the journal
  before the import is kept as journal.before-import-1.json);
- journal files are untrusted (they come from other machines): learner text shown in HTML is
  always escaped, so "<script>" is shown as text, and the Markdown export shows prompts, texts
  and ids as typed (no live HTML or links; see safe_text.py).

    j = Journal()                         # or Journal("/some/folder")
    j.set("03_signing.reflection", "My answer ...", prompt="Why did ...?"); j.save()
    journal_box("03_signing.reflection", "Why did ...?")     # the widget
    journal_export()                                           # export / import buttons
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import tempfile
import threading
import time
import weakref
import zlib
from pathlib import Path
from urllib.parse import quote

from .safe_text import _SURROGATE, clean_text, escape_markdown
from .strings import resolve_language, t
from .ui import FULL_LABEL, esc, message_html

try:  # POSIX file locks; elsewhere a single notebook at a time is assumed
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

FORMAT = "bishkek-journal"
VERSION = 1
JOURNAL_FILE = "journal.json"
EXPORT_STEM = "journal-export"
LOCK_FILE = ".journal.lock"
TEMP_PREFIX = ".journal-"
DEFAULT_DELAY = 0.7  # seconds of quiet typing before a save
MAX_WAIT = 5.0  # seconds: save at least this often while typing goes on
MAX_IMPORT_BYTES = 2 * 1024 * 1024  # an imported journal: 2 MiB is about 300,000 words of reflection


def journal_dir(directory: str | Path | None = None) -> Path:
    """The journal folder: `directory`, else $BISHKEK_JOURNAL_DIR, else ./my_journal."""
    if directory is not None:
        return Path(directory)
    env = os.environ.get("BISHKEK_JOURNAL_DIR")
    return Path(env) if env else Path.cwd() / "my_journal"


class JournalFormatError(ValueError):
    """A file that is not a journal (bad JSON, or not the journal's structure).

    Its message is a reason a learner can read, in the current language."""


class JournalTooLargeError(JournalFormatError):
    """A file offered for import that is larger than MAX_IMPORT_BYTES (nothing was read)."""


def parse_journal(data: bytes | str, lang: str | None = None) -> dict[str, dict]:
    """The entries of a journal or export file, or JournalFormatError saying what is wrong.

    Untrusted input: a BOM is accepted; bad UTF-8, bad JSON, deep nesting and wrong types all
    end in JournalFormatError, never another exception. Lone surrogates become U+FFFD.
    """
    return _parse(data, lang)[0]


def _parse(data: bytes | str, lang: str | None = None) -> tuple[dict[str, dict], dict[str, int]]:
    """`parse_journal`, and the revision of each entry whose checksum still matches (others: 0)."""
    try:
        text = bytes(data).decode("utf-8") if isinstance(data, (bytes, bytearray, memoryview)) else str(data)
        raw = json.loads(text.removeprefix("\ufeff"))
    except RecursionError:
        raise JournalFormatError(t("journal.error_deep", lang)) from None
    except (UnicodeDecodeError, ValueError) as err:  # JSONDecodeError, or a number too long to read
        raise JournalFormatError(t("journal.error_json", lang, error=str(err)[:200])) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("entries"), dict):
        raise JournalFormatError(t("journal.error_structure", lang))
    entries = {}
    for prompt_id, entry in raw["entries"].items():
        shown = repr(clean_text(prompt_id)[:80])
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            raise JournalFormatError(t("journal.error_entry", lang, id=shown))
        prompt = entry.get("prompt")
        if prompt is not None and not isinstance(prompt, str):
            raise JournalFormatError(t("journal.error_prompt", lang, id=shown))
        entries[_no_surrogates(prompt_id)] = {"prompt": _no_surrogates(prompt or ""),
                                              "text": _no_surrogates(entry["text"])}
    return entries, _revisions(raw.get("revisions"), entries)


def _checksum(revision: int, entry: dict) -> str:
    """CRC-32 of an entry's revision, prompt and text (hex): finds damage that still parses."""
    data = json.dumps([revision, entry["prompt"], entry["text"]], ensure_ascii=False)
    return f"{zlib.crc32(data.encode('utf-8', 'surrogatepass')):08x}"


def _revisions(raw, entries: dict[str, dict]) -> dict[str, int]:
    """Revision numbers whose checksum matches the entry; anything else (missing, wrong type,
    damaged or hand-edited text) counts as revision 0, the oldest."""
    if not isinstance(raw, dict):
        return {}
    revisions = {}
    for prompt_id, value in raw.items():
        if (prompt_id in entries and isinstance(value, list) and len(value) == 2
                and type(value[0]) is int and value[0] > 0 and value[1] == _checksum(value[0], entries[prompt_id])):
            revisions[prompt_id] = value[0]
    return revisions


def _no_surrogates(text: str) -> str:
    """`text` that can be written as UTF-8 (a lone surrogate from a JSON '\\ud800' becomes U+FFFD)."""
    return _SURROGATE.sub("\ufffd", text)


def serialise(entries: dict[str, dict], revisions: dict[str, int] | None = None) -> bytes:
    """Journal file contents for `entries` (stable key order, UTF-8, readable).

    revisions: each entry's revision number, written with a checksum (journal.json only)."""
    data = {"format": FORMAT, "version": VERSION, "entries": entries}
    if revisions:
        data["revisions"] = {pid: [rev, _checksum(rev, entries[pid])]
                             for pid, rev in revisions.items() if pid in entries and rev > 0}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` all or nothing: temp file in the same folder, fsync, os.replace."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); silently skipped where folders can't be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def free_name(folder: Path, stem: str, suffix: str = ".json") -> Path:
    """The first of stem-1.json, stem-2.json, ... that does not exist yet (no timestamps)."""
    n = 1
    while (folder / f"{stem}-{n}{suffix}").exists():
        n += 1
    return folder / f"{stem}-{n}{suffix}"


@contextlib.contextmanager
def _locked(folder: Path):
    """Hold the journal folder's lock (so two notebooks never write at once)."""
    try:
        handle = open(folder / LOCK_FILE, "a+b") if fcntl is not None else None
    except OSError:  # a read-only folder: reading still works, and a save will report its own error
        handle = None
    if handle is None:
        yield
        return
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class Journal:
    """A learner's journal in one folder: entries in memory, saved atomically to journal.json.

    `message` holds a sentence for the learner when something needed attention (a corrupt file
    moved aside); `backup_path` is where it went.
    """

    def __init__(self, directory: str | Path | None = None):
        self.directory = journal_dir(directory)
        self.path = self.directory / JOURNAL_FILE
        self.entries: dict[str, dict] = {}
        self.message = ""
        self.backup_path: Path | None = None
        self._dirty: dict[str, int] = {}  # prompt id -> change counter not yet on disk
        self._revisions: dict[str, int] = {}  # prompt id -> revision of the text held in memory
        self._changes = 0
        self._mutex = threading.RLock()
        if self.path.exists():
            self.directory.mkdir(parents=True, exist_ok=True)
            with _locked(self.directory):
                self.entries, self._revisions = self._read_disk()
        _LIVE.add(self)

    # --- reading and writing ---------------------------------------------------------------------

    def _read_disk(self, saving: bool = False) -> tuple[dict[str, dict], dict[str, int]]:
        """The entries on disk and their revisions ({} if none); a damaged file is moved aside.
        Call under the lock.

        saving: the caller is about to write every entry held in memory back, so the message
        says that the session's text was saved again (rather than 'a new journal was started').
        """
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return {}, {}
        try:
            return _parse(data)
        except JournalFormatError as err:
            backup = free_name(self.directory, "journal.corrupt")
            os.replace(self.path, backup)  # `backup` is a fresh name: nothing is overwritten
            self.backup_path = backup
            key = "journal.damaged_restored" if saving and self.entries else "journal.corrupt"
            self.message = t(key, path=str(self.path), backup=str(backup), error=str(err))
            return {}, {}

    def text(self, prompt_id: str) -> str:
        """The text saved for `prompt_id` ('' if none)."""
        with self._mutex:
            return self.entries.get(prompt_id, {}).get("text", "")

    def set(self, prompt_id: str, text: str, prompt: str | None = None) -> None:
        """Change one entry in memory (call `save()` to write it)."""
        with self._mutex:
            entry = dict(self.entries.get(prompt_id, {"prompt": "", "text": ""}))
            entry["text"] = _no_surrogates(str(text))
            if prompt is not None:
                entry["prompt"] = _no_surrogates(str(prompt))
            prompt_id = _no_surrogates(str(prompt_id))
            self.entries[prompt_id] = entry
            self._changes += 1
            self._dirty[prompt_id] = self._changes

    @property
    def unsaved(self) -> list[str]:
        """Prompt ids whose latest text is not on disk yet."""
        with self._mutex:
            return list(self._dirty)

    def save(self) -> bool:
        """Write unsaved changes to disk now; True if something was written.

        What is written: every entry held in memory; an entry on disk replaces it only when its
        revision is newer (another notebook saved it since) or it is not in memory at all; then
        this process's unsaved changes, each with a new revision. So an entry is never dropped
        or set back, even when the file was damaged, truncated or replaced by an older copy
        since the last save (a file that cannot be read is first moved aside, never deleted).
        On failure the exception propagates and the changes stay unsaved in memory.
        """
        with self._mutex:
            if not self._dirty:
                return False
            pending = {pid: (dict(self.entries[pid]), counter) for pid, counter in self._dirty.items()}
        self.directory.mkdir(parents=True, exist_ok=True)
        with _locked(self.directory):
            on_disk, disk_revisions = self._read_disk(saving=True)
            with self._mutex:
                merged = {pid: dict(entry) for pid, entry in self.entries.items()}  # memory is the truth
                revisions = dict(self._revisions)
            for pid, entry in on_disk.items():  # what other notebooks saved since
                if pid not in merged or disk_revisions.get(pid, 0) > revisions.get(pid, 0):
                    merged[pid], revisions[pid] = entry, disk_revisions.get(pid, 0)
            for pid, (entry, _) in pending.items():
                merged[pid] = entry
                revisions[pid] = max(revisions.get(pid, 0), disk_revisions.get(pid, 0)) + 1
            self._remove_stale_temp_files()
            atomic_write(self.path, serialise(merged, revisions))
        with self._mutex:
            for pid, (_, counter) in pending.items():
                if self._dirty.get(pid) == counter:  # not changed again while we were writing
                    del self._dirty[pid]
            for pid, entry in merged.items():  # pick up what other notebooks wrote
                self._revisions[pid] = revisions.get(pid, 0)
                if pid not in self._dirty:
                    self.entries[pid] = entry
        return True

    def _remove_stale_temp_files(self) -> None:
        """Temp files left by a writer that crashed (under the lock nobody else is writing)."""
        for stale in self.directory.glob(f"{TEMP_PREFIX}*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    # --- export and import -------------------------------------------------------------------------

    def to_markdown(self, lang: str | None = None) -> str:
        """The journal as a Markdown document (prompt as heading, the learner's text below).

        Prompts and texts are shown as typed (escaped: no live HTML, links or headings), and the
        prompt id in its <!-- comment --> is percent-encoded so it cannot end the comment.
        """
        lang = resolve_language(lang)
        lines = [f"# {escape_markdown(t('journal.export_title', lang), one_line=True)}", ""]
        with self._mutex:
            items = list(self.entries.items())
        for prompt_id, entry in items:
            text = escape_markdown(entry["text"]) if entry["text"] else f"_{t('journal.empty_entry', lang)}_"
            lines += [f"## {escape_markdown(entry['prompt'] or prompt_id, one_line=True)}", "",
                      f"<!-- {_comment_safe(prompt_id)} -->", "", text, ""]
        if not items:
            lines.append(t("journal.nothing_yet", lang))
        return "\n".join(lines) + "\n"

    def export(self, directory: str | Path | None = None, lang: str | None = None) -> tuple[Path, Path]:
        """Save, then write journal-export.md and journal-export.json; returns their paths."""
        self.save()
        folder = Path(directory) if directory is not None else self.directory
        folder.mkdir(parents=True, exist_ok=True)
        md_path, json_path = folder / f"{EXPORT_STEM}.md", folder / f"{EXPORT_STEM}.json"
        with self._mutex:
            entries = {pid: dict(e) for pid, e in self.entries.items()}
        atomic_write(md_path, self.to_markdown(lang).encode("utf-8"))
        atomic_write(json_path, serialise(entries))
        return md_path, json_path

    def import_data(self, data: bytes | str, lang: str | None = None) -> list[str]:
        """Merge a journal or export file's entries in (they replace entries with the same id).

        The journal file as it was is first copied to journal.before-import-N.json. Returns the
        imported prompt ids. Raises JournalFormatError, with a reason in the learner's language,
        for a file that is not a journal, and JournalTooLargeError (a JournalFormatError) for one
        over MAX_IMPORT_BYTES.
        """
        size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
        if size > MAX_IMPORT_BYTES:
            raise JournalTooLargeError(t("journal.too_large", lang, size=_megabytes(size),
                                         limit=_megabytes(MAX_IMPORT_BYTES)))
        entries = parse_journal(data, lang)
        self.save()
        self.directory.mkdir(parents=True, exist_ok=True)
        with _locked(self.directory):
            if self.path.exists():
                self.backup_path = free_name(self.directory, "journal.before-import")
                atomic_write(self.backup_path, self.path.read_bytes())
        for prompt_id, entry in entries.items():
            self.set(prompt_id, entry["text"], prompt=entry["prompt"])
        self.save()
        return list(entries)

    def import_file(self, path: str | Path, lang: str | None = None) -> list[str]:
        """`import_data` for a file on disk (e.g. an export uploaded to the file browser).

        A file over MAX_IMPORT_BYTES is refused before it is read."""
        path = Path(path)
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise JournalTooLargeError(t("journal.too_large", lang, size=_megabytes(size),
                                         limit=_megabytes(MAX_IMPORT_BYTES)))
        return self.import_data(path.read_bytes(), lang)


def _megabytes(size: int) -> str:
    """'2.0' for 2 MiB: sizes in the learner's messages."""
    return f"{size / (1024 * 1024):.1f}"


def _comment_safe(prompt_id: str) -> str:
    """A prompt id that cannot end (or start) an HTML/Markdown comment: '<', '>', '!' and line
    breaks are percent-encoded, so '-->' in an id stays inside the comment."""
    return quote(clean_text(prompt_id), safe=" ._-~/:@#$&'()*+,;=[]{}|^`\"")


_LIVE: weakref.WeakSet = weakref.WeakSet()
_SHARED: dict[Path, Journal] = {}


def _save_all_at_exit() -> None:
    for journal in list(_LIVE):
        with contextlib.suppress(Exception):
            journal.save()


atexit.register(_save_all_at_exit)


def get_journal(directory: str | Path | None = None) -> Journal:
    """The Journal of a folder, shared by every box in this Python process."""
    folder = journal_dir(directory).resolve()
    if folder not in _SHARED:
        _SHARED[folder] = Journal(folder)
    return _SHARED[folder]


class Debouncer:
    """Call `action` once typing pauses for `delay` s (and at least every `max_wait` s).

    With delay <= 0 the action runs at once on every trigger (used by tests).
    """

    def __init__(self, action, delay: float = DEFAULT_DELAY, max_wait: float = MAX_WAIT):
        self.action, self.delay, self.max_wait = action, delay, max_wait
        self._timer: threading.Timer | None = None
        self._first_pending: float | None = None
        self._lock = threading.Lock()

    def trigger(self) -> None:
        if self.delay <= 0:
            self.action()
            return
        now = time.monotonic()
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            if self._first_pending is None:
                self._first_pending = now
            overdue = now - self._first_pending >= self.max_wait
            wait = 0.0 if overdue else self.delay
            self._timer = threading.Timer(wait, self._fire)
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            self._timer, self._first_pending = None, None
        self.action()

    def flush(self) -> None:
        """Run the pending action now (if any)."""
        with self._lock:
            pending = self._timer is not None
            if pending:
                self._timer.cancel()
            self._timer, self._first_pending = None, None
        if pending:
            self.action()


_BOXES: weakref.WeakSet = weakref.WeakSet()


def live_boxes() -> list:
    """The journal boxes created in this Python process that still exist."""
    return list(_BOXES)


def relabel_boxes(lang: str) -> None:
    """Switch the journal boxes already on the page to `lang` (the learner's text is untouched)."""
    for box in live_boxes():
        box.relabel(lang)


def _where_text(journal: Journal, lang: str) -> str:
    """Where the box saves, plus a warning when the session is temporary (Binder and the like)."""
    from .session import is_temporary

    text = t("journal.where", lang, path=str(journal.path))
    return f"{text} {t('session.box_temporary', lang)}" if is_temporary() else text


def journal_box(prompt_id: str, prompt_text: str | None = None, lang: str | None = None,
                journal: Journal | None = None, delay: float = DEFAULT_DELAY):
    """A reflection box: the prompt, a Textarea saved as you type, and a save status.

    The text comes back when the notebook runs again (same prompt id, same journal folder). In a
    temporary session (see helpers.session.session_kind) the status says so.
    Controls: `.text` (the Textarea), `.status` (HTML), `.prompt` (HTML); `.flush()` saves now;
    `.relabel(lang)` switches the box's own labels to another language; `.reload()` shows the
    journal's text again (after an import).
    """
    import ipywidgets as widgets

    from .session import is_temporary

    state = {"lang": resolve_language(lang), "last": ("info", "where")}
    journal = journal if journal is not None else get_journal()
    prompt = widgets.HTML(f"<p>{esc(prompt_text)}</p>" if prompt_text else "")
    area = widgets.Textarea(value=journal.text(prompt_id), continuous_update=True,
                            style=FULL_LABEL, layout=widgets.Layout(width="95%", height="8em"))
    status = widgets.HTML()

    def status_text(key: str, error: str = "") -> str:
        current = state["lang"]
        if key == "where":
            return _where_text(journal, current)
        if key == "saved":
            return t("session.box_saved_temporary", current) if is_temporary() else t("journal.saved", current)
        if key == "saving":
            return t("journal.saving", current)
        if key == "save_failed":
            return t("journal.save_failed", current, error=error)
        return journal.message  # "message": what the journal said (e.g. a corrupt file moved aside)

    def show_status(kind: str, key: str, error: str = "") -> None:
        state["last"] = (kind, key, error)
        status.value = message_html(status_text(key, error), kind)

    def relabel(new_lang: str) -> None:
        state["lang"] = resolve_language(new_lang)
        area.description = t("journal.box_label", state["lang"])
        area.placeholder = t("journal.placeholder", state["lang"])
        show_status(*state["last"])

    relabel(state["lang"])
    if journal.message:
        show_status("warning", "message")
    else:
        show_status("info", "where")

    def save() -> None:
        message_before = journal.message
        try:
            journal.save()
        except OSError as err:
            show_status("error", "save_failed", str(err))
        else:
            if journal.message != message_before:  # a corrupt file was found and moved aside
                show_status("warning", "message")
            else:
                show_status("ok", "saved")

    debouncer = Debouncer(save, delay)

    def reload() -> None:
        """Show the journal's text for this prompt (after an import) without saving it again."""
        state["reloading"] = True
        try:
            area.value = journal.text(prompt_id)
        finally:
            state["reloading"] = False
        show_status("ok", "saved")

    def on_change(change) -> None:
        if state.get("reloading"):
            return
        journal.set(prompt_id, change["new"], prompt=prompt_text)
        if debouncer.delay > 0:
            show_status("info", "saving")
        debouncer.trigger()

    area.observe(on_change, "value")
    box = widgets.VBox([prompt, area, status])
    box.text, box.status, box.prompt, box.journal, box.prompt_id = area, status, prompt, journal, prompt_id
    box.flush, box.relabel, box.reload = debouncer.flush, relabel, reload
    _BOXES.add(box)
    return box


def journal_review_html(journal: Journal, lang: str | None = None) -> str:
    """Every entry as escaped HTML (prompt, then the learner's text), for a read-through."""
    lang = resolve_language(lang)
    with journal._mutex:
        items = list(journal.entries.items())
    if not items:
        return f"<p>{esc(t('journal.nothing_yet', lang))}</p>"
    parts = []
    for prompt_id, entry in items:
        text = esc(entry["text"]).replace("\n", "<br>") or f"<i>{esc(t('journal.empty_entry', lang))}</i>"
        parts.append(f"<h5>{esc(entry['prompt'] or prompt_id)}</h5><p>{text}</p>")
    return "".join(parts)


def journal_export(lang: str | None = None, journal: Journal | None = None):
    """Export and import controls for the journal, and a read-through of what is in it.

    The same controls as the session bar (helpers.session.journal_controls): Export gives download
    links holding the file itself, so they work in JupyterLab, Notebook 7 and Voila; choosing a
    .json file imports it at once. Controls: `.export_button`, `.downloads`, `.upload`,
    `.result` (HTML message), `.review` (HTML entries); it follows the session bar's language.
    """
    import ipywidgets as widgets

    from .session import follow_language, journal_controls

    state = {"lang": resolve_language(lang)}
    journal = journal if journal is not None else get_journal()
    heading, review = widgets.HTML(), widgets.HTML()

    def show_review() -> None:
        review.value = journal_review_html(journal, state["lang"])

    controls = journal_controls(state["lang"], journal, on_change=show_review)

    def relabel(new_lang: str) -> None:
        state["lang"] = resolve_language(new_lang)
        heading.value = f"<b>{esc(t('journal.review_head', state['lang']))}</b>"
        controls.relabel(state["lang"])
        show_review()

    relabel(state["lang"])
    box = widgets.VBox([controls, heading, review])
    box.export_button, box.upload, box.downloads = controls.export_button, controls.upload, controls.downloads
    box.result, box.review, box.journal, box.controls, box.relabel = controls.result, review, journal, controls, relabel
    follow_language(box)
    return box
