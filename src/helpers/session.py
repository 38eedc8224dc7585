"""The session bar at the top of every notebook: language, where the journal is kept, export, import.

    helpers.session_bar()            # first code cell of each notebook

- Language: English / Español buttons (the same as `helpers.set_language`). Widgets created
  afterwards, and cells run again, use the new language; the bar and the journal boxes already on
  the page switch at once. The choice is remembered in the journal folder (settings.json), so the
  bar of the next notebook starts in it.
- Journal status: says plainly when the session is temporary. `session_kind(os.environ)` tells a
  Binder session, another temporary hosted session (Colab, Kaggle, a JupyterHub that says it is
  ephemeral), a hosted one (JupyterHub) or a computer of one's own; BISHKEK_TEMPORARY=1 (or 0)
  overrides the guess.
- Export: the journal goes into the download link itself (a data: URL, see download.py), so the
  browser saves the real file in JupyterLab, Notebook 7 and Voila alike: a .json to import later,
  a .md to read. Import: choosing a .json file imports it at once and always says what happened.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Mapping

from .download import JSON_MIME, MARKDOWN_MIME, download_link
from .strings import LANGUAGES, get_language, resolve_language, set_language, t
from .ui import esc, message_html

KINDS = ("local", "hosted", "binder", "temporary")
TEMPORARY_KINDS = ("binder", "temporary")
BINDER_VARS = ("BINDER_LAUNCH_HOST", "BINDER_REQUEST", "BINDER_REPO_URL", "BINDER_REF_URL",
               "BINDER_PERSISTENT_REQUEST")
TEMPORARY_HOST_VARS = ("COLAB_RELEASE_TAG", "COLAB_BACKEND_VERSION", "KAGGLE_KERNEL_RUN_TYPE",
                       "KAGGLE_URL_BASE")
EPHEMERAL_HINTS = ("binder", "ephemeral", "temporary", "tmpnb")
YES = ("1", "true", "yes", "on")
NO = ("0", "false", "no", "off")
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
EXPORT_NAME = "my-bishkek-journal"


def session_kind(environ: Mapping[str, str] | None = None) -> str:
    """'binder', 'temporary', 'hosted' or 'local', guessed from environment variables.

    BISHKEK_TEMPORARY=1/true/yes/on says "temporary" whatever else is set; 0/false/no/off says
    the files stay ('hosted' on a hub, else 'local'). Other values are ignored.
    """
    env = os.environ if environ is None else environ
    override = str(env.get("BISHKEK_TEMPORARY", "")).strip().lower()
    binder = any(env.get(name) for name in BINDER_VARS)
    hub = {key: str(value) for key, value in env.items() if key.startswith("JUPYTERHUB_") and value}
    if override in YES:
        return "binder" if binder else "temporary"
    if override in NO:
        return "hosted" if (binder or hub) else "local"
    if binder:
        return "binder"
    if any(env.get(name) for name in TEMPORARY_HOST_VARS):
        return "temporary"
    if hub:
        if any(hint in value.lower() for value in hub.values() for hint in EPHEMERAL_HINTS):
            return "temporary"
        return "hosted"
    return "local"


def is_temporary(environ: Mapping[str, str] | None = None) -> bool:
    """True when the files of this session disappear when it ends (Binder and the like)."""
    return session_kind(environ) in TEMPORARY_KINDS


def journal_status(journal, lang: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """One sentence: where the journal is kept and whether it survives the session."""
    return t(f"session.kind.{session_kind(environ)}", lang, path=str(journal.path))


# --- export ----------------------------------------------------------------------------------------

def export_files(journal, lang: str | None = None) -> dict:
    """The journal as it is now, on disk and in memory: {'json': bytes, 'md': bytes, 'count': entries}.

    Unsaved text is saved first; entries other notebooks wrote are read from the journal file,
    and text that could not be saved (e.g. a full disk) is included from memory.
    """
    from .journal import Journal, serialise

    try:
        journal.save()
    except OSError:
        pass  # the text stays in memory and is taken from there below
    fresh = Journal(journal.directory)  # what is on disk now, all notebooks included
    with journal._mutex:
        unsaved = {pid: dict(journal.entries[pid]) for pid in journal.unsaved if pid in journal.entries}
        missing = {pid: dict(e) for pid, e in journal.entries.items() if pid not in fresh.entries}
    fresh.entries.update(missing)
    fresh.entries.update(unsaved)
    return {"json": serialise(fresh.entries), "md": fresh.to_markdown(lang).encode("utf-8"),
            "count": len(fresh.entries)}


def export_links_html(files: dict, lang: str | None = None) -> str:
    """Two download links (JSON to import later, Markdown to read) for `export_files` output."""
    lang = resolve_language(lang)
    return (download_link(files["json"], f"{EXPORT_NAME}.json", t("session.download_json", lang), JSON_MIME,
                          t("session.download_json_tip", lang))
            + download_link(files["md"], f"{EXPORT_NAME}.md", t("session.download_md", lang), MARKDOWN_MIME,
                            t("session.download_md_tip", lang)))


# --- import ----------------------------------------------------------------------------------------

def uploaded_files(value) -> list[dict]:
    """FileUpload's value as a list of {'name', 'content'} (ipywidgets 8 tuple or 7 dict)."""
    if isinstance(value, Mapping):  # ipywidgets 7: {name: {"metadata": ..., "content": ...}}
        return [{"name": name, "content": item.get("content", b"")} for name, item in value.items()]
    return [{"name": item.get("name", "?"), "content": item.get("content", b"")} for item in value or ()]


def looks_like_html(content) -> bool:
    """True for a web page saved under a .json name (what the old relative export links gave)."""
    start = bytes(content[:512]).lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def import_upload(journal, upload_file: dict, lang: str | None = None) -> tuple[str, str]:
    """Import one uploaded file into `journal`; returns (kind, message) and never raises."""
    lang = resolve_language(lang)
    name = str(upload_file.get("name", "?"))
    backup_before = getattr(journal, "backup_path", None)
    try:
        imported = journal.import_data(bytes(upload_file["content"]), lang=lang)
    except ValueError as err:  # JournalFormatError and the journal's other input errors
        message = t("session.import_bad", lang, name=name, error=str(err))
        if looks_like_html(upload_file["content"]):
            message += " " + t("session.import_html_hint", lang)
        return "error", message
    except OSError as err:
        return "error", t("session.import_failed", lang, name=name, error=str(err))
    except Exception as err:  # noqa: BLE001 - the learner must always get a message
        return "error", t("session.import_failed", lang, name=name, error=f"{type(err).__name__}: {err}")
    refresh_boxes(journal)
    backup = getattr(journal, "backup_path", None)
    if backup and backup != backup_before:  # this import kept the journal as it was
        return "ok", t("session.imported_backup", lang, n=len(imported), name=name, backup=str(backup))
    return "ok", t("session.imported", lang, n=len(imported), name=name)


def refresh_boxes(journal) -> None:
    """Show the journal's current text in the journal boxes already on the page."""
    from .journal import live_boxes

    for box in live_boxes():
        if box.journal is journal and box.text.value != journal.text(box.prompt_id):
            box.reload()


# --- widgets ---------------------------------------------------------------------------------------

def journal_controls(lang: str | None = None, journal=None, on_change=None):
    """Export button + download links, and an Import file chooser, with one result line.

    Controls: `.export_button`, `.downloads` (HTML with the links), `.upload` (FileUpload),
    `.result` (HTML message); `.relabel(lang)` switches their language. `on_change()` is called
    after an export or import (e.g. to refresh a read-through).
    """
    import ipywidgets as widgets

    from .journal import get_journal

    state = {"lang": resolve_language(lang)}
    journal = journal if journal is not None else get_journal()
    export_button = widgets.Button(icon="download", layout=widgets.Layout(width="auto"))
    upload = widgets.FileUpload(accept=".json", multiple=False, layout=widgets.Layout(width="auto"))
    downloads = widgets.HTML()
    result = widgets.HTML()

    def relabel(new_lang: str) -> None:
        state["lang"] = new_lang = resolve_language(new_lang)
        export_button.description = t("session.export_button", new_lang)
        export_button.tooltip = t("session.export_tip", new_lang)
        upload.description = t("session.import_label", new_lang)
        upload.tooltip = t("session.import_tip", new_lang)
        if downloads.value:
            downloads.value = ""
            result.value = message_html(t("session.export_again", new_lang), "info")

    def on_export(_button=None) -> None:
        current = state["lang"]
        try:
            files = export_files(journal, current)
        except Exception as err:  # noqa: BLE001 - always tell the learner
            downloads.value = ""
            result.value = message_html(t("session.export_failed", current, error=str(err)), "error")
            return
        downloads.value = export_links_html(files, current)
        result.value = message_html(t("session.exported", current, n=files["count"]), "ok")
        if on_change is not None:
            on_change()

    def on_upload(change) -> None:
        files = uploaded_files(change["new"])
        if not files:
            return
        kind, text = import_upload(journal, files[0], state["lang"])
        result.value = message_html(text, kind)
        upload.value = ()  # so that choosing the same file again imports (and reports) again
        downloads.value = ""  # an earlier export no longer shows the journal as it is
        if on_change is not None:
            on_change()

    export_button.on_click(on_export)
    upload.observe(on_upload, "value")
    relabel(state["lang"])
    box = widgets.VBox([widgets.HBox([export_button, upload]), downloads, result])
    box.add_class("bishkek-journal-controls")
    box.export_button, box.upload, box.downloads, box.result = export_button, upload, downloads, result
    box.journal, box.relabel, box.export = journal, relabel, on_export
    return box


# --- the language chosen in the bar, remembered for the other notebooks -------------------------------

SETTINGS_FILE = "settings.json"  # in the journal folder: {"language": "es"}


def saved_language(folder) -> str | None:
    """The language the learner last chose in a session bar (None if never, or unreadable)."""
    import json
    from pathlib import Path

    try:
        value = json.loads((Path(folder) / SETTINGS_FILE).read_text(encoding="utf-8")).get("language")
    except (OSError, ValueError, AttributeError):
        return None
    return value if value in LANGUAGES else None


def save_language(folder, lang: str) -> None:
    """Remember `lang` for the session bars of the other notebooks (raises OSError on failure)."""
    import json
    from pathlib import Path

    from .journal import atomic_write

    Path(folder).mkdir(parents=True, exist_ok=True)
    data = json.dumps({"language": resolve_language(lang)}) + "\n"
    atomic_write(Path(folder) / SETTINGS_FILE, data.encode("utf-8"))


_BARS: weakref.WeakSet = weakref.WeakSet()
_FOLLOWERS: weakref.WeakSet = weakref.WeakSet()  # other widgets with .relabel(lang), e.g. journal_export


def follow_language(widget) -> None:
    """Have `widget.relabel(lang)` called when the learner switches language in a session bar."""
    _FOLLOWERS.add(widget)


def session_bar(ds=None, notebook: str | None = None, lang: str | None = None, journal=None,
                environ: Mapping[str, str] | None = None):
    """The bar for the top of a notebook: language switch, journal status, export and import.

    The language chosen in a bar is remembered in the journal folder (settings.json), so the next
    notebook's bar starts in it (unless `lang` is given). `ds` and `notebook` are accepted so every
    notebook can call it the same way; the bar does not need them. Controls: `.language`
    (ToggleButtons), `.language_note`, `.status` (HTML), `.controls` (see `journal_controls`:
    `.export_button`, `.downloads`, `.upload`, `.result`).
    """
    import ipywidgets as widgets

    from .journal import get_journal, relabel_boxes

    del ds, notebook  # not needed: the bar is the same in every notebook
    journal = journal if journal is not None else get_journal()
    remembered = saved_language(journal.directory) if lang is None else None
    if remembered is not None and remembered != get_language():
        set_language(remembered)  # the learner chose it in another notebook: widgets below follow
    state = {"lang": resolve_language(lang)}
    kind = session_kind(environ)
    heading = widgets.HTML()
    language = widgets.ToggleButtons(options=[(LANGUAGE_NAMES[code], code) for code in LANGUAGES],
                                     value=state["lang"], style={"button_width": "auto"})
    language_note = widgets.HTML()
    status = widgets.HTML()
    controls = journal_controls(state["lang"], journal)

    def relabel(new_lang: str) -> None:
        state["lang"] = new_lang
        heading.value = f"<b>{esc(t('session.heading', new_lang))}</b>"
        language.description = t("session.language", new_lang)
        language.tooltips = [t("session.language_tip", code) for code in LANGUAGES]
        status.value = message_html(journal_status(journal, new_lang, environ),
                                    "warning" if kind in TEMPORARY_KINDS else "info")
        controls.relabel(new_lang)

    def on_language(change) -> None:
        new_lang = change["new"]
        set_language(new_lang)
        for bar in list(_BARS):
            if bar.language.value != new_lang:
                bar.language.value = new_lang  # another bar in this notebook: same language
            bar.relabel(new_lang)
        relabel_boxes(new_lang)
        for widget in list(_FOLLOWERS):
            widget.relabel(new_lang)
        note = t("session.language_changed", new_lang)
        try:
            save_language(journal.directory, new_lang)
        except OSError as err:
            note += " " + t("session.language_not_saved", new_lang, error=str(err))
        language_note.value = message_html(note, "info")

    relabel(state["lang"])
    if remembered is not None:
        name = t(f"session.language_name.{state['lang']}", state["lang"])
        language_note.value = message_html(t("session.language_remembered", state["lang"], language=name), "info")
    language.observe(on_language, "value")
    heading.layout.margin = "0 16px 0 0"
    top = widgets.HBox([heading, language], layout=widgets.Layout(align_items="center", flex_flow="row wrap"))
    bar = widgets.VBox([top, language_note, status, controls],
                       layout=widgets.Layout(border="1px solid #999", padding="4px 8px", margin="0 0 8px 0"))
    bar.add_class("bishkek-session-bar")
    bar.language, bar.language_note, bar.status, bar.controls = language, language_note, status, controls
    bar.journal, bar.kind, bar.relabel = journal, kind, relabel
    bar.export_button, bar.upload, bar.downloads, bar.result = (controls.export_button, controls.upload,
                                                                controls.downloads, controls.result)
    _BARS.add(bar)
    return bar

