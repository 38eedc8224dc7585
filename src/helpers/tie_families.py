"""Kinds of tie grouped into five families a reader can tell apart in a drawing.

The data know twelve relation types (data/datapackage.json). Twelve line styles are too many to
tell apart on a projector, so the drawing shows five families, each with one line style:
    talks       negotiated with, consulted, addressed (wrote or spoke to)
    mediation   mediated, hosted
    signature   signed
    membership  member of, represented, instructed, reported to (who belongs to or acts for whom)
    objection   objected to, refused to sign
The relation types stay in the data, the tables and the text alternative; only the line style is
shared. A type a lecturer adds to an adapted copy of the schema falls into "other" (drawn thin and
grey) until it is given a family here.
"""

from __future__ import annotations

FAMILIES = {
    "talks": ("negotiated_with", "consulted", "addressed"),
    "mediation": ("mediated", "hosted"),
    "signature": ("signed",),
    "membership": ("member_of", "represented", "instructed", "reported_to"),
    "objection": ("objected_to", "refused_to_sign"),
}
OTHER = "other"
# family -> (line style, width in points, grey): solid, long dashes, dash-dot, dots, thick short dashes
FAMILY_STYLES = {
    "talks": ("solid", 2.2, "#222222"),
    "mediation": ((0, (6, 3)), 2.2, "#222222"),
    "signature": ((0, (8, 2, 2, 2)), 1.8, "#444444"),
    "membership": ((0, (1, 2)), 1.8, "#555555"),
    "objection": ((0, (2, 1.2)), 3.2, "#000000"),
    OTHER: ("solid", 1.0, "#8a8a8a"),
}
_FAMILY_OF = {kind: family for family, kinds in FAMILIES.items() for kind in kinds}


def family_of(relation_type) -> str:
    """The family of a relation type ('other' for a type no family lists)."""
    return _FAMILY_OF.get(relation_type, OTHER)


def families_in(types) -> list[str]:
    """The families of some relation types, in the drawing's order, each once."""
    present = {family_of(x) for x in types}
    return [f for f in (*FAMILIES, OTHER) if f in present]
