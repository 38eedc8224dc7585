"""The session bar: session kind from the environment, language switch, export links, import messages."""

import base64
import re
from datetime import datetime, timezone

import pytest

import helpers
from helpers import journal as jn
from helpers import session
from helpers.journal import Journal, JournalFormatError
from helpers.strings import LANGUAGES, get_language, set_language, t

LINK = re.compile(r"<a [^>]*href='data:([^;']+);charset=utf-8;base64,([^']+)' download='([^']+)'")
HUB = {"JUPYTERHUB_API_URL": "http://hub:8081/hub/api", "JUPYTERHUB_USER": "ana",
       "JUPYTERHUB_SERVICE_PREFIX": "/user/ana/"}


@pytest.fixture(autouse=True)
def _english_and_local(monkeypatch):
    for name in [*session.BINDER_VARS, *session.TEMPORARY_HOST_VARS, "BISHKEK_TEMPORARY", *HUB]:
        monkeypatch.delenv(name, raising=False)
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("BISHKEK_JOURNAL_DIR", str(tmp_path / "journal"))
    return tmp_path / "journal"


def _uploaded(name, data):
    """What ipywidgets' FileUpload holds for one chosen file."""
    return {"name": name, "type": "application/json", "size": len(data), "content": memoryview(data),
            "last_modified": datetime(2024, 1, 1, tzinfo=timezone.utc)}


def _downloads(html):
    """{file name: (mime type, bytes)} of the data: links in `html`."""
    return {name: (mime, base64.b64decode(data)) for mime, data, name in LINK.findall(html)}


# --- which kind of session ---------------------------------------------------------------------------

@pytest.mark.parametrize(("environ", "kind"), [
    ({}, "local"),
    ({"HOME": "/home/ana", "PATH": "/usr/bin"}, "local"),
    ({"BINDER_LAUNCH_HOST": "https://mybinder.org/", **HUB}, "binder"),
    ({"BINDER_REQUEST": "v2/gh/org/repo/HEAD"}, "binder"),
    ({"BINDER_REPO_URL": "https://github.com/org/repo"}, "binder"),
    ({"BINDER_LAUNCH_HOST": ""}, "local"),  # set but empty: no Binder
    (HUB, "hosted"),
    ({**HUB, "JUPYTERHUB_SERVICE_PREFIX": "/user/ephemeral-4f2a/"}, "temporary"),
    ({"JUPYTERHUB_API_URL": "https://tmpnb.example.org/hub/api"}, "temporary"),
    ({"COLAB_RELEASE_TAG": "release-colab_2024"}, "temporary"),
    ({"KAGGLE_KERNEL_RUN_TYPE": "Interactive"}, "temporary"),
    ({"BISHKEK_TEMPORARY": "1"}, "temporary"),
    ({"BISHKEK_TEMPORARY": "Yes "}, "temporary"),
    ({"BISHKEK_TEMPORARY": "true", **HUB}, "temporary"),
    ({"BISHKEK_TEMPORARY": "1", "BINDER_LAUNCH_HOST": "https://mybinder.org/"}, "binder"),
    ({"BISHKEK_TEMPORARY": "0", "BINDER_LAUNCH_HOST": "https://binder.example.edu/"}, "hosted"),
    ({"BISHKEK_TEMPORARY": "off", **HUB, "JUPYTERHUB_SERVICE_PREFIX": "/user/ephemeral/"}, "hosted"),
    ({"BISHKEK_TEMPORARY": "no"}, "local"),
    ({"BISHKEK_TEMPORARY": "perhaps", "COLAB_RELEASE_TAG": "x"}, "temporary"),  # unknown value: ignored
    ({"BISHKEK_TEMPORARY": "perhaps"}, "local"),
])
def test_session_kind_from_fake_environments(environ, kind):
    assert session.session_kind(environ) == kind
    assert session.is_temporary(environ) == (kind in ("binder", "temporary"))


def test_session_kind_reads_the_real_environment_only_when_given_none(monkeypatch):
    monkeypatch.setenv("BINDER_LAUNCH_HOST", "https://mybinder.org/")
    assert session.session_kind() == "binder" and helpers.session_kind() == "binder"
    assert session.session_kind({}) == "local"


def test_every_kind_has_a_status_in_both_languages_that_names_the_file(folder):
    j = Journal()
    for kind, environ in [("local", {}), ("hosted", HUB), ("binder", {"BINDER_REQUEST": "x"}),
                          ("temporary", {"BISHKEK_TEMPORARY": "1"})]:
        assert session.session_kind(environ) == kind
        for lang in LANGUAGES:
            text = session.journal_status(j, lang, environ)
            assert str(j.path) in text and text == t(f"session.kind.{kind}", lang, path=str(j.path))
    assert "temporary Binder session" in session.journal_status(j, "en", {"BINDER_REQUEST": "x"})
    assert "Esta sesión es temporal" in session.journal_status(j, "es", {"BISHKEK_TEMPORARY": "1"})
    assert "temporary session" not in session.journal_status(j, "en", {})


# --- the bar -----------------------------------------------------------------------------------------

def test_bar_shows_the_temporary_status_and_accepts_ds_and_notebook(folder):
    bar = helpers.session_bar(ds=object(), notebook="03_signing", environ={"BINDER_LAUNCH_HOST": "x"})
    assert bar.kind == "binder"
    assert "temporary Binder session" in bar.status.value and str(Journal().path) in bar.status.value
    local = helpers.session_bar(environ={})
    assert "on this computer" in local.status.value and "is deleted" not in local.status.value


def test_language_switch_sets_the_language_and_relabels_what_is_on_the_page(folder):
    bar = helpers.session_bar()
    other = helpers.session_bar()  # the bar may be shown twice in one notebook
    box = helpers.journal_box("p", "Question?")
    assert bar.language.options == (("English", "en"), ("Español", "es")) and bar.language.value == "en"
    assert bar.export_button.description == "Export my journal"
    bar.language.value = "es"
    assert get_language() == "es"
    assert "ya han cambiado" in bar.language_note.value and "vuelvas a ejecutar" in bar.language_note.value
    assert bar.export_button.description == t("session.export_button", "es")
    assert bar.upload.description == t("session.import_label", "es")
    assert bar.language.description == "Idioma" and "en este ordenador" in bar.status.value
    assert other.language.value == "es" and other.export_button.description == t("session.export_button", "es")
    assert box.text.description == t("journal.box_label", "es")
    assert "Se guarda mientras escribes" in box.status.value
    later = helpers.journal_box("q", "Otra pregunta")  # widgets created afterwards speak Spanish
    assert later.text.placeholder == t("journal.placeholder", "es")
    bar.language.value = "en"
    assert get_language() == "en" and box.text.description == "Your reflection"
    export = helpers.journal_export()  # the export box of notebooks 00 and 06 follows the bar too
    bar.language.value = "es"
    assert export.export_button.description == t("session.export_button", "es")
    assert t("journal.nothing_yet", "es") in export.review.value
    bar.language.value = "en"
    assert "Widgets now use English" in bar.language_note.value


def test_the_chosen_language_is_remembered_for_the_next_notebook(folder):
    bar = helpers.session_bar()
    assert bar.language_note.value == ""  # nothing chosen yet: nothing to say
    bar.language.value = "es"
    assert session.saved_language(folder) == "es"
    set_language("en")  # the next notebook: a new kernel starts in English
    nxt = helpers.session_bar()
    assert get_language() == "es" and nxt.language.value == "es"
    assert "usan español, el idioma que elegiste antes" in nxt.language_note.value
    assert helpers.journal_box("p").text.description == t("journal.box_label", "es")
    nxt.language.value = "en"
    set_language("es")
    again = helpers.session_bar()
    assert get_language() == "en" and "use English, the language you chose" in again.language_note.value
    assert helpers.session_bar(lang="es").language.value == "es" and get_language() == "en"  # lang= wins


@pytest.mark.parametrize("content", ["{broken", '{"language": "fr"}', "[]", '{"language": 1}'])
def test_an_unreadable_language_setting_is_ignored(folder, content):
    folder.mkdir(parents=True)
    (folder / session.SETTINGS_FILE).write_text(content)
    assert session.saved_language(folder) is None
    assert helpers.session_bar().language.value == "en" and get_language() == "en"


def test_a_language_choice_that_cannot_be_saved_still_switches_and_says_so(folder, monkeypatch):
    def read_only(path, data):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(jn, "atomic_write", read_only)
    bar = helpers.session_bar()
    bar.language.value = "es"
    assert get_language() == "es" and "No se ha podido recordar esta elección" in bar.language_note.value
    assert "Read-only file system" in bar.language_note.value


def test_journal_box_says_when_the_session_is_temporary(folder, monkeypatch):
    assert "This session is temporary" not in helpers.journal_box("p").status.value
    monkeypatch.setenv("BISHKEK_TEMPORARY", "1")
    box = jn.journal_box("p", "Q", delay=0)
    assert "This session is temporary" in box.status.value
    box.text.value = "something"
    assert "only in this temporary session" in box.status.value
    monkeypatch.setenv("BISHKEK_TEMPORARY", "0")
    box.text.value = "something else"
    assert "Saved." in box.status.value and "temporary session" not in box.status.value


# --- export ------------------------------------------------------------------------------------------

def test_export_gives_data_links_holding_the_journals_own_files(folder):
    j = Journal()
    j.set("01.a", "First answer, with ñ and «quotes»", prompt="Why?")
    bar = helpers.session_bar(journal=j)
    assert bar.downloads.value == ""
    bar.export_button.click()
    files = _downloads(bar.downloads.value)
    assert set(files) == {"my-bishkek-journal.json", "my-bishkek-journal.md"}
    mime, data = files["my-bishkek-journal.json"]
    assert mime == "application/json" and data == jn.serialise(j.entries)
    assert jn.parse_journal(data) == {"01.a": {"prompt": "Why?", "text": "First answer, with ñ and «quotes»"}}
    mime, md = files["my-bishkek-journal.md"]
    assert mime == "text/markdown" and md.decode("utf-8") == j.to_markdown("en")
    assert "href='my_journal" not in bar.downloads.value and "/lab/tree" not in bar.downloads.value
    assert "1 entries" in bar.result.value


def test_export_includes_other_notebooks_entries_and_text_that_could_not_be_saved(folder, monkeypatch):
    mine = Journal()
    bar = helpers.session_bar(journal=mine)
    other = Journal()  # another notebook, its own Python process
    other.set("04.x", "written in notebook 04", prompt="Q4")
    other.save()
    mine.set("03.y", "typed here while the disk was full", prompt="Q3")

    def full_disk(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jn, "atomic_write", full_disk)
    bar.export_button.click()
    entries = jn.parse_journal(_downloads(bar.downloads.value)["my-bishkek-journal.json"][1])
    assert entries == {"04.x": {"prompt": "Q4", "text": "written in notebook 04"},
                       "03.y": {"prompt": "Q3", "text": "typed here while the disk was full"}}
    assert mine.unsaved == ["03.y"]  # still waiting for the next save, nothing lost


def test_export_failure_is_reported(folder, monkeypatch):
    bar = helpers.session_bar()

    def broken(journal, lang=None):
        raise PermissionError("no access")

    monkeypatch.setattr(session, "export_files", broken)
    bar.export_button.click()
    assert "The export failed (no access)" in bar.result.value and bar.downloads.value == ""


def test_switching_language_after_an_export_asks_to_export_again(folder):
    bar = helpers.session_bar()
    bar.export_button.click()
    assert bar.downloads.value
    bar.language.value = "es"
    assert bar.downloads.value == "" and "Vuelve a hacer clic en Exportar" in bar.result.value


# --- import ------------------------------------------------------------------------------------------

def test_choosing_a_file_imports_it_and_updates_the_boxes_on_the_page(folder):
    j = Journal()
    j.set("02.a", "old text", prompt="Q")
    j.save()
    box = jn.journal_box("02.a", "Q", journal=j, delay=0)
    bar = helpers.session_bar(journal=j)
    data = jn.serialise({"02.a": {"prompt": "Q", "text": "text from my laptop"},
                         "05.b": {"prompt": "Q5", "text": "another"}})
    bar.upload.value = (_uploaded("my-bishkek-journal.json", data),)
    assert "Imported 2 entries from my-bishkek-journal.json" in bar.result.value
    assert "journal.before-import-1.json" in bar.result.value
    assert box.text.value == "text from my laptop" and Journal(folder).text("05.b") == "another"
    assert j.unsaved == [] and "Saved." in box.status.value  # shown again, not typed again
    assert bar.upload.value == ()
    bar.upload.value = (_uploaded("my-bishkek-journal.json", data),)  # the same file again: reported again
    assert "Imported 2 entries" in bar.result.value and "before-import-2" in bar.result.value


@pytest.mark.parametrize(("content", "reason"), [
    (b"<!DOCTYPE html><html>JupyterLab</html>", "not valid JSON"),
    (b"[]", "no 'entries'"),
    (b"\xff\xfe", "not valid JSON"),
])
def test_a_file_that_is_not_a_journal_gets_an_error_and_changes_nothing(folder, content, reason):
    j = Journal()
    j.set("a", "keep me")
    j.save()
    bar = helpers.session_bar(journal=j)
    bar.upload.value = (_uploaded("journal-export.json", content),)
    assert "journal-export.json could not be imported" in bar.result.value
    assert reason.replace("'", "&#x27;") in bar.result.value and "Nothing was changed" in bar.result.value
    assert Journal(folder).entries == {"a": {"prompt": "", "text": "keep me"}}


def test_import_names_a_backup_only_when_it_made_one(folder):
    j = Journal()
    j.set("a", "first")
    j.save()
    folder.joinpath("journal.json").write_text("{corrupt")
    j.set("b", "second")
    j.save()  # finds the corrupt file and moves it aside: backup_path is journal.corrupt-1.json
    assert j.backup_path.name == "journal.corrupt-1.json"
    folder.joinpath("journal.json").unlink()
    bar = helpers.session_bar(journal=j)
    bar.upload.value = (_uploaded("x.json", jn.serialise({"c": {"prompt": "", "text": "t"}})),)
    assert "Imported 1 entries from x.json." in bar.result.value and "corrupt" not in bar.result.value


def test_a_web_page_saved_as_json_gets_a_hint(folder):
    bar = helpers.session_bar()
    bar.upload.value = (_uploaded("journal-export.json", b"\n  <!DOCTYPE html><html><head>JupyterLab"),)
    assert "is a web page, not your journal" in bar.result.value
    bar.upload.value = (_uploaded("x.json", b"{broken"),)
    assert "x.json could not be imported" in bar.result.value and "web page" not in bar.result.value


@pytest.mark.parametrize("error", [JournalFormatError("file too large (12 MB; the limit is 5 MB)"),
                                   ValueError("entry 'x' is too long"),
                                   OSError(30, "Read-only file system"),
                                   RuntimeError("something unexpected")])
def test_every_import_error_reaches_the_learner(folder, monkeypatch, error):
    j = Journal()

    def failing(data, lang=None):
        raise error

    monkeypatch.setattr(j, "import_data", failing)
    bar = helpers.session_bar(journal=j)
    bar.upload.value = (_uploaded("big.json", b"{}"),)
    assert "big.json could not be imported" in bar.result.value
    assert str(error).replace("'", "&#x27;") in bar.result.value


def test_import_from_the_spanish_bar_answers_in_spanish(folder):
    bar = helpers.session_bar(lang="es")
    bar.upload.value = (_uploaded("x.json", jn.serialise({"a": {"prompt": "", "text": "t"}})),)
    assert "Se han importado 1 entradas de x.json" in bar.result.value


def test_ipywidgets_7_upload_values_are_understood():
    value = {"a.json": {"metadata": {"name": "a.json"}, "content": b"{}"}}
    assert session.uploaded_files(value) == [{"name": "a.json", "content": b"{}"}]
    assert session.uploaded_files(()) == []


def test_session_strings_exist_in_both_languages():
    from helpers.strings import table

    for lang in LANGUAGES:
        for kind in session.KINDS:
            assert f"session.kind.{kind}" in table(lang)
        for code in LANGUAGES:
            assert f"session.language_name.{code}" in table(lang)
    en = {k for k in table("en") if k.startswith("session.")}
    es = {k for k in table("es") if k.startswith("session.")}
    assert en == es and len(en) > 20
    assert all(table("es")[k] != table("en")[k] for k in en), "a Spanish session text is still English"
