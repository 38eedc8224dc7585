"""Every interface text the network modules ask for exists in English and Spanish."""

import re
from pathlib import Path

import pytest

from helpers.graph import KIND_GROUPS, allowed
from helpers.metrics import brokerage_table  # noqa: F401  (the modules below must import cleanly)
from helpers.network_widget import WINDOWS
from helpers.sensitivity import CODINGS
from helpers.strings import table

SRC = Path(__file__).resolve().parents[2] / "src" / "helpers"
MODULES = ["graph", "metrics", "sensitivity", "network_plot", "network_text", "export", "network_widget",
           "layout"]


def literal_keys() -> set[str]:
    keys = set()
    for name in MODULES:
        text = (SRC / f"{name}.py").read_text(encoding="utf-8")
        keys |= set(re.findall(r"""t\(\s*["']((?:network|common|certainty|phase)\.[a-z_.]+)["']""", text))
    return keys


def family_keys() -> set[str]:
    keys = {f"network.side.{s}" for s in allowed("actors", "side")}
    keys |= {f"network.kind.{k}" for k in allowed("actors", "kind")}
    keys |= {f"network.type.{x}" for x in allowed("relations", "type")}
    keys |= {f"certainty.{c}" for c in allowed("relations", "certainty")}
    keys |= {f"network.kind_group.{k}" for k in KIND_GROUPS}
    keys |= {f"network.ui.window_{w}" for w in WINDOWS}
    keys |= {f"network.legend.{k}" for k in ("sides", "kinds", "ties")}
    keys |= {f"network.text.documents_{x}" for x in ("in", "out")}
    keys |= {f"network.col.{c}" for c in ("rank", "actor", "degree", "betweenness", "brokerage", "between_sides",
                                          "actor_a", "actor_b", "types", "first_date", "certainty", "source_ids",
                                          *CODINGS, "biggest_change")}
    return keys


def test_the_literal_keys_are_found():
    assert "network.ui.date" in literal_keys() and "network.text.empty" in literal_keys()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_network_key_exists(lang):
    strings = table(lang)
    missing = sorted((literal_keys() | family_keys()) - set(strings))
    assert not missing, f"missing in {lang}.json: {missing}"


def test_both_languages_have_the_same_network_keys():
    en = {k for k in table("en") if k.startswith("network.")}
    es = {k for k in table("es") if k.startswith("network.")}
    assert en == es
    assert all(table("es")[k].strip() for k in es)
