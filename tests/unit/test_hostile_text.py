"""No text from data, journals or question files becomes live markup anywhere it is shown.

Every free-text cell of a copy of the real data is turned into an attack built from its own value
(see hostile_text.py); the copy goes through the real loader, and then every HTML and Markdown
output of the module is parsed: no injected tag, no event attribute, no javascript:/data: link,
no direction override outside an isolate. The checker itself is tested on unescaped output, so a
test that passes has really looked.
"""

import json
import re
import shutil

import pytest
from hostile_text import (
    MARK,
    bidi_leaks,
    free_text_columns,
    hostile_copy,
    live_markup,
    render_markdown,
    widget_html,
)

import helpers
from helpers import journal as jn
from helpers import ui
from helpers.safe_text import escape_html, escape_markdown, html_link, markdown_link, safe_url


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The real data with every free-text cell turned into an attack, loaded by the real loader."""
    return helpers.load_dataset(hostile_copy(tmp_path_factory.mktemp("hostile") / "data"))


def test_the_attacks_reach_every_free_text_column(hostile):
    columns = free_text_columns(hostile.package)
    assert sum(len(c) for c in columns.values()) >= 40
    for resource in hostile.package["resources"]:
        table = hostile.tables[resource["name"]]
        for column in columns[resource["path"]]:
            filled = table[column][table[column] != ""]
            filled = filled[~filled.str.fullmatch(r"[\d/-]+")]  # dates that sources give are kept
            if column == "url":
                assert filled.str.contains("alert").all()
            else:
                assert filled.str.contains(MARK).all(), (resource["name"], column)
    elements = re.findall(rf"<(\w+) {MARK} (on\w+)", " ".join(hostile.events["description_en"]))
    assert len(set(elements)) >= 10  # many different attacks, not one payload


def test_the_checker_finds_live_markup_when_nothing_is_escaped(hostile):
    raw = "".join(f"<p>{v}</p>" for v in hostile.events["description_en"])
    problems = live_markup(raw)
    assert any("is live" in p for p in problems) and any("event attribute" in p for p in problems)
    assert any("not an http(s)" in p for p in problems) and any("outside an isolate" in p for p in problems)
    raw_md = "\n".join(f"- {v}" for v in hostile.sources["title"]) + "\n"
    assert any("is live" in p for p in live_markup(render_markdown(raw_md)))
    links = "\n".join(f"[x]({u})" for u in hostile.sources["url"] if "java\t" not in u) + "\n"
    assert any("not an http(s)" in p for p in live_markup(render_markdown(links)))


def test_sources_used_markdown_is_inert(hostile, tmp_path):
    ids = list(hostile.sources["id"])
    for lang in ("en", "es"):
        markdown = helpers.source_list_markdown(hostile, ids, lang)
        assert markdown.count("\n- ") == len(ids) - 1  # one bullet per source: no line break-outs
        assert live_markup(render_markdown(markdown)) == []
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text(json.dumps({"cells": [{"cell_type": "markdown", "source": [" ".join(ids)]}]}))
    shown = helpers.sources_used(notebook, hostile)
    assert live_markup(render_markdown(shown.data)) == []


def test_real_links_stay_links():
    ds = helpers.load_dataset()
    row = ds.sources[ds.sources["url"].str.startswith("https://")].iloc[0]
    html = render_markdown(helpers.source_list_markdown(ds, [row["id"]]))
    assert f'href="{row["url"]}"' in html or 'href="https://' in html
    assert live_markup(html) == []


def test_every_html_view_of_the_data_is_inert(hostile):
    from helpers import close_reading, disagreements, perspectives, timeline

    pages = [ui.sources_html(hostile, list(hostile.sources["id"]), "en")]
    pages += [timeline.event_details_html(e, hostile, lang) for e in hostile.events["id"] for lang in ("en", "es")]
    pages += [disagreements.disagreement_html(topic, hostile, "en") for topic in hostile.claim_topics["id"]]
    pages += [close_reading.close_reading_html(hostile, version, "es") for version in ("before", "after")]
    voices = perspectives.voices(hostile)
    pages += [perspectives.comparison_html(a, b, hostile, "en") for a, b in zip(voices, voices[1:], strict=False)]
    assert len(pages) > 30
    for page in pages:
        assert live_markup(page) == [], page[:300]
    assert sum(MARK in page for page in pages) > 20  # the attacks are there, shown as text


def test_every_widget_shows_hostile_data_as_text(hostile):
    from helpers.close_reading import amendment_close_reading
    from helpers.disagreements import sources_disagree
    from helpers.perspectives import perspectives_comparer
    from helpers.timeline import timeline_explorer

    boxes = [timeline_explorer(hostile, "en"), sources_disagree(ds=hostile, lang="en"),
             perspectives_comparer(hostile, "es"), amendment_close_reading(hostile, "en", with_journal=False)]
    pages = [page for box in boxes for page in widget_html(box)]
    explorer = helpers.network_explorer(hostile, lang="en")
    explorer.tie_picker.value = explorer.tie_picker.options[1][1]  # "why is this tie here?"
    pages += [explorer.why_html.value, explorer.text_html.value, explorer.metrics_html.value]
    assert sum(MARK in page for page in pages) > 5
    for page in pages:
        assert live_markup(page) == [], page[:300]


def test_a_figure_alt_text_and_messages_cannot_break_out(hostile):
    from matplotlib.figure import Figure

    for text in hostile.events["title_en"][:20]:
        assert live_markup(ui.figure_html(Figure(figsize=(1, 1)), text)) == []
        assert live_markup(ui.message_html(text, "warning")) == []


def test_a_hostile_journal_is_inert_in_review_and_export(hostile, tmp_path):
    j = jn.Journal(tmp_path / "journal")
    for event_id, title, text in hostile.events[["id", "title_en", "description_en"]].itertuples(index=False):
        j.set(f"{event_id} -->{text[-60:]}", text, prompt=title)  # ids from the data, with a comment break-out
    markdown = j.to_markdown("en")
    assert live_markup(render_markdown(markdown)) == []
    assert markdown.count("<!-- ") == len(j.entries) and markdown.count(" -->") == len(j.entries)
    assert live_markup(jn.journal_review_html(j, "en")) == []
    md_path, json_path = j.export(lang="es")
    assert live_markup(render_markdown(md_path.read_text(encoding="utf-8"))) == []
    assert jn.parse_journal(json_path.read_bytes()) == j.entries  # escaping is for display only


def test_hostile_question_files_are_shown_as_text(hostile, tmp_path):
    from helpers import selfcheck

    folder = tmp_path / "questions"
    shutil.copytree(selfcheck.QUESTIONS_DIR, folder)
    attacks = iter(list(hostile.events["description_en"]) * 20)

    def poison(value, key=""):
        if isinstance(value, list):
            return [poison(v, key) for v in value]
        if isinstance(value, dict):
            return {k: poison(v, k) for k, v in value.items()}
        if isinstance(value, str) and key.startswith(("prompt", "explain", "choices")):
            return next(attacks)
        return value

    stem = sorted(folder.glob("*.json"))[0]
    stem.write_text(json.dumps(poison(json.loads(stem.read_text(encoding="utf-8")))), encoding="utf-8")
    box = selfcheck.self_check(stem.stem, "en", directory=folder)
    for question in box.questions:
        question.check.click()
    pages = widget_html(box)
    assert sum(MARK in page for page in pages) >= 1
    for page in pages:
        assert live_markup(page) == [], page[:300]


# ------------------------------------------------------------------ the escaping functions themselves

@pytest.mark.parametrize("url,expected", [
    ("https://pax.peaceagreements.org/agreements/310", "https://pax.peaceagreements.org/agreements/310"),
    ("HTTP://example.org", "HTTP://example.org"), ("notes/page.html", "notes/page.html"), ("#top", "#top"),
    ("javascript:alert(1)", None), ("JavaScript:alert(1)", None), ("java\tscript:alert(1)", None),
    (" javascript:alert(1)", None), ("data:text/html,<b>", None), ("vbscript:x", None), ("file:///etc/passwd", None),
    ("//evil.example/x", None), ("javascript&colon;alert(1)", None), ("", None), (None, None),
])
def test_only_http_https_and_relative_targets_become_links(url, expected):
    assert safe_url(url) == expected
    link = markdown_link("label", url)
    assert link.startswith("[label](") == (expected is not None)
    assert ("<a " in html_link("label", url)) == (expected is not None)


def test_escape_html_and_markdown_keep_plain_text_plain():
    plain = "Kazimirov, Bişkek protokolu (1994): 5 May"
    assert escape_html(plain) == plain and escape_markdown(plain) == plain
    assert escape_html(None) == "" and escape_html(float("nan")) == ""
    assert escape_html("a\x00b\x1bc\td") == "abc\td"
    assert escape_markdown("<b>x</b> *y* [l](u) $m$ `c`") == r"&lt;b&gt;x&lt;/b&gt; \*y\* \[l\](u) \$m\$ \`c\`"
    assert escape_markdown("# not a heading\n- not a list\n1994. not a list", ) == \
        "\\# not a heading\n\\- not a list\n1994\\. not a list"


def test_right_to_left_text_is_isolated_and_balanced():
    for text in ("\u202eevil", "a\u2069b\u202ec", "\u202b\u202b\u202cx", "\u05e9\u05dc\u05d5\u05dd 1994", "\u2067x"):
        for out in (escape_html(text), escape_markdown(text)):
            assert out.startswith("\u2068") and out.endswith("\u2069")
            assert bidi_leaks(out) == [] and bidi_leaks("before " + out + " after") == []
    assert bidi_leaks("\u202eevil") and bidi_leaks("\u2069")  # the leak check itself works


def test_a_drawn_network_shows_its_text_alternative_as_text(hostile):
    from helpers.graph import negotiation_graph

    figure = helpers.draw_network(negotiation_graph(hostile, lang="en"), lang="en")
    page = figure._repr_html_()
    assert MARK in page and live_markup(page) == []


def test_a_url_with_right_to_left_letters_stays_a_working_link():
    url = "https://he.wikipedia.org/wiki/\u05e4\u05e8\u05d5\u05d8\u05d5\u05e7\u05d5\u05dc"
    assert f'href="{url}"' in html_link("\u05e4\u05e8\u05d5\u05d8\u05d5\u05e7\u05d5\u05dc", url)
    assert "\u2068" not in markdown_link("x", url).split("](")[1]  # the target: percent-encoded, no isolate
    assert live_markup(render_markdown(markdown_link(url, url))) == []
