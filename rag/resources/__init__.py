"""Data files the pipeline reads: word lists and tables, each with a header saying where its entries come from."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any


def _lines(name: str) -> list[str]:
    text = files(__package__).joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=64)
def load_words(name: str) -> frozenset[str]:
    """Return the entries of a one-entry-per-line word list (lines starting with # are its header)."""
    return frozenset(_lines(name))


@lru_cache(maxsize=64)
def load_table(name: str) -> dict[str, str]:
    """Return a two-column tab-separated table (key → value); # lines are its header."""
    table = {}
    for line in _lines(name):
        key, _, value = line.partition("\t")
        if key and value:
            table[key.strip()] = value.strip()
    return table


@lru_cache(maxsize=16)
def load_json(name: str) -> Any:
    """Return a JSON data file (its provenance in a "_source" field)."""
    return json.loads(files(__package__).joinpath(name).read_text(encoding="utf-8"))
