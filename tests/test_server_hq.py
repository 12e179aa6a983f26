"""Editor server, QA session 4: what a user does in an editor beyond the issue's list -- an unsaved
buffer of broken YAML, every quick fix applied, files deleted and re-created on disk, a
`.folio-lint.yml` edited while pages are open (with and without a file watcher), a second
workspace folder, and shutdown/exit."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the server extra is not installed (pip install '.[server]')")
pytest.importorskip("pytest_lsp", reason="pytest-lsp is not installed (pip install '.[test]')")

from lsprotocol import types as T  # noqa: E402
from pytest_lsp import LanguageClient  # noqa: E402

from server_client import (WAIT, apply_text_edits, client, change_doc, codes, copy_site, diags_for,  # noqa: E402
                           open_doc, start, uri, wait_for)

pytestmark = pytest.mark.asyncio(loop_scope="function")
YAML_LEVEL = {"FL002", "FL003", "FL007", "FL008"}




async def test_unsaved_broken_yaml_is_a_finding_and_goes_away(client: LanguageClient, tmp_path):
    site = copy_site(tmp_path)
    await start(client, site)
    about = site / "_pages" / "about.md"
    text = about.read_text(encoding="utf-8")
    u = open_doc(client, about)
    await diags_for(client, u, 1, pred=lambda ds: "FL202" in codes(ds))
    broken = text.replace("title: about", "title: [about")
    change_doc(client, u, broken, 2)
    ds = await diags_for(client, u, 2)
    assert "FL002" in codes(ds)
    d = next(d for d in ds if d.code == "FL002")
    assert d.range.start.line >= 1  # in the front matter, not at 0:0
    change_doc(client, u, text, 3)
    ds = await diags_for(client, u, 3)
    assert "FL002" not in codes(ds) and "FL202" in codes(ds)


PAGE = """---
layout: page
title: Fixable
permalnk: /fixable/
nav_ordr: 2
---
{% include figure.html path="assets/img/me.jpg" %}

<!-- folio-lint: disable=FL999 -->
Some text. <!-- Write your biography here. Tell the world about yourself. -->
"""


async def test_every_quick_fix_leaves_the_page_valid(client: LanguageClient, tmp_path):
    site = copy_site(tmp_path)
    await start(client, site)
    page = site / "_pages" / "fixable.md"
    page.write_text(PAGE, encoding="utf-8")
    u = open_doc(client, page)
    ds = await diags_for(client, u, 1, pred=lambda ds: "FL202" in codes(ds))
    version = 1
    tried = 0
    for d in ds:
        actions = await asyncio.wait_for(client.text_document_code_action_async(T.CodeActionParams(
            text_document=T.TextDocumentIdentifier(uri=u), range=d.range,
            context=T.CodeActionContext(diagnostics=[d], only=[T.CodeActionKind.QuickFix]))), WAIT)
        for a in actions or []:
            if not a.diagnostics or a.diagnostics[0].code != d.code or a.diagnostics[0].range != d.range:
                continue
            new = apply_text_edits(PAGE, a.edit.changes[u])
            version += 1
            change_doc(client, u, new, version)
            after = await diags_for(client, u, version)
            got = codes(after)
            assert not YAML_LEVEL & set(got), (a.title, new, got)
            same = [x for x in after if x.code == d.code and x.range.start.line == d.range.start.line]
            if "(unsafe)" not in a.title:
                assert not same, (a.title, new, got)  # the finding the action was for is gone
            if a.title.startswith("Disable"):
                assert not {"FL701", "FL702", "FL703"} & set(got), (a.title, new, got)  # a working suppression
            tried += 1
            version += 1
            change_doc(client, u, PAGE, version)
            await diags_for(client, u, version)
    assert tried >= 8


async def test_a_page_deleted_and_recreated_on_disk(client: LanguageClient, tmp_path):
    site = copy_site(tmp_path)
    await start(client, site, watch=True)
    await wait_for(lambda: any(r.method == T.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in client.registrations),
                   what="the file watcher registration")
    linker = site / "_pages" / "linker.md"
    lu = open_doc(client, linker)
    await diags_for(client, lu, 1, pred=lambda ds: "FL301" not in codes(ds))
    target = site / "_pages" / "target.md"
    moved = site / "_pages" / "moved.md"
    text = target.read_text(encoding="utf-8")
    target.rename(moved)  # a rename: the old file deleted, a new one created (same permalink)
    client.workspace_did_change_watched_files(T.DidChangeWatchedFilesParams(changes=[
        T.FileEvent(uri=uri(target), type=T.FileChangeType.Deleted),
        T.FileEvent(uri=uri(moved), type=T.FileChangeType.Created)]))
    await asyncio.sleep(1.0)
    assert "FL301" not in codes(client.diagnostics.get(lu, []))
    moved.unlink()
    client.workspace_did_change_watched_files(T.DidChangeWatchedFilesParams(changes=[
        T.FileEvent(uri=uri(moved), type=T.FileChangeType.Deleted)]))
    await diags_for(client, lu, 1, pred=lambda ds: "FL301" in codes(ds))
    target.write_text(text, encoding="utf-8")
    client.workspace_did_change_watched_files(T.DidChangeWatchedFilesParams(changes=[
        T.FileEvent(uri=uri(target), type=T.FileChangeType.Created)]))
    await diags_for(client, lu, 1, pred=lambda ds: "FL301" not in codes(ds))


@pytest.mark.parametrize("watch", [False, True], ids=["saved-no-watcher", "watched"])
async def test_folio_lint_yml_edited_while_a_page_is_open(client: LanguageClient, tmp_path, watch):
    site = copy_site(tmp_path)
    await start(client, site, watch=watch)
    if watch:
        await wait_for(lambda: any(r.method == T.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in client.registrations),
                       what="the file watcher registration")
    about = site / "_pages" / "about.md"
    u = open_doc(client, about)
    await diags_for(client, u, 1, pred=lambda ds: "FL202" in codes(ds))
    cfg = site / ".folio-lint.yml"
    cfg.write_text("ignore: [FL202]\n", encoding="utf-8")
    if watch:
        client.workspace_did_change_watched_files(T.DidChangeWatchedFilesParams(changes=[
            T.FileEvent(uri=uri(cfg), type=T.FileChangeType.Created)]))
    else:  # the user opens the new file, types, saves
        cu = open_doc(client, cfg, "")
        change_doc(client, cu, "ignore: [FL202]\n", 2)
        client.text_document_did_save(T.DidSaveTextDocumentParams(text_document=T.TextDocumentIdentifier(uri=cu)))
    await diags_for(client, u, 1, pred=lambda ds: "FL202" not in codes(ds))
    cfg.write_text("ignore: []\n", encoding="utf-8")
    if watch:
        client.workspace_did_change_watched_files(T.DidChangeWatchedFilesParams(changes=[
            T.FileEvent(uri=uri(cfg), type=T.FileChangeType.Changed)]))
    else:
        change_doc(client, cu, "ignore: []\n", 3)
        client.text_document_did_save(T.DidSaveTextDocumentParams(text_document=T.TextDocumentIdentifier(uri=cu)))
    await diags_for(client, u, 1, pred=lambda ds: "FL202" in codes(ds))


async def test_two_workspace_folders_and_one_added_later(client: LanguageClient, tmp_path):
    a = copy_site(tmp_path / "a")
    b = copy_site(tmp_path / "b")
    c = copy_site(tmp_path / "c")
    (b / "_pages" / "about.md").write_text((b / "_pages" / "about.md").read_text(encoding="utf-8")
                                           .replace("/target/", "/only-in-a/"), encoding="utf-8")
    (a / "_pages" / "only.md").write_text("---\nlayout: page\ntitle: A\npermalink: /only-in-a/\n---\n", encoding="utf-8")
    await asyncio.wait_for(client.initialize_session(T.InitializeParams(
        capabilities=T.ClientCapabilities(), root_uri=uri(a),
        workspace_folders=[T.WorkspaceFolder(uri=uri(a), name="a"), T.WorkspaceFolder(uri=uri(b), name="b")])), WAIT)
    ua = open_doc(client, a / "_pages" / "about.md")
    ub = open_doc(client, b / "_pages" / "about.md")
    await diags_for(client, ua, 1, pred=lambda ds: "FL202" in codes(ds))
    # b's link resolves in b's own site, never in a's
    await diags_for(client, ub, 1, pred=lambda ds: "FL202" in codes(ds) and "FL301" in codes(ds))
    client.workspace_did_change_workspace_folders(T.DidChangeWorkspaceFoldersParams(event=T.WorkspaceFoldersChangeEvent(
        added=[T.WorkspaceFolder(uri=uri(c), name="c")], removed=[T.WorkspaceFolder(uri=uri(b), name="b")])))
    uc = open_doc(client, c / "_pages" / "about.md")
    await diags_for(client, uc, 1, pred=lambda ds: "FL202" in codes(ds) and "FL301" not in codes(ds))


def test_shutdown_then_exit_ends_the_process_with_zero(tmp_path):
    sys.path.append(str(Path(__file__).resolve().parents[1] / "bench"))
    from jsonrpc_client import Client
    from server_client import server_env

    site = copy_site(tmp_path)
    c = Client(site, server_env(), wait=WAIT)
    try:
        c.start(site)
        u = c.open(site / "_pages" / "about.md")
        c.until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == u,
                what="diagnostics")
        i = c.request("shutdown", None)
        got = c.until(lambda m: m.get("id") == i, what="the shutdown answer")
        assert "error" not in got
        c.notify("exit", None)
        assert c.p.wait(WAIT) == 0
    finally:
        if c.p.poll() is None:
            c.p.kill()
            c.p.wait()


def test_disable_actions_are_offered_only_where_a_comment_can_silence_the_finding(tmp_path):
    """A "Disable FLxxx" action must work or not be offered: in a .bib file (no suppression syntax there)
    it inserted an HTML comment that silenced nothing; for a finding on a page's opening `---` (FL010)
    the line action put `disable-next-line` after it, which covers the following line."""
    import shutil

    from folio_lint.fixer import apply_edits
    from folio_lint.server.service import SiteState, suppression_edits
    from folio_lint.settings import Settings

    site = tmp_path / "site"
    shutil.copytree(Path(__file__).resolve().parents[1] / "examples" / "site", site,
                    ignore=shutil.ignore_patterns(".folio-lint-cache"))
    st = SiteState(str(site), Settings(), use_cache=False)
    st.build()
    from folio_lint.runner import run

    report, _ = run([str(site)], Settings())
    checked = 0
    for d in report.diagnostics:
        raw = (site / d.path).read_bytes().decode("utf-8", "replace")
        text = raw.removeprefix("\ufeff")
        for whole in (False, True):
            e = suppression_edits(text, d, whole_file=whole, bom=raw != text)
            if e is None:
                continue
            new = apply_edits(text, [e])
            if d.path.endswith((".md", ".html")):
                after = st.lint_pure(d.path, new)
            else:
                old = (site / d.path).read_bytes()
                (site / d.path).write_text(new, encoding="utf-8")
                after = [x for x in run([str(site)], Settings())[0].diagnostics if x.path == d.path]
                (site / d.path).write_bytes(old)
            shift = e.content.count("\n") if e.start <= d.start_offset else 0
            same = [x for x in after if x.code == d.code and (whole or x.start.line == d.start.line + shift)]
            assert not same, (d.path, d.code, whole, e.content)
            had = {x.code for x in report.diagnostics if x.path == d.path}
            assert not {"FL701", "FL702", "FL703", "FL704"} & ({x.code for x in after} - had), (d.path, d.code, whole)
            checked += 1
    assert checked > 60


def test_no_line_comment_inside_a_multiline_value():
    """A finding inside a `|` block (al-folio's `more_info: |` placeholder lines): the line action appended
    `# folio-lint: disable=...` to a line of the block, which is text of the value (shown on the page)."""
    from folio_lint.fixer import apply_edits
    from folio_lint.server.service import SiteState, suppression_edits
    from folio_lint.settings import Settings
    from folio_lint.yamlload import load_yaml
    from folio_lint.source import LineIndex

    st = SiteState(str(Path(__file__).resolve().parents[1] / "examples" / "clean-site"), Settings(), use_cache=False)
    st.build()
    text = ("---\nlayout: about\ntitle: about\nprofile:\n  align: right\n  more_info: |\n"
            "    <p>555 your office number</p>\n    <p>123 your address street</p>\nsubtitle: x\n---\nhi\n")
    diags = [d for d in st.lint_pure("_pages/about.md", text) if d.code == "FL501"]
    assert diags
    for d in diags:
        assert suppression_edits(text, d, whole_file=False) is None
        e = suppression_edits(text, d, whole_file=True)
        new = apply_edits(text, [e])
        assert "FL501" not in {x.code for x in st.lint_pure("_pages/about.md", new)}
        fm = new[4:new.index("\n---\n", 4) + 1]
        value = load_yaml(fm, LineIndex(fm)).data["profile"]["more_info"]
        assert "folio-lint" not in value


def test_disable_line_in_a_markdown_table_keeps_the_table():
    """In a table row the line action inserted a comment line between rows: kramdown then renders the
    whole table as a paragraph of pipes (checked with Jekyll 4.3). The comment now goes in the last cell."""
    from folio_lint.fixer import apply_edits
    from folio_lint.server.service import SiteState, suppression_edits
    from folio_lint.settings import Settings

    st = SiteState(str(Path(__file__).resolve().parents[1] / "examples" / "clean-site"), Settings(), use_cache=False)
    st.build()
    text = "---\nlayout: page\ntitle: T\n---\n| a | b |\n|---|---|\n| 1 | [x](/nope/) |\n| 2 | [y](/nope2/) |\n"
    diags = [d for d in st.lint_pure("_pages/t.md", text) if d.code == "FL301"]
    assert [d.start.line for d in diags] == [7, 8]
    e = suppression_edits(text, diags[1], whole_file=False)
    new = apply_edits(text, [e])
    assert new.splitlines()[7] == "| 2 | [y](/nope2/) <!-- folio-lint-disable-line FL301 --> |"
    assert len(new.splitlines()) == len(text.splitlines())
    assert [d.start.line for d in st.lint_pure("_pages/t.md", new) if d.code == "FL301"] == [7]


@pytest.mark.parametrize("watch", [False, True], ids=["saved-no-watcher", "watched"])
async def test_folio_lint_yml_above_the_site_root(client: LanguageClient, tmp_path, watch):
    """A repository with the site in a subfolder and `.folio-lint.yml` at the top (found as the nearest
    one above the site): editing it changed nothing in the open pages."""
    repo = tmp_path / "repo"
    site = copy_site(repo)
    await start(client, repo, watch=watch)
    if watch:
        await wait_for(lambda: any(r.method == T.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in client.registrations),
                       what="the file watcher registration")
    u = open_doc(client, site / "_pages" / "about.md")
    await diags_for(client, u, 1, pred=lambda ds: "FL202" in codes(ds))
    cfg = repo / ".folio-lint.yml"
    cfg.write_text("ignore: [FL202]\n", encoding="utf-8")
    if watch:
        client.workspace_did_change_watched_files(T.DidChangeWatchedFilesParams(changes=[
            T.FileEvent(uri=uri(cfg), type=T.FileChangeType.Created)]))
    else:
        cu = open_doc(client, cfg)
        client.text_document_did_save(T.DidSaveTextDocumentParams(text_document=T.TextDocumentIdentifier(uri=cu)))
    await diags_for(client, u, 1, pred=lambda ds: "FL202" not in codes(ds))
