"""The JSON output is a public contract: it validates against the schema we ship."""

from __future__ import annotations

import json

import jsonschema

from conftest import EXAMPLES, lint, run_cli


def test_output_schema_is_valid_2020_12():
    from folio_lint.resources import load_schema

    schema = load_schema("folio-lint-output.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)


def test_example_site_output_validates():
    from folio_lint.resources import load_schema

    r = run_cli("check", "--format", "json", str(EXAMPLES / "site"))
    data = json.loads(r.stdout)
    jsonschema.Draft202012Validator(load_schema("folio-lint-output.schema.json")).validate(data)
    assert data["diagnostics"], "the example site should have findings"
    for d in data["diagnostics"]:
        assert (d["line"], d["column"]) <= (d["end_line"], d["end_column"])
