"""Other-language editions of the notebooks, kept in step with the English ones through gettext PO files.

    python tools/translate_notebooks.py extract [--lang es]   # English notebooks -> notebooks/locale/es/<stem>.po
    python tools/translate_notebooks.py build [--lang es]     # English notebooks + PO files -> notebooks/es/*.ipynb
    python tools/translate_notebooks.py check [--lang es]     # exit 1 if a PO file or a notebook is out of step
    python tools/translate_notebooks.py stats [--lang es]     # translated / fuzzy / untranslated messages per file

What is translated (one PO message each, so Poedit or Weblate show short units):
- every paragraph of a Markdown cell (blocks separated by blank lines; a fenced code block stays whole),
  msgctxt "<cell id>:<n>";
- every string literal a learner reads in a code cell (journal prompts, predictions, printed text, and
  column names ending in `_en`, which a translator turns into the `_es` column), msgctxt "<cell id>:code:<n>".
  The rest of the code is copied unchanged.

When the English text of a message changes, `extract` keeps the old translation, marks it fuzzy and stores
the old English as `#| msgid` (as msgmerge does); translations of text that disappeared stay as obsolete
(`#~`) entries. `build` uses only translations that are not fuzzy and whose English still matches; anything
else falls back to the English text (and `check`/the tests report it).

The one code difference between the editions is the language cell: the English cell tagged
`language-setting` (or else the first code cell that imports helpers) gets a `helpers.set_language("<lang>")`
line after `import helpers`. Links: notebooks of the edition sit in notebooks/<lang>/ under the same file
names, so a link to another notebook reaches its translation; other relative links get one more `../`;
Binder and repository links to notebooks/X.ipynb point to notebooks/<lang>/X.ipynb.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
NB_DIR = ROOT / "notebooks"
LOCALE_DIR = NB_DIR / "locale"
LANGUAGE_TAG = "language-setting"
PLURAL_FORMS = {"es": "nplurals=2; plural=(n != 1);", "fr": "nplurals=2; plural=(n > 1);",
                "de": "nplurals=2; plural=(n != 1);", "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
                "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"}
MD_NOTE = ("Markdown paragraph. Keep links, source ids (S04...), **bold**, `code` and HTML tags; "
           "names as in data/actors.csv (name_es), loaded terms as in data/glossary.csv (term_es).")
CODE_NOTE = ("Text in a code cell (shown to the learner). Keep {placeholders} in f-strings; a column name "
             "ending in _en may become the _es column (then translate the values compared with it too).")


# ---------------------------------------------------------------- which notebooks

def english_notebooks() -> list[Path]:
    """Every English notebook: the course (notebooks/course.json order) and then the others (the dashboard)."""
    course = [entry["file"] for entry in json.loads((NB_DIR / "course.json").read_text(encoding="utf-8"))]
    others = sorted(p.name for p in NB_DIR.glob("*.ipynb") if p.name not in course)
    return [NB_DIR / name for name in course + others if (NB_DIR / name).exists()]


def po_path(nb: Path, lang: str) -> Path:
    return LOCALE_DIR / lang / f"{nb.stem}.po"


def edition_path(nb: Path, lang: str) -> Path:
    return NB_DIR / lang / nb.name


def read_nb(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def nb_text(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def source(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


# ---------------------------------------------------------------- Markdown paragraphs

_BLANK = re.compile(r"(\n[ \t]*\n+)")


def md_blocks(text: str) -> list[str]:
    """Split Markdown into blocks and separators (odd indices), keeping fenced code blocks whole."""
    parts = _BLANK.split(text)
    out: list[str] = []
    i = 0
    while i < len(parts):
        block = parts[i]
        # a ``` fence opened and not closed in this block: glue the following parts until it closes
        while block.count("```") % 2 == 1 and i + 2 < len(parts):
            block += parts[i + 1] + parts[i + 2]
            i += 2
        out.append(block)
        if i + 1 < len(parts):
            out.append(parts[i + 1])
        i += 2
    return out


def md_translatable(block: str) -> bool:
    """A block with words in it (not a bare rule, HTML tag or empty line)."""
    return bool(re.search(r"[^\W\d_]{2}", re.sub(r"<[^>]*>", "", block)))


# ---------------------------------------------------------------- code literals

_SOURCE_IDS = re.compile(r"[A-Z]\d+[a-z]?(\s*;\s*[A-Z]\d+[a-z]?)*")


def code_translatable(text: str) -> bool:
    """Whether a string literal of a code cell is text a learner reads (not an id, path, date or format)."""
    if text.endswith("_en") and re.fullmatch(r"[a-z_]+", text):
        return True  # a column name: the translator may pick the column of the edition's language
    if not re.search(r"[A-Za-z]{2}", text) or _SOURCE_IDS.fullmatch(text):
        return False
    return not re.fullmatch(r"[a-z0-9_.\-/%]+", text)


def _fstring_template(node: ast.JoinedStr, code: str) -> str:
    out = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            out.append(str(value.value).replace("{", "{{").replace("}", "}}"))
        else:
            expr = ast.get_source_segment(code, value.value)
            conv = {-1: "", 115: "!s", 114: "!r", 97: "!a"}[value.conversion]
            spec = ":" + _fstring_template(value.format_spec, code) if value.format_spec else ""
            out.append("{" + expr + conv + spec + "}")
    return "".join(out)


def code_literals(code: str) -> list[tuple[ast.AST, str, bool]]:
    """The translatable string literals of a code cell, in source order: (node, text, is_fstring)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    found = []
    inside_f = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            inside_f.update(id(n) for n in ast.walk(node) if n is not node)
    for node in ast.walk(tree):
        if id(node) in inside_f:
            continue
        if isinstance(node, ast.JoinedStr):
            text = _fstring_template(node, code)
            if code_translatable(re.sub(r"\{[^{}]*\}", "", text)):
                found.append((node, text, True))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and code_translatable(node.value):
            found.append((node, node.value, False))
    found.sort(key=lambda f: (f[0].lineno, f[0].col_offset))
    return found


def _render(text: str, fstring: bool) -> str:
    quote = '"' if '"' not in text or "'" in text else "'"
    if fstring:
        return "f" + quote + text.replace("\n", "\\n") + quote if "{" in text else _render(
            text.replace("{{", "{").replace("}}", "}"), False)
    body = text.replace("\\", "\\\\").replace(quote, "\\" + quote).replace("\n", "\\n")
    return quote + body + quote


def _split_words(text: str, pieces: int) -> list[str]:
    """Cut text at spaces outside {placeholders} into about `pieces` parts of similar length."""
    cuts, depth = [], 0
    for i, ch in enumerate(text):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if ch == " " and depth == 0:
            cuts.append(i + 1)
    chosen, start = [], 0
    for k in range(1, pieces):
        target = len(text) * k // pieces
        options = [c for c in cuts if c > start]
        if not options:
            break
        start = min(options, key=lambda c: abs(c - target))
        chosen.append(start)
    bounds = [0, *sorted(set(chosen)), len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def render_literal(text: str, fstring: bool, original: str) -> str:
    """Python source for `text`, laid out over as many lines as the original literal had."""
    original_lines = original.split("\n")
    if len(original_lines) == 1:
        return _render(text, fstring)
    indent = re.match(r"\s*", original_lines[1]).group(0)
    return ("\n" + indent).join(_render(part, fstring) for part in _split_words(text, len(original_lines)))


def _offsets(code: str) -> list[int]:
    """Byte offset of the start of every line (ast columns are UTF-8 byte offsets)."""
    starts, total = [0], 0
    for line in lines(code):
        total += len(line.encode("utf-8"))
        starts.append(total)
    return starts


def translate_code(code: str, translations: list[str | None]) -> str:
    """The code with each translatable literal replaced by its translation (None or equal text: unchanged)."""
    data = code.encode("utf-8")
    starts = _offsets(code)
    edits = []
    for (node, text, fstring), new in zip(code_literals(code), translations, strict=True):
        if new is None or new == text:
            continue
        a = starts[node.lineno - 1] + node.col_offset
        b = starts[node.end_lineno - 1] + node.end_col_offset
        edits.append((a, b, render_literal(new, fstring, data[a:b].decode("utf-8")).encode("utf-8")))
    for a, b, new in sorted(edits, reverse=True):
        data = data[:a] + new + data[b:]
    return data.decode("utf-8")


# ---------------------------------------------------------------- messages of one notebook

def messages(nb: dict, name: str) -> list[tuple[str, str, str]]:
    """(msgctxt, msgid, kind) for every translatable unit of an English notebook, in cell order."""
    out = []
    for index, cell in enumerate(nb["cells"]):
        cid = cell.get("id", f"cell{index}")
        text = source(cell)
        if cell["cell_type"] == "markdown":
            blocks = [b for b in md_blocks(text)[::2] if md_translatable(b)]
            out += [(f"{cid}:{n}", block, "md") for n, block in enumerate(blocks)]
        elif cell["cell_type"] == "code":
            out += [(f"{cid}:code:{n}", lit, "code") for n, (_node, lit, _f) in enumerate(code_literals(text))]
    return out


def _header(po: polib.POFile, lang: str, name: str) -> None:
    po.header = (f"Translation of notebooks/{name} (the Bishkek Protocol teaching module).\n"
                 "Generated by tools/translate_notebooks.py extract; edit msgstr lines only.")
    po.metadata = {
        "Project-Id-Version": f"bishkek-protocol-module {name}",
        "Report-Msgid-Bugs-To": "",
        "Language-Team": lang,
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS.get(lang, "nplurals=2; plural=(n != 1);"),
    }


def extract_one(nb_path: Path, lang: str) -> polib.POFile:
    """The up-to-date PO file of one notebook (old translations kept; changed English marked fuzzy)."""
    path = po_path(nb_path, lang)
    old = polib.pofile(str(path), wrapwidth=0) if path.exists() else None
    by_ctx, by_id = {}, {}
    if old is not None:
        for e in old:  # obsolete entries serve as translation memory: the same English text revives them
            if e.msgstr and not e.obsolete:
                by_ctx[e.msgctxt] = e
                by_id.setdefault((e.msgctxt.split(":")[0], e.msgid), e)
        for e in old:
            if e.msgstr:
                by_id.setdefault(("*", e.msgid), e)
    po = polib.POFile(wrapwidth=0)
    _header(po, lang, nb_path.name)
    used = set()
    for ctx, msgid, kind in messages(read_nb(nb_path), nb_path.name):
        entry = polib.POEntry(msgctxt=ctx, msgid=msgid, msgstr="", occurrences=[(nb_path.name, ctx.split(":")[0])],
                              comment=MD_NOTE if kind == "md" else CODE_NOTE)
        prev = by_ctx.get(ctx)
        if prev is not None and prev.msgid == msgid:
            match, fuzzy = prev, "fuzzy" in prev.flags
        else:
            match = by_id.get((ctx.split(":")[0], msgid)) or by_id.get(("*", msgid))
            fuzzy = match is not None and "fuzzy" in match.flags
            if match is None and prev is not None:
                match, fuzzy = prev, True
        if match is not None:
            used.add(id(match))
            entry.msgstr = match.msgstr
            if fuzzy:
                entry.flags.append("fuzzy")
                entry.previous_msgid = match.previous_msgid if match.msgid == msgid else match.msgid
        po.append(entry)
    if old is not None:  # translations of text that is gone: kept as obsolete entries, never lost
        seen = {(e.msgctxt, e.msgid) for e in po}
        for e in old:
            if e.msgstr and id(e) not in used and (e.msgctxt, e.msgid) not in seen:
                po.append(polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, msgstr=e.msgstr, obsolete=True))
    return po


# ---------------------------------------------------------------- the edition's notebooks

def _translation(po: polib.POFile | None, ctx: str, msgid: str) -> str | None:
    entry = po.find(ctx, by="msgctxt") if po is not None else None
    if entry is None or entry.obsolete or not entry.msgstr or "fuzzy" in entry.flags or entry.msgid != msgid:
        return None
    return entry.msgstr


_LINK = re.compile(r"(\]\(|href=\"|src=\")([^)\"\s]+)")


def relink(text: str, lang: str, notebook_names: set[str]) -> str:
    """Links of a Markdown text moved from notebooks/ to notebooks/<lang>/ (see the module docstring)."""
    def target(m: re.Match) -> str:
        url = m.group(2)
        if re.match(r"[a-z]+:", url):
            url = re.sub(r"notebooks/([\w.-]+\.ipynb)", rf"notebooks/{lang}/\1", url)
            url = re.sub(r"notebooks%2F([\w.-]+\.ipynb)", rf"notebooks%2F{lang}%2F\1", url)
        elif not url.startswith(("#", "/")) and url.split("#")[0] not in notebook_names:
            url = "../" + url
        return m.group(1) + url
    return _LINK.sub(target, text)


def language_cell(nb: dict) -> int | None:
    """Index of the cell that sets the language in the edition (see the module docstring)."""
    code = [(i, c) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]
    for i, c in code:
        if LANGUAGE_TAG in c.get("metadata", {}).get("tags", []):
            return i
    for i, c in code:
        if re.search(r"^import helpers\s*$", source(c), re.M):
            return i
    return code[0][0] if code else None


def set_language_code(code: str, lang: str) -> str:
    """The language cell's code: `helpers.set_language(lang)` right after `import helpers`."""
    line = f'helpers.set_language("{lang}")'
    if re.search(r"^import helpers[ \t]*$", code, re.M):
        return re.sub(r"^import helpers[ \t]*$", lambda m: m.group(0) + "\n" + line, code, count=1, flags=re.M)
    return f"import helpers\n{line}\n" + code


def build_one(nb_path: Path, lang: str) -> tuple[dict, int]:
    """The edition of one notebook and the number of messages that fell back to English."""
    nb = read_nb(nb_path)
    path = po_path(nb_path, lang)
    po = polib.pofile(str(path), wrapwidth=0) if path.exists() else None
    names = {p.name for p in english_notebooks()}
    missing = 0
    for index, cell in enumerate(nb["cells"]):
        cid = cell.get("id", f"cell{index}")
        text = source(cell)
        if cell["cell_type"] == "markdown":
            parts, n = md_blocks(text), 0
            for k in range(0, len(parts), 2):
                if md_translatable(parts[k]):
                    new = _translation(po, f"{cid}:{n}", parts[k])
                    missing += new is None
                    parts[k] = parts[k] if new is None else new
                    n += 1
            cell["source"] = lines(relink("".join(parts), lang, names))
        elif cell["cell_type"] == "code":
            found = [_translation(po, f"{cid}:code:{n}", lit) for n, (_node, lit, _f) in enumerate(code_literals(text))]
            missing += sum(new is None for new in found)
            cell["source"] = lines(translate_code(text, found))
    marked = language_cell(nb)
    if marked is not None:
        cell = nb["cells"][marked]
        cell["source"] = lines(set_language_code(source(cell), lang))
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if LANGUAGE_TAG not in tags:
            tags.append(LANGUAGE_TAG)
    nb["metadata"]["bishkek_edition"] = {
        "language": lang, "english": f"../{nb_path.name}", "translations": f"../locale/{lang}/{nb_path.stem}.po",
        "note": "Generated by tools/translate_notebooks.py build: edit the English notebook or the PO file, not this file."}
    return nb, missing


# ---------------------------------------------------------------- commands

def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def po_text(po: polib.POFile) -> str:
    return str(po)


def extract(lang: str) -> list[str]:
    changed = []
    for nb in english_notebooks():
        path = po_path(nb, lang)
        text = po_text(extract_one(nb, lang))
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(_rel(path))
    return changed


def build(lang: str) -> list[str]:
    changed = []
    for nb in english_notebooks():
        out = edition_path(nb, lang)
        text = nb_text(build_one(nb, lang)[0])
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
            changed.append(_rel(out))
    return changed


def problems(lang: str) -> list[str]:
    """Everything that keeps the edition from being in step: stale PO/notebook files, fuzzy, untranslated."""
    found = []
    for nb in english_notebooks():
        path, out = po_path(nb, lang), edition_path(nb, lang)
        if not path.exists() or path.read_text(encoding="utf-8") != po_text(extract_one(nb, lang)):
            found.append(f"{_rel(path)} is out of step with {nb.name}: run `extract --lang {lang}`")
            continue
        po = polib.pofile(str(path))
        for e in po.fuzzy_entries():
            found.append(f"{_rel(path)}: fuzzy (English changed) {e.msgctxt} {e.msgid[:60]!r}")
        for e in po.untranslated_entries():
            found.append(f"{_rel(path)}: untranslated {e.msgctxt} {e.msgid[:60]!r}")
        if not out.exists() or out.read_text(encoding="utf-8") != nb_text(build_one(nb, lang)[0]):
            found.append(f"{_rel(out)} is out of step: run `build --lang {lang}`")
    return found


def stats(lang: str) -> list[tuple[str, int, int, int]]:
    rows = []
    for nb in english_notebooks():
        path = po_path(nb, lang)
        if path.exists():
            po = polib.pofile(str(path))
            rows.append((nb.name, len(po.translated_entries()), len(po.fuzzy_entries()), len(po.untranslated_entries())))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["extract", "build", "check", "stats"])
    parser.add_argument("--lang", default="es")
    args = parser.parse_args(argv)
    if args.command == "extract":
        print("\n".join(extract(args.lang)) or "PO files already up to date")
    elif args.command == "build":
        print("\n".join(build(args.lang)) or "notebooks already up to date")
    elif args.command == "stats":
        for name, done, fuzzy, todo in stats(args.lang):
            print(f"{name}: translated {done}, fuzzy {fuzzy}, untranslated {todo}")
    else:
        found = problems(args.lang)
        print("\n".join(found) or f"the {args.lang} edition is in step with the English notebooks")
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
