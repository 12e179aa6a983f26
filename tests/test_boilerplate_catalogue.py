"""The boilerplate catalogue: valid against its schema, and every fingerprint grounded in template text.

"The template itself is the test": tests/fixtures/boilerplate/template_quotes.yml holds, for every
fingerprint, the template text it comes from (as quoted in the reference, or as written in the
template); each fingerprint must match its quotes, so an entry cannot silently rot.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from folio_lint.boilerplate import (
    build_catalogue,
    catalogue,
    catalogue_data,
    match_words,
    normalize,
    scalar_items,
    value_hits,
    words,
)
from folio_lint.source import LineIndex
from folio_lint.yamlload import load_yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
QUOTES_FILE = HERE / "fixtures" / "boilerplate" / "template_quotes.yml"
REFERENCE = REPO.parent / "shared" / "reference" / "al-folio.md"


def _yaml(text):
    return load_yaml(text, LineIndex(text)).data


QUOTES = _yaml(QUOTES_FILE.read_text(encoding="utf-8"))
CAT = catalogue()


def test_catalogue_is_valid_against_its_schema():
    schema = json.loads((REPO / "schemas" / "boilerplate-catalogue.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(catalogue_data()), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_schema_rejects_a_broken_entry():
    schema = json.loads((REPO / "schemas" / "boilerplate-catalogue.schema.json").read_text(encoding="utf-8"))
    data = catalogue_data()
    bad = dict(data, fingerprints=[{"id": "x", "code": "FL501", "match": "phrase", "template": "t", "since": "2020-01-01",
                                     "severity": "warning", "message": "m", "hint": "h"}])  # no phrases
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(bad))


def test_ids_unique_and_every_fingerprint_has_a_quote():
    ids = [f.id for f in CAT.fingerprints]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(QUOTES), (set(ids) ^ set(QUOTES))
    assert CAT.version >= 1


def test_every_phrase_has_anchors_that_occur_in_it():
    for fp in CAT.phrase_fps:
        assert fp.anchors, fp.id
        # an anchor is looked for in the raw lower-cased text: some phrase must contain each one
        for a in fp.anchors:
            assert any(a in p.lower() for p in fp.phrases + fp.paragraphs), (fp.id, a)


def _text_hits(fp, quote):
    ws, ss, es = words(quote)
    return match_words(ws, ss, es, [fp])


@pytest.mark.parametrize("fp", [f for f in CAT.fingerprints if f.match == "phrase"], ids=lambda f: f.id)
def test_phrase_fingerprints_match_their_template_text(fp):
    quotes = [q["quote"] for q in QUOTES[fp.id] if q["kind"] == "text"]
    assert quotes
    for raw, norm in zip(fp.phrases, fp.norm_phrases):
        assert any((" " + norm + " ") in (" " + normalize(q) + " ") for q in quotes), f"{fp.id}: {raw!r} matches no quote"
    for q in quotes:  # each quote is matched, or is a fragment of a longer catalogue phrase
        inside = any((" " + normalize(q) + " ") in (" " + normalize(p) + " ") for p in fp.phrases + fp.paragraphs)
        assert _text_hits(fp, q) or inside, f"{fp.id}: quote {q[:60]!r} is matched by no phrase"
    for par in fp.paragraphs:  # whole template paragraphs match themselves fuzzily
        assert any(h.how == "paragraph" for h in _text_hits(fp, par)), fp.id


@pytest.mark.parametrize("fp", [f for f in CAT.fingerprints if f.match in ("fm-value", "config-value", "data-value")],
                         ids=lambda f: f.id)
def test_value_fingerprints_match_their_template_values(fp):
    for q in QUOTES[fp.id]:
        assert q["kind"] == "yaml"
        text = q["quote"] + ("\n" + q["with"] if q.get("with") else "")
        res = load_yaml(text, LineIndex(text))
        items = list(scalar_items(res.nodes))
        if fp.with_ and not q.get("with"):
            # the quote gives the main value; the `with` values come from the same template file
            items += [(tuple(k.split(".")), sorted(v)[0]) for k, v in fp.with_ if "*" not in k]
        assert value_hits(fp, items), f"{fp.id}: {q['quote']!r}"
        if q.get("path"):
            assert fp.applies_to(q["path"])


def test_bib_fingerprint_lists_the_template_keys():
    for fp in CAT.of("bib-keys"):
        for q in QUOTES[fp.id]:
            assert set(q["quote"].split()) == set(fp.keys_list)


@pytest.mark.parametrize("fp", CAT.of("file"), ids=lambda f: f.id)
def test_file_fingerprints_carry_the_reference_hashes(fp):
    for q in QUOTES[fp.id]:
        head, tail = q["quote"].split("…")
        match = [h for h in fp.hashes if h.sha256.startswith(head) and h.sha256.endswith(tail)]
        assert match, f"{fp.id}: no hash {q['quote']}"
        if q.get("git_blob_sha1"):
            assert match[0].git_blob_sha1 == q["git_blob_sha1"]


def test_reference_quotes_are_in_the_reference():
    if not REFERENCE.is_file():
        pytest.skip("shared/reference/al-folio.md is not beside the repository")
    ref = REFERENCE.read_text(encoding="utf-8")
    ref_norm = " " + normalize(ref) + " "
    missing = []
    for fid, qs in QUOTES.items():
        for q in qs:
            if q["source"] != "reference":
                continue
            if q["kind"] == "hash":
                ok = q["quote"] in ref and (not q.get("git_blob_sha1") or q["git_blob_sha1"] in ref)
            elif q["kind"] == "bib":
                ok = all(k in ref for k in q["quote"].split())
            else:
                ok = (" " + normalize(q["quote"]) + " ") in ref_norm
            if not ok:
                missing.append((fid, q["quote"][:60]))
    assert not missing, missing


def test_normalisation_ignores_case_whitespace_punctuation_and_tags():
    assert normalize("<p>555  Your\n office NUMBER.</p>") == "555 your office number"
    assert normalize("Affiliations</a>. Address.") == "affiliations address"


def test_a_catalogue_without_the_automaton_still_matches(monkeypatch):
    import folio_lint.boilerplate as bp

    monkeypatch.setattr(bp, "_ahocorasick", None)
    cat = build_catalogue(catalogue_data())
    assert cat.matcher._auto is None and cat.matcher._rx is not None
    assert cat.matcher.candidates("nothing here") == set()
    hit = cat.matcher.candidates("… write your biography here …")
    assert any(cat.phrase_fps[i].id == "about.bio" for i in hit)
