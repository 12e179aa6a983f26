"""Plain-word YAML messages: a line with no key before its `:`, a key indented under a key that
already has a value, and a value starting with a backtick."""

from __future__ import annotations

import pytest
import yaml

from conftest import lint, write_site
from folio_lint.yamlload import _plain_error


def _msg(text):
    with pytest.raises(yaml.MarkedYAMLError) as e:
        yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return _plain_error(e.value, text)


@pytest.mark.parametrize("text", [": x\n", "title: t\n: x\n", "title: t\n  : x\n"])
def test_colon_without_key(text):
    msg, hint = _msg(text)
    assert msg == "a key is missing before the `:` on this line"
    assert "key: value" in hint


@pytest.mark.parametrize("text,parent,child", [
    ("a: x\n  b: y\n", "a", "b"),
    ("title: t\nprofile: me\n  image: a.jpg\n", "profile", "image"),
    ("- a: x\n    b: y\n", "a", "b"),
])
def test_key_indented_under_a_key_with_a_value(text, parent, child):
    msg, hint = _msg(text)
    assert msg == f"`{child}` is indented under `{parent}`, which already has a value on its line"
    assert hint == (f"for keys nested under `{parent}`, write `{parent}:` with nothing after it; "
                    f"otherwise indent `{child}` like `{parent}`")


@pytest.mark.parametrize("text,key", [("title: Note: read this\n", "title"), ("a: x\nb: c: d\n", "b")])
def test_colon_inside_a_value_unchanged(text, key):
    msg, _ = _msg(text)
    assert msg == f"a `: ` inside the value of `{key}` makes YAML read a second key on this line"


def test_backtick_value():
    msg, hint = _msg("title: `code`\n")
    assert msg == "a value cannot start with a backtick (`) unless it is quoted"
    assert "```" not in msg + hint


def test_other_start_characters_unchanged():
    msg, _ = _msg("title: @me\n")
    assert msg == "a value cannot start with `@` unless it is quoted"


def test_missing_key_reported_on_its_line(tmp_path):
    root = write_site(tmp_path / "s", {"_config.yml": "title: t\n",
                                       "a.md": "---\nlayout: page\n: oops\n---\nx\n"})
    d, = [d for d in lint(["."], cwd=root) if d["code"] == "FL002"]
    assert d["line"] == 3 and "a key is missing before the `:`" in d["message"]


def test_continued_prose_value_gets_the_quoting_hint_too():
    msg, hint = _msg("description: a long text\n  that continues: here\n")
    assert msg == "`that continues` is indented under `description`, which already has a value on its line"
    assert hint.endswith("if this line continues the value of `description`, put that whole value in quotes")


def test_a_complex_key_is_named_as_written():
    """`[//]: # (note)` in front matter (a Markdown comment pasted into YAML) is a list used as a key:
    the key is recorded as its source text, not as the repr of YAML's node objects."""
    from folio_lint.source import LineIndex
    from folio_lint.yamlload import load_yaml

    text = "title: x\n[//]: # (a note)\n"
    r = load_yaml(text, LineIndex(text), 0, 0)
    assert list(r.data) == ["title", "[//]"]
    assert [p.kind for p in r.problems] == ["complex-key"]
