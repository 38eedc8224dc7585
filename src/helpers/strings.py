"""Every piece of interface text, in English and Spanish.

Widgets never contain English literals: they ask `t("phase.signing")` and get the text in the current
language. The two tables live next to this file as strings/en.json and strings/es.json, flat
dictionaries of "area.key" -> text (areas: common, date, phase, voice, timeline, journal, ...).
A test checks that both tables have the same keys and that every key used in the code exists.

    from helpers import t, set_language
    set_language("es")
    t("journal.saved")            # -> the Spanish text
    t("selfcheck.progress", answered=2, total=4, right=1)   # fills {answered}, {total}, {right}

The starting language is English, or the value of the environment variable BISHKEK_LANG.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .suggest import did_you_mean

STRINGS_DIR = Path(__file__).resolve().parent / "strings"
LANGUAGES = ("en", "es")

_state = {"lang": os.environ.get("BISHKEK_LANG", "en") if os.environ.get("BISHKEK_LANG") in LANGUAGES
          else "en"}
_cache: dict[str, tuple[int, dict]] = {}


def check_language(lang: str) -> str:
    """Return `lang` if it is a supported language code, else raise a ValueError with a hint."""
    if lang not in LANGUAGES:
        hint = did_you_mean(str(lang), LANGUAGES)
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}"
                         + (f" ({hint})" if hint else ""))
    return lang


def set_language(lang: str) -> None:
    """Choose the language of every widget created from now on ('en' or 'es')."""
    _state["lang"] = check_language(lang)


def get_language() -> str:
    """The current language code ('en' or 'es')."""
    return _state["lang"]


def resolve_language(lang: str | None) -> str:
    """`lang` checked, or the current language when `lang` is None."""
    return get_language() if lang is None else check_language(lang)


def table(lang: str) -> dict[str, str]:
    """The whole string table of one language (re-read when the file changes on disk)."""
    path = STRINGS_DIR / f"{check_language(lang)}.json"
    stamp = path.stat().st_mtime_ns
    cached = _cache.get(lang)
    if cached is None or cached[0] != stamp:
        cached = (stamp, json.loads(path.read_text(encoding="utf-8")))
        _cache[lang] = cached
    return cached[1]


def has(key: str, lang: str | None = None) -> bool:
    """True if `key` exists in the table of `lang` (default: the current language)."""
    return key in table(resolve_language(lang))


def t(key: str, lang: str | None = None, **fmt) -> str:
    """The text for `key` in `lang` (default: the current language), with {placeholders} filled.

    A key missing from the chosen table falls back to English (the completeness test makes that
    rare); a key missing everywhere raises a KeyError that suggests the closest key.
    """
    lang = resolve_language(lang)
    strings = table(lang)
    if key not in strings:
        strings = table("en")
    if key not in strings:
        hint = did_you_mean(key, strings)
        raise KeyError(f"no interface text for key {key!r}" + (f"; {hint}" if hint else ""))
    text = strings[key]
    return text.format(**fmt) if fmt else text
