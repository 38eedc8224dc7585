"""Every name a notebook uses as helpers.<name> resolves, to the same object each time."""

import importlib
import inspect

import pytest

import helpers


@pytest.mark.parametrize("name", helpers.__all__)
def test_public_name_resolves_to_the_same_object_every_time(name):
    first = getattr(helpers, name)
    importlib.import_module(f"helpers.{helpers._PUBLIC[name]}")  # importing the module must not shadow it
    assert getattr(helpers, name) is first
    assert not inspect.ismodule(first), f"helpers.{name} is a module: rename the module or the function"
