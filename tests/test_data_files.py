"""FL016 data-file-invalid: `_data/*.yml` that Jekyll cannot read (checked against Jekyll 4.3: a
syntax error stops the build; a repeated key is kept silently; a bad date or tab-indented JSON is
fine), and the pages are still checked."""

from __future__ import annotations

import conftest


def _site(tmp_path, files: dict[str, str]):
    base = {"_config.yml": "title: Lab\n", "index.md": "---\nlayout: default\ntitle: Home\n---\nHello\n"}
    for rel, text in {**base, **files}.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return tmp_path


def _found(root, *codes):
    return sorted((d["path"], d["line"], d["column"], d["code"], d["severity"]) for d in conftest.lint(["."], cwd=root)
                  if d["code"] in codes)


def test_syntax_error_in_a_data_file_is_an_error_at_its_place(tmp_path):
    root = _site(tmp_path, {"_data/socials.yml": "email: a@b.org\nscholar: [x, y\n",
                            "_data/people/lab.yaml": "- name: Ada\n  role: 'PI\n"})
    got = _found(root, "FL002", "FL003", "FL009")
    assert [g[0] for g in got] == ["_data/people/lab.yaml", "_data/socials.yml"]
    assert all(g[3] == "FL002" and g[4] == "error" for g in got)
    diags = {d["path"]: d for d in conftest.lint(["."], cwd=root) if d["code"] == "FL002"}
    assert "Jekyll stops the build" in diags["_data/socials.yml"]["message"]
    assert diags["_data/socials.yml"]["line"] >= 2


def test_repeated_key_in_a_data_file_is_reported(tmp_path):
    root = _site(tmp_path, {"_data/socials.yml": "email: a@b.org\ngithub: ada\nemail: c@d.org\n"})
    got = _found(root, "FL003")
    assert got and got[0][:2] == ("_data/socials.yml", 3)


def test_what_jekyll_reads_is_quiet(tmp_path):
    root = _site(tmp_path, {
        "_data/ok.yml": "a: 1\nwhen: 2020-13-45\nlist:\n  - x\n",
        "_data/repos.json": '{\n\t"a": 1,\n\t"b": [1, 2]\n}\n',
        "_data/table.csv": "a,b\n1,\"2\n",
        "_data/empty.yml": "",
        "_data/comment.yml": "# nothing yet\n",
    })
    assert _found(root, "FL002", "FL003", "FL004", "FL006", "FL009", "FL016") == []


def test_pages_are_still_checked_next_to_a_broken_data_file(tmp_path):
    root = _site(tmp_path, {"_data/x.yml": "a: [\n", "about.md": "---\nlayout: about\ntitle: 'a'b'\n---\n"})
    paths = sorted(d["path"] for d in conftest.lint(["."], cwd=root) if d["code"] == "FL002")
    assert paths == ["_data/x.yml", "about.md"]


def test_an_anchor_defined_again_is_read_as_jekyll_reads_it(tmp_path):
    # Psych (Jekyll) lets an anchor be redefined and its later aliases mean the new value; the TeXt
    # theme's _data/navigation.yml repeats `&EN` in every entry. PyYAML alone stops there.
    nav = ("header:\n  - titles:\n      en: &EN About\n      en-GB: *EN\n    url: /about.html\n"
           "  - titles:\n      en: &EN Archive\n      en-GB: *EN\n    url: /archive.html\n")
    page = "---\nlayout: default\ntitle: &t One\nsubtitle: *t\ndescription: &t Two\nkeywords: *t\n---\n"
    root = _site(tmp_path, {"_data/navigation.yml": nav, "about.md": page})
    assert _found(root, "FL002", "FL003") == []


def test_repeated_anchor_values_follow_the_later_definition():
    from folio_lint.source import LineIndex
    from folio_lint.yamlload import load_yaml

    text = "a: &x 1\nb: *x\nc: &x 2\nd: *x\n"
    y = load_yaml(text, LineIndex(text))
    assert y.ok and y.data == {"a": 1, "b": 1, "c": 2, "d": 2}
    bad = "a: &x 1\nc: &x [2\n"
    assert not load_yaml(bad, LineIndex(bad)).ok  # a real error next to a repeated anchor is still one


def test_a_repeated_key_merged_into_other_mappings_is_reported_once(tmp_path):
    ui = ('fr: &DEFAULT_FR\n  comments_title:\n  more_label: "Lire plus"\n  comments_title: "Commentaires"\n'
          'fr-FR:\n  <<: *DEFAULT_FR\nfr-BE:\n  <<: *DEFAULT_FR\n')
    got = _found(_site(tmp_path, {"_data/ui-text.yml": ui}), "FL003")
    assert got == [("_data/ui-text.yml", 4, 3, "FL003", "warning")]
