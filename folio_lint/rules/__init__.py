"""Rule modules, imported in a fixed order so registration (and rule listings) are deterministic.

Families: FL0xx files and YAML; FL1xx front matter vs schema (types, values, required);
FL2xx keys (unknown, typo, deprecated); FL3xx links; FL4xx assets, includes, layouts, citations;
FL5xx template boilerplate; FL6xx `_config.yml`; FL7xx folio-lint's own directives; FL999 internal.

Importing this package imports no rule module: :func:`folio_lint.registry.load_rules` does, all
of them or only those a run needs (``RULES`` knows every rule from ``data/rules_index.json`` before).
"""

import importlib

MODULES = [
    "core",  # FL0xx, FL600
    "data_files",  # FL016
    "schema",  # FL1xx, FL2xx (schemas issue)
    "config_keys",  # FL6xx (schemas issue)
    "links",  # FL3xx, FL4xx (links issue)
    "html_blocks",  # FL313 (links issue)
    "boilerplate",  # FL5xx (boilerplate issue)
    "directives",  # FL7xx (integrations issue)
]


def import_module(name: str) -> None:
    try:
        importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as e:  # a family not written yet
        if e.name != f"{__name__}.{name}":
            raise
