"""The interface string tables: complete in both languages, and every key the code uses exists."""

import csv
import json
import re
import string
from pathlib import Path

import pytest

from helpers import strings
from helpers.strings import get_language, set_language, t

SRC = Path(strings.__file__).resolve().parent
ROOT = SRC.parents[1]
TABLES = {lang: json.loads((SRC / "strings" / f"{lang}.json").read_text(encoding="utf-8"))
          for lang in strings.LANGUAGES}
# t("area.key" ...) and has("area.key" ...) with a literal key (f-strings are checked by family below)
KEY_CALL = re.compile(r"""\b(?:t|has)\(\s*["']([A-Za-z0-9_.\-]+)["']""")


def _placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("en")


def test_both_tables_have_the_same_keys():
    en, es = set(TABLES["en"]), set(TABLES["es"])
    assert sorted(en - es) == [], "keys missing in es.json"
    assert sorted(es - en) == [], "keys missing in en.json"


def test_no_empty_texts_and_same_placeholders():
    for key, text in TABLES["en"].items():
        assert text.strip(), f"empty English text for {key}"
        assert TABLES["es"][key].strip(), f"empty Spanish text for {key}"
        assert _placeholders(text) == _placeholders(TABLES["es"][key]), f"placeholders differ for {key}"


def test_every_literal_key_used_in_the_code_exists():
    used = {}
    for path in sorted(SRC.glob("*.py")):
        for key in KEY_CALL.findall(path.read_text(encoding="utf-8")):
            used.setdefault(key, path.name)
    assert used, "the scan found no t(...) calls: the pattern is broken"
    missing = {key: where for key, where in used.items() if key not in TABLES["en"] or key not in TABLES["es"]}
    assert missing == {}, f"keys used in the code but missing from a table: {missing}"


def test_every_dynamic_key_family_is_complete():
    """Keys built at run time (t(f"phase.{p}")) cover every value the schema allows."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    enums = {(r["name"], f["name"]): f["constraints"]["enum"] for r in package["resources"]
             for f in r["schema"]["fields"] if "enum" in f.get("constraints", {})}
    families = {"phase": enums[("events", "phase")], "certainty": enums[("events", "certainty")],
                "perspective": enums[("sources", "perspective")], "voice": enums[("interpretations", "voice")],
                "aspect": enums[("interpretations", "aspect")],
                "verification": enums[("interpretations", "verification")],
                "date.month": [str(m) for m in range(1, 13)]}
    from helpers.close_reading import _STYLE
    from helpers.timeline import ZOOMS
    families["timeline.zoom"] = list(ZOOMS)
    families["close.tag"] = [k for k in _STYLE if k != "text"] + ["loaded"]
    families["close.version"] = ["before", "after"]
    families["close.prompt"] = ["insert", "replace"]
    for family, values in families.items():
        for value in values:
            for lang in strings.LANGUAGES:
                assert f"{family}.{value}" in TABLES[lang], f"{family}.{value} missing in {lang}.json"


def test_t_picks_the_language_and_fills_placeholders():
    assert t("phase.signing", "en") == "Signing"
    assert t("phase.signing", "es") == "Firma"
    assert t("selfcheck.order_detail", "en", right=2, total=5) == "2 of 5 in the right place."
    set_language("es")
    assert get_language() == "es"
    assert t("phase.signing") == "Firma"


def test_unknown_key_and_language_give_hints():
    with pytest.raises(KeyError, match="phase.signing"):
        t("phase.signin")
    with pytest.raises(ValueError, match="'es'"):
        set_language("esp")
    assert get_language() == "en"


def test_missing_spanish_text_falls_back_to_english(monkeypatch):
    real_table = strings.table
    monkeypatch.setattr(strings, "table", lambda lang: {} if lang == "es" else real_table(lang))
    assert t("phase.signing", "es") == "Signing"


def test_sources_cited_in_interface_texts_exist():
    """Prompts may cite sources as [S27] or [S05;S06]: each id must be in the dataset's sources."""
    with open(ROOT / "data" / "sources.csv", encoding="utf-8-sig", newline="") as handle:
        known = {row["id"] for row in csv.DictReader(handle)}
    cited = {(lang, key, sid) for lang, table in TABLES.items() for key, text in table.items()
             for group in re.findall(r"\[(S\d{2}[a-z]?(?:;S\d{2}[a-z]?)*)\]", text) for sid in group.split(";")}
    assert cited, "no citations found: the prompts of the close reading cite their sources"
    assert sorted(c for c in cited if c[2] not in known) == []
