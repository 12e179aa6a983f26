"""The language server with a real LSP client (pytest-lsp), the server started as a subprocess."""

from __future__ import annotations

import asyncio
import shutil

import pytest

pytest.importorskip("pygls", reason="the server extra is not installed (pip install '.[server]')")
pytest.importorskip("pytest_lsp", reason="pytest-lsp is not installed (pip install '.[test]')")

from lsprotocol import types as T  # noqa: E402
from pytest_lsp import LanguageClient  # noqa: E402

from conftest import run_cli  # noqa: E402
from server_client import (WAIT, apply_text_edits, client, change_doc, codes, copy_site, diags_for,  # noqa: E402
                           open_doc, start, uri, wait_for)

pytestmark = pytest.mark.asyncio(loop_scope="function")




async def _open_about(client: LanguageClient, tmp_path, **caps):
    """The fixture site served, its about page open and its diagnostics (the FL202 typo key) in:
    (site, about.md, its text, its uri, the diagnostics)."""
    site = copy_site(tmp_path)
    await start(client, site, **caps)
    about = site / "_pages" / "about.md"
    text = about.read_text(encoding="utf-8")
    u = open_doc(client, about)
    diags = await diags_for(client, u, 1, pred=lambda ds: "FL202" in codes(ds))
    return site, about, text, u, diags


def _typo_range(text: str):
    line = next(i for i, ln in enumerate(text.splitlines()) if "image_cicular" in ln)
    col = text.splitlines()[line].index("image_cicular")
    return line, col


async def test_typo_key_diagnostic_with_code_and_range(client: LanguageClient, tmp_path):
    site = copy_site(tmp_path)
    res = await start(client, site)
    assert res.capabilities.position_encoding in ("utf-16", T.PositionEncodingKind.Utf16)
    about = site / "_pages" / "about.md"
    u = open_doc(client, about)
    diags = await diags_for(client, u, 1, pred=lambda ds: any(d.code == "FL202" for d in ds))
    d = next(d for d in diags if d.code == "FL202")
    line, col = _typo_range(about.read_text())
    assert (d.range.start.line, d.range.start.character) == (line, col)
    assert (d.range.end.line, d.range.end.character) == (line, col + len("image_cicular"))
    assert d.severity == T.DiagnosticSeverity.Error
    assert d.source == "folio-lint"
    assert d.code_description is not None and "fl202" in d.code_description.href.lower()
    assert "image_circular" in d.message
    # indexing reported progress (begin ... end)
    kinds = [getattr(v, "kind", None) for vs in client.progress_reports.values() for v in vs]
    assert "begin" in kinds and "end" in kinds


async def test_quick_fix_equals_cli_fix(client: LanguageClient, tmp_path):
    site, _, text, u, diags = await _open_about(client, tmp_path)
    d = next(d for d in diags if d.code == "FL202")
    actions = await asyncio.wait_for(client.text_document_code_action_async(T.CodeActionParams(
        text_document=T.TextDocumentIdentifier(uri=u), range=d.range,
        context=T.CodeActionContext(diagnostics=[d], only=[T.CodeActionKind.QuickFix]))), WAIT)
    fixes = [a for a in actions if a.is_preferred]
    assert fixes, [a.title for a in actions]
    fixed_by_server = apply_text_edits(text, fixes[0].edit.changes[u])
    assert "image_circular: true" in fixed_by_server
    # the CLI on a copy of the same site
    other = tmp_path / "cli"
    shutil.copytree(site, other)
    r = run_cli("check", "--fix", str(other / "_pages" / "about.md"), cwd=other)
    assert r.returncode in (0, 1), r.stderr
    assert fixed_by_server == (other / "_pages" / "about.md").read_text(encoding="utf-8")
    # the disable actions insert the suppression comment folio-lint reads
    disable = next(a for a in actions if a.title.startswith("Disable FL202") and a.title.endswith("line"))
    suppressed = apply_text_edits(text, disable.edit.changes[u])
    assert "image_cicular: true  # folio-lint: disable=FL202" in suppressed
    change_doc(client, u, suppressed, 2)
    after = await diags_for(client, u, 2)
    assert "FL202" not in codes(after)


async def test_fix_all_on_example_site_pages(client: LanguageClient, tmp_path):
    site = copy_site(tmp_path)
    await start(client, site)
    about = site / "_pages" / "about.md"
    text = about.read_text(encoding="utf-8").replace("layout: about", "layout: about\nannouncements_x: 1", 1)
    text = text.replace("[the target](/target/)", "[the target](/targte/)")
    about.write_text(text, encoding="utf-8")
    u = open_doc(client, about)
    await diags_for(client, u, 1, pred=lambda ds: "FL202" in codes(ds))
    actions = await asyncio.wait_for(client.text_document_code_action_async(T.CodeActionParams(
        text_document=T.TextDocumentIdentifier(uri=u), range=T.Range(T.Position(0, 0), T.Position(0, 0)),
        context=T.CodeActionContext(diagnostics=[], only=[T.CodeActionKind.SourceFixAll]))), WAIT)
    fix_all = [a for a in actions if str(getattr(a.kind, "value", a.kind)) == "source.fixAll.folio-lint"]
    assert len(fix_all) == 1, [a.title for a in actions]
    by_server = apply_text_edits(text, fix_all[0].edit.changes[u])
    other = tmp_path / "cli"
    shutil.copytree(site, other)
    r = run_cli("check", "--fix", str(other / "_pages" / "about.md"), cwd=other)
    assert r.returncode in (0, 1), r.stderr
    assert by_server == (other / "_pages" / "about.md").read_text(encoding="utf-8")
    assert by_server != text


async def test_completion_under_profile(client: LanguageClient, tmp_path):
    site = copy_site(tmp_path)
    await start(client, site)
    about = site / "_pages" / "about.md"
    text = about.read_text(encoding="utf-8").replace("  image_cicular: true\n", "  ima\n")
    u = open_doc(client, about, text)
    await diags_for(client, u, 1)
    line = text.splitlines().index("  ima")
    got = await asyncio.wait_for(client.text_document_completion_async(T.CompletionParams(
        text_document=T.TextDocumentIdentifier(uri=u), position=T.Position(line, 5))), WAIT)
    labels = {i.label for i in got.items}
    assert "image_circular" in labels
    assert "image" not in labels and "align" not in labels  # already there
    item = next(i for i in got.items if i.label == "image_circular")
    assert item.documentation is not None and item.documentation.value
    assert item.text_edit.range.start == T.Position(line, 2) and item.text_edit.range.end == T.Position(line, 5)
    # layout values
    text2 = text.replace("layout: about", "layout: ")
    change_doc(client, u, text2, 2)
    got = await asyncio.wait_for(client.text_document_completion_async(T.CompletionParams(
        text_document=T.TextDocumentIdentifier(uri=u), position=T.Position(1, len("layout: ")))), WAIT)
    assert {"about", "page", "post"} <= {i.label for i in got.items}
    # a path where a path is expected: profile.image is under assets/img/
    text3 = text.replace("  image: me.jpg", "  image: m")
    change_doc(client, u, text3, 3)
    line3 = text3.splitlines().index("  image: m")
    got = await asyncio.wait_for(client.text_document_completion_async(T.CompletionParams(
        text_document=T.TextDocumentIdentifier(uri=u), position=T.Position(line3, len("  image: m")))), WAIT)
    assert "me.jpg" in {i.label for i in got.items}
    # Markdown link targets: the site's URLs
    text4 = text + "\nSee [x](/ta"
    change_doc(client, u, text4, 4)
    last = len(text4.splitlines()) - 1
    got = await asyncio.wait_for(client.text_document_completion_async(T.CompletionParams(
        text_document=T.TextDocumentIdentifier(uri=u), position=T.Position(last, len("See [x](/ta")))), WAIT)
    assert "/target/" in {i.label for i in got.items}


async def test_hover_on_key_and_on_code(client: LanguageClient, tmp_path):
    _, _, text, u, _ = await _open_about(client, tmp_path)
    line = text.splitlines().index("announcements:")
    h = await asyncio.wait_for(client.text_document_hover_async(T.HoverParams(
        text_document=T.TextDocumentIdentifier(uri=u), position=T.Position(line, 3))), WAIT)
    assert h is not None and "news" in h.contents.value.lower()
    assert "object" in h.contents.value
    tl, tc = (next(i for i, ln in enumerate(text.splitlines()) if "image_cicular" in ln), 4)
    h = await asyncio.wait_for(client.text_document_hover_async(T.HoverParams(
        text_document=T.TextDocumentIdentifier(uri=u), position=T.Position(tl, tc))), WAIT)
    r = run_cli("rule", "FL202")
    assert h is not None and "FL202" in h.contents.value
    body = r.stdout.split("\n", 2)[2].strip()
    assert body.splitlines()[0] in h.contents.value
    # a link: the file it resolves to
    ll = text.splitlines().index("Hello. See [the target](/target/).")
    col = text.splitlines()[ll].index("/target/") + 2
    h = await asyncio.wait_for(client.text_document_hover_async(T.HoverParams(
        text_document=T.TextDocumentIdentifier(uri=u), position=T.Position(ll, col))), WAIT)
    assert h is not None and "_pages/target.md" in h.contents.value


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
async def test_ranges_after_emoji_cjk_and_combining(client: LanguageClient, tmp_path, encoding):
    site = copy_site(tmp_path)
    res = await start(client, site, encodings=(encoding,))
    assert str(getattr(res.capabilities.position_encoding, "value", res.capabilities.position_encoding)) == encoding
    page = site / "_pages" / "emoji.md"
    # the typo key comes after an emoji, CJK text and a combining accent on the same line
    text = ('---\nlayout: about\ntitle: "😀 研究室 é\u0301"\n'
            'profile: {align: right, more_info: "😀研é\u0301", image_cicular: true}\n---\nbody 😀\n')
    page.write_text(text, encoding="utf-8")
    u = open_doc(client, page)
    diags = await diags_for(client, u, 1, pred=lambda ds: "FL202" in codes(ds))
    d = next(d for d in diags if d.code == "FL202")
    line = text.splitlines()[3]
    unit = {"utf-16": lambda s: len(s.encode("utf-16-le")) // 2, "utf-8": lambda s: len(s.encode("utf-8")),
            "utf-32": len}[encoding]
    start_cp = line.index("image_cicular")
    assert d.range.start == T.Position(3, unit(line[:start_cp]))
    assert d.range.end == T.Position(3, unit(line[:start_cp + len("image_cicular")]))
    # and the quick fix edits land exactly on the key in this encoding
    actions = await asyncio.wait_for(client.text_document_code_action_async(T.CodeActionParams(
        text_document=T.TextDocumentIdentifier(uri=u), range=d.range,
        context=T.CodeActionContext(diagnostics=[d], only=[T.CodeActionKind.QuickFix]))), WAIT)
    edit = next(a for a in actions if a.is_preferred).edit.changes[u][0]
    assert edit.range == d.range and edit.new_text == "image_circular"
    # a position sent by the client (hover) is read in the same encoding
    h = await asyncio.wait_for(client.text_document_hover_async(T.HoverParams(
        text_document=T.TextDocumentIdentifier(uri=u), position=T.Position(3, unit(line[:start_cp + 2])))), WAIT)
    assert h is not None and "FL202" in h.contents.value


async def test_permalink_change_in_one_buffer_affects_another(client: LanguageClient, tmp_path):
    site = copy_site(tmp_path)
    await start(client, site)
    target = site / "_pages" / "target.md"
    linker = site / "_pages" / "linker.md"
    tu = open_doc(client, target)
    lu = open_doc(client, linker)
    assert "FL301" not in codes(await diags_for(client, lu, 1))
    t_text = target.read_text(encoding="utf-8")
    change_doc(client, tu, t_text.replace("permalink: /target/", "permalink: /moved/"), 2)
    await diags_for(client, lu, 1, pred=lambda ds: "FL301" in codes(ds))
    change_doc(client, tu, t_text, 3)
    await diags_for(client, lu, 1, pred=lambda ds: "FL301" not in codes(ds))


async def test_rapid_changes_publish_the_last_version_only(client: LanguageClient, tmp_path):
    site = copy_site(tmp_path)
    await start(client, site)
    about = site / "_pages" / "about.md"
    text = about.read_text(encoding="utf-8")
    u = open_doc(client, about)
    await diags_for(client, u, 1)
    n0 = len(client.published)
    for v in range(2, 12):
        change_doc(client, u, text.replace("image_cicular", "image_cicular" + "x" * (v % 3)), v)
        await asyncio.sleep(0.01)
    last = await diags_for(client, u, 11)
    await asyncio.sleep(0.8)  # anything late would arrive now
    versions = [pv for pu, pv, _ in client.published[n0:] if pu == u]
    assert versions == [11], versions
    assert last is not None


async def test_a_failing_request_leaves_the_server_serving(client: LanguageClient, tmp_path):
    site = copy_site(tmp_path)
    await start(client, site)
    from pygls.exceptions import JsonRpcException

    with pytest.raises(JsonRpcException):
        await asyncio.wait_for(client.workspace_execute_command_async(
            T.ExecuteCommandParams(command="folio-lint.debug.raise")), WAIT)
    await wait_for(lambda: any("deliberate failure" in m.message for m in client.log_messages), what="a log message")
    got = await asyncio.wait_for(client.workspace_execute_command_async(
        T.ExecuteCommandParams(command="folio-lint.showRule", arguments=["FL202"])), WAIT)
    assert "misspelled-key" in got
    # malformed and huge buffers give findings, not a dead server
    bad = site / "_pages" / "bad.md"
    u = open_doc(client, bad, "---\ntitle: 'it's'\n: : :\n---\n" + "x" * 2_000_000)
    diags = await diags_for(client, u, 1)
    assert "FL002" in codes(diags)
    h = await asyncio.wait_for(client.text_document_hover_async(T.HoverParams(
        text_document=T.TextDocumentIdentifier(uri=u), position=T.Position(9999, 9999))), WAIT)
    assert h is None or h.contents


async def test_pull_diagnostics_and_settings(client: LanguageClient, tmp_path):
    site = copy_site(tmp_path)
    await start(client, site, pull=True, options={"ignore": ["FL202"]})
    about = site / "_pages" / "about.md"
    u = open_doc(client, about)
    rep = await asyncio.wait_for(client.text_document_diagnostic_async(T.DocumentDiagnosticParams(
        text_document=T.TextDocumentIdentifier(uri=u))), WAIT)
    assert "FL202" not in codes(rep.items)
    assert not [p for p in client.published if p[0] == u]  # pull clients get no pushes
    text = about.read_text(encoding="utf-8").replace("layout: about", "layout: abuot")
    change_doc(client, u, text, 2)
    rep = await asyncio.wait_for(client.text_document_diagnostic_async(T.DocumentDiagnosticParams(
        text_document=T.TextDocumentIdentifier(uri=u))), WAIT)
    assert "FL103" in codes(rep.items)
    # a permalink changed in another open buffer: the next pull for the linking page sees it
    target, linker = site / "_pages" / "target.md", site / "_pages" / "linker.md"
    tu, lu = open_doc(client, target), open_doc(client, linker)

    async def pull(x):
        return (await asyncio.wait_for(client.text_document_diagnostic_async(T.DocumentDiagnosticParams(
            text_document=T.TextDocumentIdentifier(uri=x))), WAIT)).items

    assert "FL301" not in codes(await pull(lu))
    t_text = target.read_text(encoding="utf-8")
    change_doc(client, tu, t_text.replace("permalink: /target/", "permalink: /moved/"), 2)
    await pull(tu)
    assert "FL301" in codes(await pull(lu))
    assert client.diagnostic_refresh_count >= 1


async def test_files_changed_on_disk(client: LanguageClient, tmp_path):
    site = copy_site(tmp_path)
    await start(client, site, watch=True)
    await wait_for(lambda: any(r.method == T.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in client.registrations),
                   what="the file watcher registration")
    linker = site / "_pages" / "linker.md"
    text = linker.read_text(encoding="utf-8").replace("/target/", "/new-page/")
    lu = open_doc(client, linker, text)
    await diags_for(client, lu, 1, pred=lambda ds: "FL301" in codes(ds))
    newp = site / "_pages" / "new.md"
    newp.write_text("---\nlayout: page\ntitle: New\npermalink: /new-page/\n---\nhi\n", encoding="utf-8")
    client.workspace_did_change_watched_files(T.DidChangeWatchedFilesParams(changes=[
        T.FileEvent(uri=uri(newp), type=T.FileChangeType.Created)]))
    await diags_for(client, lu, 1, pred=lambda ds: "FL301" not in codes(ds))


async def test_config_file_findings_refresh_on_save(client: LanguageClient, tmp_path):
    site = copy_site(tmp_path)
    cfg = site / "_config.yml"
    text = cfg.read_text(encoding="utf-8") + "enable_darkmod: true\n"
    cfg.write_text(text, encoding="utf-8")
    await start(client, site)  # no file watcher: the index is re-read on save
    u = open_doc(client, cfg)
    diags = await diags_for(client, u, 1, pred=lambda ds: "FL602" in codes(ds))
    d = next(d for d in diags if d.code == "FL602")
    assert d.range.start.line == text.splitlines().index("enable_darkmod: true")
    fixed = text.replace("enable_darkmod", "enable_darkmode")
    change_doc(client, u, fixed, 2)  # unsaved: nothing new is said about version 2 yet
    cfg.write_text(fixed, encoding="utf-8")
    client.text_document_did_save(T.DidSaveTextDocumentParams(text_document=T.TextDocumentIdentifier(uri=u)))
    await diags_for(client, u, 2, pred=lambda ds: "FL602" not in codes(ds))


async def test_workspace_configuration_section(client: LanguageClient, tmp_path):
    site = copy_site(tmp_path)
    client.set_configuration({"select": ["FL1"]}, section="folio-lint")
    await start(client, site)
    about = site / "_pages" / "about.md"
    text = about.read_text(encoding="utf-8").replace("layout: about", "layout: abuot")
    u = open_doc(client, about, text)
    diags = await diags_for(client, u, 1, pred=lambda ds: "FL103" in codes(ds))
    assert all(c.startswith("FL1") for c in codes(diags)), codes(diags)


async def test_a_wrong_configuration_is_shown_to_the_user_once(client: LanguageClient, tmp_path):
    site = copy_site(tmp_path)
    (site / ".folio-lint.yml").write_text("select: [FL3O1]\n", encoding="utf-8")
    await start(client, site)
    about = site / "_pages" / "about.md"
    u = open_doc(client, about)
    await diags_for(client, u, 1)
    await wait_for(lambda: any("configuration for" in m.message for m in client.messages), what="a shown message")
    shown = [m for m in client.messages if "configuration for" in m.message]
    assert len(shown) == 1 and "FL3O1" in shown[0].message and shown[0].type == T.MessageType.Warning
    assert any("configuration for" in m.message for m in client.log_messages)


async def test_include_path_completion(client: LanguageClient, tmp_path):
    site = copy_site(tmp_path)
    await start(client, site)
    page = site / "_pages" / "target.md"
    text = page.read_text(encoding="utf-8") + '{% include figure.liquid path="assets/img/m'
    u = open_doc(client, page, text)
    await diags_for(client, u, 1)
    last = len(text.splitlines()) - 1
    got = await asyncio.wait_for(client.text_document_completion_async(T.CompletionParams(
        text_document=T.TextDocumentIdentifier(uri=u), position=T.Position(last, len(text.splitlines()[-1])))), WAIT)
    assert "assets/img/me.jpg" in {i.label for i in got.items}


async def test_site_below_the_workspace_folder_and_plain_markdown(client: LanguageClient, tmp_path):
    site = copy_site(tmp_path)
    await start(client, tmp_path)  # the workspace is the folder above the site
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n\nimage_cicular: true\n[x](/nowhere/)\n", encoding="utf-8")
    nu = open_doc(client, notes)
    assert list(await diags_for(client, nu, 1)) == []  # no front matter: not a Jekyll page, nothing to say
    # opened after a file of the folder around it, a page is still linted in its own site
    u = open_doc(client, site / "_pages" / "about.md")
    await diags_for(client, u, 1, pred=lambda ds: "FL202" in codes(ds))
    target = site / "_pages" / "target.md"
    assert "FL301" not in codes(await diags_for(client, open_doc(client, site / "_pages" / "linker.md"), 1))
    assert target.exists()


def _shared_target_site(site):
    """Three pages (and a fourth place) linking to `/talks/`, which no page has."""
    for name, extra in (("a-talks", ""), ("b-talks", "Again: [talks](/talks/).\n"), ("c-talks", "")):
        (site / "_pages" / f"{name}.md").write_text(
            f"---\nlayout: page\ntitle: {name}\npermalink: /{name}/\n---\nSee [the talks](/talks/).\n{extra}",
            encoding="utf-8")
    return [site / "_pages" / f"{n}.md" for n in ("a-talks", "b-talks", "c-talks")]


async def test_shared_missing_target_as_in_the_cli(client: LanguageClient, tmp_path):
    """FL311 counts every page of the site (not only the open ones), at the CLI's place, with its
    message; each broken link to that target lists the other places as related information."""
    import json

    site = copy_site(tmp_path)
    pages = _shared_target_site(site)
    r = run_cli("check", str(site), "--format", "json", "--no-cache", cwd=site)
    cli = [d for d in json.loads(r.stdout)["diagnostics"] if d["code"] == "FL311"]
    assert len(cli) == 1 and cli[0]["path"].endswith("a-talks.md"), cli
    await start(client, site)
    # only the second and the first page are open: the third is counted from the index
    bu = open_doc(client, pages[1])
    b = await diags_for(client, bu, 1, pred=lambda ds: any(d.related_information for d in ds))
    assert "FL311" not in codes(b) and codes(b).count("FL301") == 2
    rel = next(d for d in b if d.related_information).related_information
    assert {ri.location.uri.rsplit("/", 1)[1] for ri in rel} == {"a-talks.md", "c-talks.md", "b-talks.md"}
    assert len(rel) == 3  # four places: the other three
    au = open_doc(client, pages[0])
    a = await diags_for(client, au, 1, pred=lambda ds: "FL311" in codes(ds))
    d = next(d for d in a if d.code == "FL311")
    assert d.message.split("\n")[0] == cli[0]["message"] and "4 links in 3 files" in d.message
    assert (d.range.start.line + 1, d.range.start.character + 1) == (cli[0]["line"], cli[0]["column"])
    assert d.severity == T.DiagnosticSeverity.Information
    # the second page stops linking there twice, then at all: the count follows, then FL311 goes
    text = pages[1].read_text(encoding="utf-8")
    change_doc(client, bu, text.replace("Again: [talks](/talks/).\n", ""), 2)
    await diags_for(client, au, None, pred=lambda ds: any("3 links in 3 files" in x.message for x in ds))
    change_doc(client, bu, text.replace("/talks/", "/target/"), 3)
    await diags_for(client, au, None, pred=lambda ds: "FL311" not in codes(ds) and "FL301" in codes(ds))


async def test_pull_diagnostics_result_ids(client: LanguageClient, tmp_path):
    site = copy_site(tmp_path)
    await start(client, site, pull=True)
    about = site / "_pages" / "about.md"
    text = about.read_text(encoding="utf-8")
    u = open_doc(client, about)

    async def pull(prev=None):
        return await asyncio.wait_for(client.text_document_diagnostic_async(T.DocumentDiagnosticParams(
            text_document=T.TextDocumentIdentifier(uri=u), previous_result_id=prev)), WAIT)

    def kind(rep) -> str:
        return str(getattr(rep.kind, "value", rep.kind))

    first = await pull()
    assert kind(first) == "full" and first.result_id
    assert "FL202" in codes(first.items)
    again = await pull(first.result_id)  # nothing changed: unchanged, same id, no items sent
    assert kind(again) == "unchanged" and again.result_id == first.result_id
    # an edit that changes nothing the report says (prose at the end): still unchanged
    change_doc(client, u, text + "\nMore prose.\n", 2)
    assert kind(await pull(first.result_id)) == "unchanged"
    # an edit that fixes the key: a full report with another id
    change_doc(client, u, text.replace("image_cicular", "image_circular"), 3)
    fixed = await pull(first.result_id)
    assert kind(fixed) == "full" and fixed.result_id != first.result_id
    assert "FL202" not in codes(fixed.items)
    # an id the server never gave (or from before a restart): a full report
    assert kind(await pull("stale")) == "full"


async def test_closed_and_reopened_page_is_published_again(client: LanguageClient, tmp_path):
    _, about, _, u, diags = await _open_about(client, tmp_path)
    client.text_document_did_close(T.DidCloseTextDocumentParams(text_document=T.TextDocumentIdentifier(uri=u)))
    await diags_for(client, u, None, pred=lambda ds: not ds)  # closing clears them
    n = len(client.published)
    open_doc(client, about)  # the same text and version: the same diagnostics are said again
    again = await wait_for(lambda: [pd for pu, pv, pd in client.published[n:] if pu == u and pv == 1],
                           what="diagnostics after reopening")
    assert codes(again[0]) == codes(diags)
