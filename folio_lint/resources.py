"""Data shipped with folio-lint: ``schemas/`` (the package ``folio_lint.schemas`` in the wheel) and
``folio_lint/data/``, read through ``importlib.resources`` so they load from an installed wheel."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path


def _schemas_dir():
    try:
        d = resources.files("folio_lint.schemas")
        if d.joinpath("folio-lint-output.schema.json").is_file():
            return d
    except (ModuleNotFoundError, TypeError):
        pass
    # running from a source checkout without an install: the top-level schemas/ folder
    return Path(__file__).resolve().parent.parent / "schemas"


def schema_file(name: str):
    """A traversable for ``schemas/<name>`` (``name`` with or without ``.json``)."""
    if not name.endswith(".json"):
        name += ".json"
    return _schemas_dir().joinpath(name)


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict:
    return json.loads(schema_file(name).read_text(encoding="utf-8"))


def schema_names() -> list[str]:
    return sorted(p.name for p in _schemas_dir().iterdir() if p.name.endswith(".json"))


def data_file(name: str):
    """A traversable for ``folio_lint/data/<name>``."""
    return resources.files("folio_lint").joinpath("data", name)


def data_text(name: str) -> str:
    return data_file(name).read_text(encoding="utf-8")
