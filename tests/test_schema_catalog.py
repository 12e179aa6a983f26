"""The shipped schemas: valid JSON Schema 2020-12, inside the compiler's subset, and judged like jsonschema."""

from __future__ import annotations

import json

import jsonschema
import pytest
from referencing import Registry, Resource

from folio_lint.schema_catalog import COLLECTIONS, LAYOUTS, Catalog, Compiler, SchemaError, catalog, load_documents, schema_dir

DOCS = load_documents()


def test_every_layout_and_collection_has_a_schema():
    names = set(DOCS)
    for layout in LAYOUTS:
        assert f"layout-{layout}.schema.json" in names
    for coll in COLLECTIONS:
        assert f"collection-{coll}.schema.json" in names
    assert "config.schema.json" in names and "common.schema.json" in names


@pytest.mark.parametrize("name", sorted(DOCS))
def test_schema_is_valid_2020_12(name):
    doc = DOCS[name]
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(doc)


def _walk_props(node, path=""):
    if isinstance(node, dict):
        for k, v in (node.get("properties") or {}).items():
            yield f"{path}.{k}".lstrip("."), v
            yield from _walk_props(v, f"{path}.{k}")
        for kw in ("items", "$defs"):
            sub = node.get(kw)
            if isinstance(sub, dict):
                if kw == "$defs":
                    for dk, dv in sub.items():
                        yield from _walk_props(dv, f"{path}#{dk}")
                else:
                    yield from _walk_props(sub, f"{path}[]")
        for kw in ("anyOf", "oneOf", "allOf"):
            for sub in node.get(kw, ()):
                yield from _walk_props(sub, path)


@pytest.mark.parametrize("name", sorted(DOCS))
def test_every_key_has_a_description(name):
    missing = [p for p, v in _walk_props(DOCS[name]) if isinstance(v, dict) and "description" not in v]
    assert not missing, f"keys without a description in {name}: {missing}"


def test_compiler_refuses_unknown_keywords():
    with pytest.raises(SchemaError):
        Compiler({"x.json": {}}).compile({"type": "string", "propertyNames": {}}, "x.json")
    with pytest.raises(SchemaError):
        Compiler({"x.json": {}}).compile({"$ref": "missing.json#/a"}, "x.json")


def _registry():
    return Registry().with_resources((d["$id"], Resource.from_contents(d)) for d in DOCS.values())


SAMPLES = [
    {"layout": "about", "title": "about", "permalink": "/", "profile": {"align": "right", "image": "p.jpg", "image_circular": False,
     "more_info": "<p>x</p>"}, "announcements": {"enabled": True, "scrollable": True, "limit": 5}, "selected_papers": True},
    {"layout": "about", "announcements": {"limit": "five"}},
    {"layout": "page", "nav": "yes", "title": "x"},
    {"layout": "page", "nav": True},
    {"layout": "page", "nav": True, "title": "t", "nav_order": "3"},
    {"layout": "page", "nav_order": "three"},
    {"layout": "post", "date": "2024-05-01", "tags": "a b", "categories": ["x", "y"]},
    {"layout": "post", "date": "2015-10-22 15:59:00-0400", "toc": {"sidebar": "left"}},
    {"layout": "post", "date": "not a date"},
    {"layout": "post", "date": "May 1, 2024"},
    {"layout": "post", "toc": {"sidebar": "middle"}},
    {"layout": "distill", "toc": [{"name": "Intro", "subsections": [{"name": "a"}]}], "authors": [{"name": "A", "affiliations": {"name": "IAS"}}]},
    {"layout": "distill", "toc": True},
    {"layout": "distill", "authors": [{"name": "A", "affiliations": [{"name": "IAS"}]}]},
    {"layout": "page", "redirect": True},
    {"layout": "page", "redirect": "https://x.org"},
    {"layout": "page", "redirect": 3},
    {"layout": "book-review", "stars": 4.5, "status": "Reading", "isbn": 7539967447},
    {"layout": "book-review", "stars": 7},
    {"layout": "book-review", "status": "borrowed"},
    {"layout": "cv", "cv_format": "rendercv", "cv_pdf": "/assets/pdf/cv.pdf", "toc": {"sidebar": "left"}},
    {"layout": "cv", "cv_format": "render-cv"},
    {"layout": "course", "year": 2025, "course_id": "x", "schedule": [{"week": 1, "date": "Feb 5", "materials": [{"name": "s", "url": "/a.pdf"}]}]},
    {"layout": "course", "schedule": "weekly"},
    {"layout": "page", "images": {"compare": True}, "mermaid": {"enabled": True}, "chart": {"chartjs": True}},
    {"layout": "page", "chart": True},
    {"layout": "page", "children": [{"title": "divider"}, {"title": "blog", "permalink": "/blog/"}], "dropdown": True},
]


@pytest.mark.parametrize("i", range(len(SAMPLES)))
def test_compiled_verdict_matches_jsonschema(i):
    """Unknown keys aside (folio-lint's own layer), the compiled checks agree with the reference validator."""
    data = SAMPLES[i]
    layout = data["layout"]
    doc = DOCS[f"layout-{layout}.schema.json"]
    ref = jsonschema.Draft202012Validator(doc, registry=_registry())
    expected = ref.is_valid(data)
    spec = catalog().top(f"layout-{layout}.schema.json")
    issues = [x for x in spec.issues(data) if x.kind != "unknown"]
    assert (not issues) == expected, (data, issues, [e.message for e in ref.iter_errors(data)])


def test_collection_merges_with_layout_and_layout_wins():
    ds = catalog().for_document("distill", "posts")
    assert ds.spec.issues({"toc": [{"name": "a"}], "featured": True, "authors": [{"name": "x"}]}) == []
    ds = catalog().for_document("post", "posts")
    assert [i.kind for i in ds.spec.issues({"toc": [{"name": "a"}]})] == ["type"]
    assert "inline" in catalog().for_document("post", "news").props
    assert "importance" in catalog().for_document("page", "projects").props


def test_resolved_export_is_self_contained():
    out = catalog().resolved("post+posts")
    text = json.dumps(out)
    assert "$ref" not in text
    jsonschema.Draft202012Validator.check_schema(out)
    v = jsonschema.Draft202012Validator(out)
    assert v.is_valid({"title": "x", "date": "2024-01-01", "tags": "a b"})
    assert not v.is_valid({"nav": "yes"})
    assert not v.is_valid({"nav": True})  # nav: true needs a title
    assert "properties" in catalog().resolved("config")
    with pytest.raises(SchemaError):
        catalog().resolved("nope")


def test_schema_dir_is_found():
    assert (schema_dir() / "common.schema.json").is_file()


def test_fresh_catalog_compiles_everything():
    c = Catalog()
    for layout in LAYOUTS:
        for coll in (None,) + COLLECTIONS:
            assert c.for_document(layout, coll).props
    assert c.config().props


def test_schema_command_prints_a_resolved_schema():
    from conftest import run_cli

    r = run_cli("schema", "about")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert "profile" in doc["properties"] and "title" in doc["properties"]
    jsonschema.Draft202012Validator.check_schema(doc)
    r = run_cli("schema", "post+posts", "--closed")
    assert json.loads(r.stdout)["additionalProperties"] is False
    r = run_cli("schema", "nope")
    assert r.returncode == 2 and "no schema" in r.stderr
    r = run_cli("schema", "--list")
    assert "about" in r.stdout and "teachings" in r.stdout
