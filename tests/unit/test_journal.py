"""Journal: survives restarts, interrupted writes and corrupt files; exports, imports, escapes."""

import json
import os
import time
from datetime import datetime, timezone

import pytest

from helpers import journal as jn
from helpers.journal import Journal, JournalFormatError

PAYLOAD = "<script>alert('x')</script><img src=x onerror=alert(1)>"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("BISHKEK_JOURNAL_DIR", str(tmp_path / "journal"))
    return tmp_path / "journal"


def test_folder_default_env_and_nothing_written_until_saved(tmp_path, monkeypatch, folder):
    assert jn.journal_dir() == folder
    monkeypatch.delenv("BISHKEK_JOURNAL_DIR")
    monkeypatch.chdir(tmp_path)
    assert jn.journal_dir() == tmp_path / "my_journal"
    j = Journal()
    j.set("p1", "draft")
    assert not (tmp_path / "my_journal").exists()
    assert j.save() and (tmp_path / "my_journal" / "journal.json").exists()
    assert not j.save()  # nothing new to write


def test_text_survives_a_restart(folder):
    j = Journal()
    j.set("01.reflection", "Kazimirov saw Bishkek as auxiliary.", prompt="What did Kazimirov think?")
    j.save()
    restarted = Journal()  # a new kernel: a new object on the same folder
    assert restarted.text("01.reflection") == "Kazimirov saw Bishkek as auxiliary."
    assert restarted.entries["01.reflection"]["prompt"] == "What did Kazimirov think?"
    assert restarted.text("never.written") == ""


def test_crash_between_write_and_rename_loses_nothing(folder, monkeypatch):
    j = Journal()
    j.set("p1", "first version")
    j.save()
    on_disk = (folder / "journal.json").read_bytes()
    j.set("p1", "second version")

    def crash(src, dst):
        raise OSError("simulated crash before the rename")

    monkeypatch.setattr(jn.os, "replace", crash)
    with pytest.raises(OSError, match="simulated"):
        j.save()
    assert (folder / "journal.json").read_bytes() == on_disk  # old file intact
    assert j.text("p1") == "second version" and j.unsaved == ["p1"]  # new text kept in memory
    assert not list(folder.glob(".journal-*.tmp"))  # no half-written file left behind
    monkeypatch.undo()
    assert j.save()
    assert Journal(folder).text("p1") == "second version"


def test_a_killed_writer_leaves_the_old_journal_and_its_temp_file_is_cleaned(folder):
    j = Journal()
    j.set("p1", "safe")
    j.save()
    (folder / ".journal-deadbeef.tmp").write_text('{"entries": {"p1": {"te', encoding="utf-8")  # killed mid-write
    assert Journal(folder).text("p1") == "safe"
    j.set("p2", "more")
    j.save()
    assert not list(folder.glob(".journal-*.tmp"))


def test_corrupt_journal_is_moved_aside_never_overwritten(folder):
    folder.mkdir(parents=True)
    (folder / "journal.json").write_bytes(b'{"entries": {"p1": {"text": "half')
    j = Journal()
    assert j.backup_path == folder / "journal.corrupt-1.json"
    assert (folder / "journal.corrupt-1.json").read_bytes() == b'{"entries": {"p1": {"text": "half'
    assert "journal.corrupt-1.json" in j.message and "could not be read" in j.message
    j.set("p1", "new start")
    j.save()
    (folder / "journal.json").write_text("[1, 2, 3]", encoding="utf-8")  # valid JSON, not a journal
    again = Journal()
    assert again.backup_path == folder / "journal.corrupt-2.json"
    assert (folder / "journal.corrupt-1.json").read_bytes() == b'{"entries": {"p1": {"text": "half'
    assert (folder / "journal.corrupt-2.json").read_text(encoding="utf-8") == "[1, 2, 3]"


def test_two_notebooks_share_the_journal_without_losing_each_others_entries(folder):
    notebook_a, notebook_b = Journal(), Journal()
    notebook_a.set("01.q", "from notebook 1")
    notebook_b.set("03.q", "from notebook 3")
    notebook_a.save()
    notebook_b.save()
    on_disk = Journal()
    assert on_disk.text("01.q") == "from notebook 1" and on_disk.text("03.q") == "from notebook 3"
    assert notebook_b.text("01.q") == "from notebook 1"  # picked up on save


def test_export_and_import_round_trip(folder, tmp_path):
    j = Journal()
    j.set("01.q", "Line one\nline two", prompt="Why 15 April?")
    j.set("03.q", PAYLOAD, prompt="The amendments")
    md_path, json_path = j.export(lang="en")
    markdown = md_path.read_text(encoding="utf-8")
    assert "## Why 15 April?" in markdown and "Line one\nline two" in markdown
    assert jn.parse_journal(json_path.read_bytes()) == j.entries
    elsewhere = Journal(tmp_path / "other-machine")
    assert elsewhere.import_file(json_path) == ["01.q", "03.q"]
    assert Journal(tmp_path / "other-machine").entries == j.entries
    assert elsewhere.backup_path is None  # nothing existed there to back up


def test_import_keeps_the_previous_journal_and_rejects_non_journals(folder, tmp_path):
    j = Journal()
    j.set("01.q", "mine")
    j.save()
    before = (folder / "journal.json").read_bytes()
    imported = jn.serialise({"01.q": {"prompt": "", "text": "theirs"}, "02.q": {"prompt": "", "text": "new"}})
    j.import_data(imported)
    assert j.text("01.q") == "theirs" and j.text("02.q") == "new"
    assert (folder / "journal.before-import-1.json").read_bytes() == before
    with pytest.raises(JournalFormatError, match="entries"):
        j.import_data(b'{"something": "else"}')
    with pytest.raises(JournalFormatError, match="JSON"):
        j.import_data(b"\xff\xfe not json")
    assert j.text("01.q") == "theirs"


def test_learner_text_is_escaped_in_html(folder):
    j = Journal()
    j.set("p", PAYLOAD, prompt="<b>prompt</b>")
    html = jn.journal_review_html(j, "en")
    assert "<script>" not in html and "<img" not in html and "<b>prompt" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;prompt&lt;/b&gt;" in html


def test_box_saves_as_typed_and_restores_after_restart(folder):
    box = jn.journal_box("02.q", "Why did Jalilov not sign?", lang="en", journal=Journal(), delay=0)
    assert box.text.description == "Your reflection"
    box.text.value = PAYLOAD
    saved = json.loads((folder / "journal.json").read_text(encoding="utf-8"))
    assert saved["entries"]["02.q"] == {"prompt": "Why did Jalilov not sign?", "text": PAYLOAD}
    assert "Saved." in box.status.value
    restarted = jn.journal_box("02.q", "Why did Jalilov not sign?", lang="en", journal=Journal(), delay=0)
    assert restarted.text.value == PAYLOAD
    assert "&lt;b&gt;" not in restarted.prompt.value and "Why did Jalilov" in restarted.prompt.value


def test_box_debounces_and_flushes(folder):
    j = Journal()
    box = jn.journal_box("p", lang="en", journal=j, delay=30)
    for text in ("a", "ab", "abc"):
        box.text.value = text
    assert j.unsaved == ["p"] and not (folder / "journal.json").exists()
    assert "Saving" in box.status.value
    box.flush()
    assert Journal(folder).text("p") == "abc" and j.unsaved == []


def test_debouncer_fires_once_after_a_pause():
    calls = []
    debouncer = jn.Debouncer(lambda: calls.append(1), delay=0.05)
    for _ in range(5):
        debouncer.trigger()
    deadline = time.monotonic() + 2
    while not calls and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)
    assert calls == [1]


def test_box_reports_a_failed_save_and_saves_later(folder, monkeypatch):
    j = Journal()
    box = jn.journal_box("p", lang="en", journal=j, delay=0)
    real_write = jn.atomic_write

    def full_disk(path, data):
        raise OSError("No space left on device")

    monkeypatch.setattr(jn, "atomic_write", full_disk)
    box.text.value = "important"
    assert "Could not save" in box.status.value and "No space left" in box.status.value
    assert j.text("p") == "important"
    monkeypatch.setattr(jn, "atomic_write", real_write)
    box.text.value = "important!"
    assert Journal(folder).text("p") == "important!"


def test_box_shows_the_corrupt_file_message(folder):
    folder.mkdir(parents=True)
    (folder / "journal.json").write_text("not json", encoding="utf-8")
    box = jn.journal_box("p", lang="en", journal=Journal(), delay=0)
    assert "journal.corrupt-1.json" in box.status.value


def _uploaded(name, data):
    """What ipywidgets' FileUpload holds for one chosen file."""
    return {"name": name, "type": "application/json", "size": len(data), "content": memoryview(data),
            "last_modified": datetime(2024, 1, 1, tzinfo=timezone.utc)}


def test_export_widget_exports_and_imports(folder, tmp_path, monkeypatch):
    import base64
    import re

    monkeypatch.chdir(folder.parent)
    j = Journal()
    j.set("p", PAYLOAD, prompt="Q")
    w = jn.journal_export(lang="en", journal=j)
    w.export_button.click()
    links = {name: base64.b64decode(data) for data, name in re.findall(
        r"href='data:[^;]+;charset=utf-8;base64,([^']+)' download='([^']+)'", w.downloads.value)}
    assert jn.parse_journal(links["my-bishkek-journal.json"])["p"]["text"] == PAYLOAD
    assert links["my-bishkek-journal.md"].decode("utf-8") == j.to_markdown("en")
    assert "&lt;script&gt;" in w.review.value and "<script>" not in w.review.value
    data = jn.serialise({"q2": {"prompt": "Q2", "text": "imported text"}})
    w.upload.value = (_uploaded("old.json", data),)
    assert "Imported 1 entries" in w.result.value and "journal.before-import-1.json" in w.result.value
    assert Journal(folder).text("q2") == "imported text" and "imported text" in w.review.value
    w.upload.value = (_uploaded("bad.json", b"[]"),)
    assert "bad.json could not be imported" in w.result.value


def test_data_is_flushed_to_disk_before_the_rename(folder, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(jn.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd)))
    monkeypatch.setattr(jn.os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b)))
    j = Journal()
    j.set("p", "x")
    j.save()
    assert events[:2] == ["fsync", "replace"]


def test_text_typed_during_a_save_stays_unsaved_until_the_next_one(folder, monkeypatch):
    j = Journal()
    j.set("p", "older")
    real_write = jn.atomic_write

    def slow_write(path, data):
        j.set("p", "newer")  # the learner types while the file is being written
        real_write(path, data)

    monkeypatch.setattr(jn, "atomic_write", slow_write)
    j.save()
    assert Journal(folder).text("p") == "older" and j.unsaved == ["p"] and j.text("p") == "newer"
    monkeypatch.setattr(jn, "atomic_write", real_write)
    j.save()
    assert Journal(folder).text("p") == "newer"


def test_debouncer_saves_while_typing_goes_on_past_max_wait():
    calls = []
    debouncer = jn.Debouncer(lambda: calls.append(1), delay=60, max_wait=0)  # overdue at once
    debouncer.trigger()
    deadline = time.monotonic() + 2
    while not calls and time.monotonic() < deadline:
        time.sleep(0.01)
    assert calls == [1]


# ------------------------------------------------------------------ damage while a notebook is open

def _three_entries(folder):
    j = Journal()
    for n in range(3):
        j.set(f"0{n}.q", f"reflection {n}", prompt=f"Question {n}")
        j.save()
    return j


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # truncated
    lambda data: b"",  # emptied
    lambda data: b"\x00" * len(data),  # overwritten
    lambda data: b"[" * 100_000 + b"]" * 100_000,  # nested too deeply
    lambda data: b'{"entries": {"00.q": {"text": 7}}}',  # wrong types
    lambda data: b'{"format": "bishkek-journal", "entries": {}}',  # a valid but empty journal
])
def test_a_save_after_damage_writes_back_every_entry_and_keeps_the_damaged_bytes(folder, damage):
    j = _three_entries(folder)
    damaged = damage((folder / "journal.json").read_bytes())
    (folder / "journal.json").write_bytes(damaged)
    j.set("03.q", "the newest reflection")
    j.save()
    restarted = Journal(folder)
    assert {pid: e["text"] for pid, e in restarted.entries.items()} == {
        "00.q": "reflection 0", "01.q": "reflection 1", "02.q": "reflection 2", "03.q": "the newest reflection"}
    assert restarted.entries["01.q"]["prompt"] == "Question 1"
    kept = sorted(folder.glob("journal.corrupt-*.json"))
    if damaged.startswith(b'{"format"'):  # readable: nothing to keep aside, the text is simply written back
        assert kept == [] and not restarted.message
    else:
        assert [p.read_bytes() for p in kept] == [damaged]  # never deleted, byte for byte
        assert "journal.corrupt-1.json" in j.message and "saved again" in j.message


def test_a_deleted_journal_file_is_written_back_whole(folder):
    j = _three_entries(folder)
    (folder / "journal.json").unlink()
    j.set("00.q", "changed")
    j.save()
    assert set(Journal(folder).entries) == {"00.q", "01.q", "02.q"}


def test_a_journal_saved_with_a_bom_loads(folder):
    j = _three_entries(folder)
    (folder / "journal.json").write_bytes(b"\xef\xbb\xbf" + (folder / "journal.json").read_bytes())
    again = Journal(folder)
    assert again.text("02.q") == "reflection 2" and not again.message and again.backup_path is None
    assert j.import_data(b"\xef\xbb\xbf" + jn.serialise({"x": {"prompt": "", "text": "y"}})) == ["x"]
    assert j.import_data(memoryview(jn.serialise({"z": {"prompt": "", "text": "w"}}))) == ["z"]  # as FileUpload holds it


def test_a_deeply_nested_journal_on_disk_is_kept_aside_and_the_box_still_works(folder):
    folder.mkdir(parents=True)
    deep = b'{"entries": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    (folder / "journal.json").write_bytes(deep)
    box = jn.journal_box("p", lang="en", journal=Journal(), delay=0)
    assert (folder / "journal.corrupt-1.json").read_bytes() == deep
    assert "journal.corrupt-1.json" in box.status.value and "nested too deeply" in box.status.value
    box.text.value = "still saved"
    assert Journal(folder).text("p") == "still saved"


@pytest.mark.parametrize("data,reason", [
    (b"[" * 100_000, "nested too deeply"),
    (b'{"entries": {"a": {"text": "x", "prompt": {"deep": 1}}}}', "not text"),
    (b'{"entries": {"a": ["text"]}}', "has no text"),
    (b'{"entries": [1]}', "entries"),
    (b'{"entries": {"a": {"text": "1"}}, "n": 1' + b"0" * 5000 + b"}", "JSON"),
    ("\ud800".encode("utf-8", "surrogatepass"), "JSON"),
])
def test_import_of_a_broken_file_gives_a_reason_and_changes_nothing(folder, data, reason):
    j = _three_entries(folder)
    before = (folder / "journal.json").read_bytes()
    with pytest.raises(JournalFormatError, match=reason):
        j.import_data(data, lang="en")
    assert (folder / "journal.json").read_bytes() == before and j.text("01.q") == "reflection 1"


def test_import_has_a_size_limit_with_a_message_in_the_learners_language(folder, tmp_path):
    j = _three_entries(folder)
    text = "x" * (jn.MAX_IMPORT_BYTES + 1)
    big = jn.serialise({"p": {"prompt": "", "text": text}})
    with pytest.raises(jn.JournalTooLargeError, match=r"at most 2\.0 MB"):
        j.import_data(big, lang="en")
    with pytest.raises(JournalFormatError, match=r"como máximo 2\.0 MB"):  # a JournalFormatError too
        j.import_data(big.decode("utf-8"), lang="es")
    (tmp_path / "big.json").write_bytes(big)
    with pytest.raises(jn.JournalTooLargeError):
        j.import_file(tmp_path / "big.json")
    assert not list(folder.glob("journal.before-import-*")) and j.text("00.q") == "reflection 0"
    just_fits = jn.serialise({"p": {"prompt": "", "text": "y" * (jn.MAX_IMPORT_BYTES - 200)}})
    assert j.import_data(just_fits) == ["p"]


def test_broken_file_reasons_are_in_spanish_too():
    with pytest.raises(JournalFormatError, match="demasiados niveles"):
        jn.parse_journal(b"[" * 100_000, lang="es")
    with pytest.raises(JournalFormatError, match="no es JSON"):
        jn.parse_journal(b"{", lang="es")


def test_lone_surrogates_from_an_import_are_replaced_so_the_journal_still_saves(folder):
    j = Journal()
    assert j.import_data(b'{"entries": {"p\\ud800": {"prompt": "\\udfff", "text": "a\\ud83d b"}}}') == ["p\ufffd"]
    assert Journal(folder).entries == {"p\ufffd": {"prompt": "\ufffd", "text": "a\ufffd b"}}


def test_markdown_export_shows_text_as_typed_and_ids_stay_in_their_comment(folder):
    j = Journal()
    j.set("evil --> <img src=x onerror=alert(1)> <!--", "# not a heading\n[link](javascript:alert(1)) $x$",
          prompt="<b>Why?</b>\nsecond line")
    markdown = j.to_markdown("en")
    assert "<!-- evil --%3E %3Cimg src=x onerror=alert(1)%3E %3C%21-- -->" in markdown
    assert "## &lt;b&gt;Why?&lt;/b&gt; second line" in markdown
    assert "\\# not a heading\n\\[link\\](javascript:alert(1)) \\$x\\$" in markdown


def test_a_journal_set_back_to_an_older_copy_does_not_set_the_text_back(folder):
    j = Journal()
    j.set("p", "draft")
    j.save()
    older = (folder / "journal.json").read_bytes()
    j.set("p", "final version")
    j.save()
    (folder / "journal.json").write_bytes(older)  # e.g. a sync tool restores yesterday's file
    j.set("q", "another answer")
    j.save()
    assert Journal(folder).text("p") == "final version" and Journal(folder).text("q") == "another answer"


def test_text_damaged_inside_a_readable_file_is_repaired_from_memory_but_a_hand_edit_loads(folder):
    j = _three_entries(folder)
    raw = json.loads((folder / "journal.json").read_text(encoding="utf-8"))
    raw["entries"]["01.q"]["text"] = "reflection 1 with damage"
    (folder / "journal.json").write_text(json.dumps(raw), encoding="utf-8")
    assert Journal(folder).text("01.q") == "reflection 1 with damage"  # no notebook open: the file is all there is
    j.set("02.q", "changed")
    j.save()  # this notebook holds the text: memory is the truth
    assert Journal(folder).text("01.q") == "reflection 1" and Journal(folder).text("02.q") == "changed"


def test_another_notebooks_newer_save_still_wins_over_an_older_memory(folder):
    a, b = _three_entries(folder), Journal()
    b.set("00.q", "edited in notebook B")
    b.save()
    a.set("01.q", "edited in notebook A")
    a.save()
    assert a.text("00.q") == "edited in notebook B"
    assert Journal(folder).text("00.q") == "edited in notebook B" and Journal(folder).text("01.q") == "edited in notebook A"
