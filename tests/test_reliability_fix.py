"""`--fix` never loses a byte: atomic writes, permissions kept, a file changed on disk is not
overwritten, bytes outside the edits identical, idempotent, an injected crash leaves the original.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from folio_lint import fixer
from folio_lint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]

# three safe fixes: a typo key renamed, a quoted boolean unquoted, an unused suppression removed
PAGE = (
    "---{eol}layout: about{eol}title: About \t {eol}permalink: /{eol}profile:{eol}  align: right{eol}"
    "  image_cicular: \"false\"   # keep this comment{eol}nav: \"true\"{eol}---{eol}"
    "\tBody with a tab and trailing blanks   {eol}"
    "<!-- folio-lint-disable-next-line FL301 -->{eol}"
    "Last line without a final newline \t"
)


def _expected(original: bytes, eol: bytes) -> bytes:
    return (original.replace(b'image_cicular: "false"', b"image_circular: false")
            .replace(b'nav: "true"', b"nav: true")
            .replace(b"<!-- folio-lint-disable-next-line FL301 -->" + eol, b""))


VARIANTS = {
    "lf": ("\n", False),
    "crlf": ("\r\n", False),
    "bom-crlf": ("\r\n", True),
    "bom-lf": ("\n", True),
}


def _site(tmp_path: Path, eol: str = "\n", bom: bool = False) -> tuple[Path, Path, bytes]:
    site = tmp_path / "site"
    (site / "_pages").mkdir(parents=True)
    (site / "_config.yml").write_bytes(b"title: x\ninclude: [_pages]\n")
    # a collection document: a BOM before `---` is reported (FL011) but must survive the fix
    raw = PAGE.format(eol=eol).encode()
    if bom:
        raw = b"\xef\xbb\xbf" + raw
    page = site / "_pages" / "about.md"
    page.write_bytes(raw)
    return site, page, raw


def _fix(site: Path, **kw):
    return fixer.fix_run([str(site)], Settings(), cwd=str(site), **kw)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_bytes_outside_edits_identical(tmp_path, variant):
    eol, bom = VARIANTS[variant]
    site, page, raw = _site(tmp_path, eol, bom)
    _, _, outcome = _fix(site)
    assert outcome.fixed >= 3, outcome
    assert page.read_bytes() == _expected(raw, eol.encode())


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_fix_twice_equals_fix_once(tmp_path, variant):
    eol, bom = VARIANTS[variant]
    site, page, raw = _site(tmp_path, eol, bom)
    _fix(site)
    once = page.read_bytes()
    st = page.stat()
    _, _, outcome = _fix(site)
    assert outcome.fixed == 0 and not outcome.changed
    assert page.read_bytes() == once
    assert page.stat().st_mtime_ns == st.st_mtime_ns  # not even rewritten


def test_fix_keeps_permissions_and_replaces_atomically(tmp_path):
    site, page, raw = _site(tmp_path)
    os.chmod(page, 0o640)
    with open(page, "rb") as held:  # held open: its inode cannot be reused while we look
        ino = os.fstat(held.fileno()).st_ino
        _fix(site)
        assert page.read_bytes() == _expected(raw, b"\n")
        assert stat.S_IMODE(page.stat().st_mode) == 0o640
        assert page.stat().st_ino != ino  # a new file renamed over the old one, not an in-place rewrite
        assert held.read() == raw  # the old file was never written to
    assert sorted(p.name for p in page.parent.iterdir()) == ["about.md"]  # no temporary file left


def test_fix_leaves_read_only_files_alone(tmp_path):
    """A read-only page (mode 444) is a choice: --fix reports it as not fixed and writes nothing,
    even where the rename that replaces files atomically would be allowed (a writable folder, root)."""
    site, page, raw = _site(tmp_path)
    os.chmod(page, 0o444)
    try:
        _, _, outcome = _fix(site)
        assert page.read_bytes() == raw
        assert [p for p, why in outcome.not_written if "read-only" in why], outcome.not_written
    finally:
        os.chmod(page, 0o644)


def test_fix_through_symlink_inside_site(tmp_path):
    site, page, raw = _site(tmp_path)
    real = site / "_pages" / "real.md"
    page.rename(real)
    os.symlink("real.md", page)
    _fix(site)
    assert page.is_symlink()
    assert real.read_bytes() == _expected(raw, b"\n")


def test_file_changed_on_disk_is_not_overwritten(tmp_path, monkeypatch):
    site, page, raw = _site(tmp_path)
    from folio_lint import runner

    real_run = runner.run
    edited = raw + b"\nAn edit made by another program while folio-lint ran.\n"

    def run_then_edit(*a, **k):
        out = real_run(*a, **k)
        page.write_bytes(edited)  # after folio-lint read the file, before it writes
        return out

    monkeypatch.setattr(runner, "run", run_then_edit)
    _, _, outcome = _fix(site)
    assert page.read_bytes() == edited
    assert outcome.not_written and "changed on disk" in outcome.not_written[0][1]


@pytest.mark.parametrize("where", ["write", "fsync", "chmod", "replace"])
@pytest.mark.parametrize("exc", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_crash_mid_fix_leaves_original(tmp_path, monkeypatch, where, exc):
    site, page, raw = _site(tmp_path)

    def boom(*a, **k):
        raise exc

    if where == "write":
        real_fdopen = os.fdopen

        class Failing:
            def __init__(self, fh):
                self.fh = fh

            def __enter__(self):
                return self

            def __exit__(self, *a):
                self.fh.close()

            def write(self, data):
                self.fh.write(data[: len(data) // 2])  # half the bytes reach the temporary file
                raise exc

            def __getattr__(self, n):
                return getattr(self.fh, n)

        monkeypatch.setattr(fixer.os, "fdopen", lambda fd, mode: Failing(real_fdopen(fd, mode)))
    else:
        monkeypatch.setattr(fixer.os, where, boom)
    if isinstance(exc, KeyboardInterrupt):
        with pytest.raises(KeyboardInterrupt):
            _fix(site)
    else:
        _, _, outcome = _fix(site)
        assert outcome.not_written
    assert page.read_bytes() == raw
    assert sorted(p.name for p in page.parent.iterdir()) == ["about.md"]


def test_unwritable_folder_leaves_original(tmp_path, monkeypatch):
    site, page, raw = _site(tmp_path)

    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied")

    from folio_lint import atomic  # the one atomic write (fixer.write_atomic uses it)

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    _, _, outcome = _fix(site)
    assert page.read_bytes() == raw and outcome.not_written


def test_diff_writes_nothing(tmp_path):
    site, page, raw = _site(tmp_path, "\r\n", True)
    st = page.stat()
    _, _, outcome = _fix(site, write=False)
    assert outcome.fixed >= 3
    assert page.read_bytes() == raw and page.stat().st_mtime_ns == st.st_mtime_ns
    original, final = next(iter(outcome.files.values()))
    assert final.encode() == _expected(raw, b"\r\n")[3:]  # same text as --fix would write (BOM aside)


def test_cli_fix_exit_code_and_result(tmp_path):
    site, page, raw = _site(tmp_path, "\r\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    r = subprocess.run([sys.executable, "-m", "folio_lint", "check", "--fix", "--no-cache", "."], cwd=site, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode in (0, 1), r.stderr
    assert page.read_bytes() == _expected(raw, b"\r\n")
    r2 = subprocess.run([sys.executable, "-m", "folio_lint", "check", "--fix", "--no-cache", "."], cwd=site, env=env,
                        capture_output=True, text=True, timeout=120)
    assert r2.returncode in (0, 1) and "Fixing" not in r2.stdout + r2.stderr
    assert page.read_bytes() == _expected(raw, b"\r\n")
