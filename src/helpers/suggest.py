"""'Did you mean ...?' hints for names a learner or lecturer typed.

Used by the dataset loader (unknown ids in a CSV) and by functions that take an actor name in a
code cell, so that a typo gets the closest real names instead of a bare KeyError.
"""

import difflib
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=8192)  # the same names are folded again and again
def _fold(text: str) -> str:
    """Lower-case and strip accents, so 'Cəlilov' and 'celilov' compare as close."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


def closest(value: str, choices, n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Return up to n of `choices` that look most like `value` (accent- and case-insensitive)."""
    choices = list(dict.fromkeys(str(c) for c in choices))
    folded = {}
    for choice in choices:
        folded.setdefault(_fold(choice), choice)
    matches = difflib.get_close_matches(_fold(value), list(folded), n=n, cutoff=cutoff)
    return [folded[m] for m in matches]


def did_you_mean(value: str, choices, n: int = 3) -> str:
    """A hint sentence such as "did you mean 'kazimirov'?", or '' when nothing is close."""
    matches = closest(value, choices, n=n)
    if not matches:
        return ""
    return "did you mean " + " or ".join(f"'{m}'" for m in matches) + "?"
