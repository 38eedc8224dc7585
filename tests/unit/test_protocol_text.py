"""The protocol's own words: the text table, the amendment marks on the real words, the widget."""

import csv
import shutil

import pytest

from helpers import load_dataset, strings
from helpers import protocol_text as pt
from helpers.dataset import DEFAULT_DATA_DIR, DatasetError
from helpers.strings import t

STATUSES_WITH_TEXT = {"complete", "partial"}


@pytest.fixture(scope="module")
def real():
    return load_dataset()


@pytest.fixture
def ds(real):
    return real.copy()


def _row(ds, row_id):
    return ds.protocol_text[ds.protocol_text["id"] == row_id].iloc[0]


def _set_text(ds, row_id, text, marks=None):
    index = ds.protocol_text.index[ds.protocol_text["id"] == row_id][0]
    ds.protocol_text.loc[index, "text"] = text
    if marks is not None:
        ds.protocol_text.loc[index, "marks"] = marks


# ---------------------------------------------------------------- the table

def test_table_loads_through_the_loader_with_its_schema(real):
    resources = [r["name"] for r in real.package["resources"]]
    assert resources[resources.index("protocol") + 1] == "protocol_text"
    assert set(real.protocol_text["clause_id"]) <= set(real.protocol["id"])
    assert set(real.protocol_text["source_ids"]) <= set(real.sources["id"])


def test_every_part_has_a_text_or_an_explicit_flag_in_each_language(real):
    parts = real.protocol.loc[real.protocol["part"] != "amendment", "id"]
    texts = real.protocol_text
    for part in parts:
        for language in pt.TEXT_LANGUAGES:
            rows = texts[(texts["clause_id"] == part) & (texts["language"] == language)]
            assert len(rows), f"{part} has no {language} row (text or not_retrieved flag)"
    for row in texts.itertuples():
        has_text = bool(row.text.strip())
        assert has_text == (row.status in STATUSES_WITH_TEXT), f"{row.id}: status {row.status} vs text"
        assert row.attribution_en and row.attribution_es
        if row.status != "complete":  # a gap is always explained, in both languages
            assert row.note_en and row.note_es, row.id


def test_row_ids_agree_with_their_columns(real):
    for row in real.protocol_text.itertuples():
        assert row.id == f"{row.clause_id}.{row.language}.{row.source_ids}"


def test_a_broken_copy_names_file_row_and_field(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, folder)
    path = folder / "protocol_text.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    rows[1][header.index("status")] = "complet"
    rows[2][header.index("clause_id")] = "clause_9"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(DatasetError) as info:
        load_dataset(folder)
    message = str(info.value)
    assert "protocol_text.csv, row 2, field 'status'" in message and "complete" in message
    assert "protocol_text.csv, row 3, field 'clause_id'" in message and "protocol.csv" in message


# ---------------------------------------------------------------- the amendment marks

def test_marks_land_on_the_words_they_claim(real):
    marks = pt.locate_marks(real)
    claimed = [(r.id, a, w) for r in real.protocol_text.itertuples() for a, w in pt.parse_marks(r.marks)]
    assert len(marks) == len(claimed) and claimed, "every claimed mark is located"
    amendments = set(real.protocol.loc[real.protocol["part"] == "amendment", "id"])
    for mark, (row_id, amendment, word) in zip(marks, claimed, strict=True):
        text = _row(real, row_id)["text"]
        start, end = mark["span"]
        assert (mark["row"], mark["amendment"]) == (row_id, amendment) and amendment in amendments
        assert text[start:end].lower() == word.lower()
        assert (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())


def test_plain_text_puts_each_tag_right_after_its_word(real):
    numbers = pt._numbers(real)
    plain = pt.protocol_text_plain(real, "en", "en")
    for mark in pt.locate_marks(real):
        form = t(f"close.text.form.{mark['form']}", "en")
        tag = t("close.text.tag.mark", "en", n=numbers[mark["amendment"]], form=form)
        assert f"{mark['word']}[{tag}]" in plain


def test_the_form_shown_follows_the_words_in_the_text(ds):
    """What the published texts show is computed: edit a text and the form follows."""
    amendment_rows = ds.protocol.set_index("id")
    marked = [m for m in pt.locate_marks(ds) if m["language"] == "en"]
    assert marked and {m["form"] for m in marked} == {"unamended"}  # the texts read carry no handwritten change
    insert = next(m for m in marked if m["change"] == "insert")
    text = _row(ds, insert["row"])["text"]
    inserted = amendment_rows.loc[insert["amendment"], "word_after_en"]
    start = insert["span"][0]
    _set_text(ds, insert["row"], f"{text[:start]}{inserted} {text[start:]}")
    replace = next(m for m in marked if m["change"] == "replace" and m["row"] != insert["row"])
    new_word = amendment_rows.loc[replace["amendment"], "word_after_en"].split("/")[0]
    text = _row(ds, replace["row"])["text"]
    _set_text(ds, replace["row"], text[:replace["span"][0]] + new_word + text[replace["span"][1]:],
              marks=_row(ds, replace["row"])["marks"].replace(f"={replace['word']}", f"={new_word}"))
    forms = {(m["row"], m["amendment"]): m["form"] for m in pt.locate_marks(ds)}
    assert forms[(insert["row"], insert["amendment"])] == "amended"
    assert forms[(replace["row"], replace["amendment"])] == "amended"


def test_a_mark_whose_word_is_missing_names_file_row_and_field(ds):
    row_id = next(r.id for r in ds.protocol_text.itertuples() if r.marks)
    _set_text(ds, row_id, "a text without the word", marks="amendment_1=observers")
    with pytest.raises(ValueError, match=r"protocol_text\.csv, row \d+ \(" + row_id.replace(".", r"\.")
                       + r"\), field 'marks'.*'observers'"):
        pt.locate_marks(ds)
    _set_text(ds, row_id, "observers", marks="amendmnt_1=observers")
    with pytest.raises(ValueError, match="unknown amendment.*amendment_1"):
        pt.locate_marks(ds)


def test_loaded_terms_are_marked_in_english_texts(real):
    loaded = real.glossary[real.glossary["loaded"]]
    row = next(r for _, r in real.protocol_text.iterrows() if r["marks"])
    pieces = pt.text_pieces(real, row)
    assert "".join(p.text for p in pieces) == row["text"]  # nothing lost or added
    marked_loaded = " ".join(p.text for p in pieces if p.loaded)
    expected = [term for term in loaded["term_en"] if pt.find_word(row["text"], term)]
    assert expected, "the amended clause uses a loaded term"
    for term in expected:
        assert pt.find_word(marked_loaded, term.split(" ")[0])


# ---------------------------------------------------------------- the view and the widget

def test_views_show_the_chosen_languages_with_their_sources(real):
    english, russian = (real.protocol_text[real.protocol_text["language"] == lg] for lg in ("en", "ru"))
    sample_en = next(r.text for r in english.itertuples() if r.status == "complete")
    sample_ru = next(r.text for r in russian.itertuples() if r.status == "complete")
    both = pt.protocol_text_plain(real, "en", "both")
    only_ru = pt.protocol_text_plain(real, "en", "ru")
    assert sample_en in both and sample_ru in both
    assert sample_ru in only_ru and sample_en not in only_ru
    for source in set(real.protocol_text["source_ids"]):
        assert f"{source}:" in both


def test_paraphrase_only_where_no_text_and_labelled(real):
    texts = real.protocol_text
    for part in pt.clause_ids(real):
        for language in pt.TEXT_LANGUAGES:
            rows = texts[(texts["clause_id"] == part) & (texts["language"] == language)]
            html = pt.protocol_text_html(real, "en", language, part)
            summary = real.protocol.set_index("id").loc[part, "summary_en"]
            label = t("close.text.paraphrase_head", "en", language=t(f"close.text.langname.{language}", "en"))
            no_text = (rows["status"] == "not_retrieved").all()
            assert (pt.esc(label) in html) == no_text, (part, language)
            assert (pt.esc(summary) in html) == no_text, (part, language)


def test_partial_texts_say_where_they_break_off(real):
    partial = real.protocol_text[real.protocol_text["status"] == "partial"]
    assert len(partial)
    plain = pt.protocol_text_plain(real, "en", "both")
    for row in partial.itertuples():
        assert f"{row.text} [\u2026] ({t('close.text.partial', 'en')})" in plain


def test_text_from_data_is_escaped(ds):
    row_id = next(r.id for r in ds.protocol_text.itertuples() if r.status == "complete" and not r.marks)
    _set_text(ds, row_id, "<script>alert(1)</script> & more")
    html = pt.protocol_text_html(ds, "en", "both")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html


@pytest.mark.parametrize("lang", ["en", "es"])
def test_widget_renders_and_responds_in_both_languages(real, lang):
    widget = pt.protocol_close_reading(real, lang)
    marked_part = pt.locate_marks(real)[0]["clause_id"]
    assert widget.part.value == marked_part  # opens on the amended clause
    html = widget.text.value
    assert pt.esc(t("close.text.intro", lang)) in html
    assert ("<mark" in html) and pt.esc(t("close.changes_head", lang)) in html
    for row in real.protocol_text[real.protocol_text["clause_id"] == marked_part].itertuples():
        assert pt.esc(getattr(row, f"attribution_{lang}")) in html
    assert (pt.esc(t("close.text.no_spanish", lang)) in html) == (lang == "es")
    assert "<pre" in widget.alternative.value
    widget.view.value = "ru"
    assert pt.esc(t("close.text.lang.en", lang)) not in widget.text.value
    widget.part.value = ""
    every_part = widget.text.value
    assert all(pt.esc(pt._part_title(real, c, lang)) in every_part for c in pt.clause_ids(real))


def test_public_names_and_string_families():
    import helpers
    assert helpers.protocol_close_reading is pt.protocol_close_reading
    assert helpers.protocol_texts is pt.protocol_texts
    tables = {lang: strings.table(lang) for lang in strings.LANGUAGES}
    families = {"close.text.form": pt.FORMS, "close.text.shows": pt.FORMS, "close.text.view": pt.VIEWS,
                "close.text.lang": pt.TEXT_LANGUAGES, "close.text.langname": pt.TEXT_LANGUAGES}
    for family, values in families.items():
        for value in values:
            for lang, table in tables.items():
                assert f"{family}.{value}" in table, f"{family}.{value} missing in {lang}.json"
