"""What ``folio-lint check`` and ``folio-lint config`` do, between click's parsing and the runner.

Kept out of ``cli.py`` (declarations only) so the pre-commit hooks, tests and other front ends share
one path: command-line overrides → per-site configuration → lint or fix passes → one report.
"""

from __future__ import annotations

import errno
import os
import sys
from dataclasses import dataclass

from .config import CliOverrides, settings_for
from .diagnostics import Severity
from .discover import FolioLintError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass
class CheckOptions:
    paths: tuple[str, ...] = ()
    fmt: str | None = None
    output_file: str | None = None
    color: str = "auto"
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    strict: bool = False
    exit_zero: bool = False
    quiet: bool = False
    statistics: bool = False
    drafts: bool = False
    external: bool = False
    no_cache: bool = False
    jobs: int | None = 1  # processes (None: one per core)
    config: str | None = None
    isolated: bool = False
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    fix_only: bool = False
    show_fixes: bool = True
    progress: bool = True


def choose_format(fmt: str | None, env=None) -> str:
    """The output format: as given, else ``github`` under GitHub Actions, else the full text report."""
    env = os.environ if env is None else env
    if fmt:
        return fmt
    return "github" if env.get("GITHUB_ACTIONS") == "true" else "full"


class Configurer:
    """``runner.run``'s ``configure``: the settings of each site, loaded once per configuration file."""

    def __init__(self, cli: CliOverrides):
        self.cli = cli
        self.cache: dict = {}
        self.used: list = []

    def __call__(self, target) -> object:
        root = target.root if not getattr(target, "files", None) else None
        s = settings_for(root or None, self.cli, cache=self.cache)
        self.used.append(s)
        return s

    @property
    def strict(self) -> bool:
        return self.cli.strict or any(getattr(s, "strict", False) for s in self.used)


def validate_selectors(selectors) -> None:
    from .registry import BY_NAME, RULES, lookup
    from .suggest import suggest

    for sel in selectors:
        if sel.upper() != "ALL" and not lookup(sel):
            sug = suggest(sel, list(RULES) + list(BY_NAME))
            extra = f"; did you mean `{sug[0]}`?" if sug else " (see `folio-lint rules`)"
            raise FolioLintError(f"no rule matches `{sel}`{extra}")


def run_check(o: CheckOptions, out=None, err=None) -> int:
    """The whole ``check`` command; returns the exit code."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    fmt = choose_format(o.fmt)
    cli = CliOverrides(select=o.select, extend_select=o.extend_select, ignore=o.ignore, strict=o.strict,
                       drafts=o.drafts, external=o.external, config=o.config, isolated=o.isolated)
    validate_selectors(o.select + o.extend_select + o.ignore)
    if o.config and o.isolated:
        raise FolioLintError("--config and --isolated cannot be used together (--isolated reads no configuration file)")
    if o.config and not os.path.isfile(o.config):
        raise FolioLintError(f"--config {o.config}: no such file")
    if o.output_file and not os.path.isdir(os.path.dirname(os.path.abspath(o.output_file))):
        raise FolioLintError(f"--output-file {o.output_file}: no such folder")  # before any work or --fix
    configure = Configurer(cli)
    from .progress import Progress
    from .settings import Settings

    base = Settings(select=o.select, extend_select=o.extend_select, ignore=o.ignore, strict=o.strict, drafts=o.drafts)
    fixing = o.fix or o.fix_only or o.diff
    prog = Progress.auto(err) if o.progress else Progress(err)
    extra = {}  # only what differs from the runner's defaults
    if o.jobs != 1:
        extra["jobs"] = o.jobs
    with prog:
        if fixing:
            from .fixer import fix_run

            report, results, outcome = fix_run(list(o.paths), base, unsafe=o.unsafe_fixes, write=not o.diff,
                                               configure=configure, progress=prog, **extra)
        else:
            from .runner import run

            if not o.no_cache:
                extra["use_cache"] = True
            report, results = run(list(o.paths), base, configure=configure, progress=prog, **extra)
            outcome = None
    internal = any(d.code == "FL999" for d in report.diagnostics)
    if o.diff:
        from .fixer import summary_lines, unified_diff

        diffs = [unified_diff(path, a, b) for path, (a, b) in sorted(outcome.files.items()) if a != b]
        if o.output_file:  # -o: the diff is the report
            try:
                with open(o.output_file, "w", encoding="utf-8", newline="") as fh:
                    fh.writelines(diffs)
            except OSError as e:
                raise FolioLintError(f"--output-file {o.output_file}: cannot write it ({e.strerror or e})") from None
        else:
            out.writelines(diffs)
        for line in summary_lines(outcome, write=False):
            err.write(line + "\n")
        if internal:
            return EXIT_ERROR
        return EXIT_FINDINGS if outcome.changed else EXIT_OK
    fix_lines = []
    if outcome is not None:
        from .fixer import summary_lines

        fix_lines = summary_lines(outcome, write=True)
    if o.fix_only:
        for line in fix_lines:
            err.write(line + "\n")
        remaining = len(report.diagnostics)
        if not o.quiet:  # (as ruff's --fix-only: what was fixed, and how many more `--unsafe-fixes` would fix)
            from .fixer import applicable

            unsafe = 0 if o.unsafe_fixes else sum(applicable(d.fix, True) for d in report.diagnostics)
            why = f"{unsafe} fixable with `--unsafe-fixes`" if unsafe else "not fixable automatically"
            err.write(f"{remaining} finding{'s' if remaining != 1 else ''} left ({why}).\n" if remaining
                      else "No findings left.\n")
        return EXIT_ERROR if internal else EXIT_OK
    report.fail_at = Severity.WARNING if configure.strict else Severity.ERROR  # as exit_code (junit failures)
    _render(o, fmt, report, fix_lines, out, err)
    return exit_code(report, strict=configure.strict, exit_zero=o.exit_zero)


def _render(o: CheckOptions, fmt: str, report, fix_lines: list[str], out, err) -> None:
    from .reporters import render

    try:
        stream = open(o.output_file, "w", encoding="utf-8", newline="\n") if o.output_file else out
    except OSError as e:
        raise FolioLintError(f"--output-file {o.output_file}: cannot write it ({e.strerror or e})") from None
    try:
        # an output file is coloured only on request (FORCE_COLOR is for terminals and CI logs)
        report.color = fmt in ("full", "text") and (o.color == "always" if o.output_file else color_wanted(o.color, stream))
        report.statistics = o.statistics
        report.quiet = o.quiet
        report.show_fixes = o.show_fixes
        if fmt in ("full", "text") and not o.output_file:
            report.extra_summary = list(report.extra_summary) + fix_lines
        else:
            for line in fix_lines:
                err.write(line + "\n")
        try:
            render(fmt, report, stream)
            stream.flush()
        except OSError as e:
            if e.errno == errno.EPIPE:
                raise  # a reader that stopped reading (`| head`): Python's own quiet exit
            where = f"--output-file {o.output_file}" if o.output_file else "the report"
            raise FolioLintError(f"{where}: cannot write it ({e.strerror or e})") from None
    finally:
        if o.output_file:
            try:
                stream.close()
            except OSError:
                pass  # (the write error above says it)


def color_wanted(choice: str, stream) -> bool:
    """``--color auto|always|never`` for ``stream``; ``NO_COLOR`` and ``FORCE_COLOR`` respected.

    As force-color.org, rich, pytest and ruff read them: ``FORCE_COLOR`` set to any non-empty value
    (``0`` included) forces colour, ``NO_COLOR`` (non-empty) wins over it, an empty value is unset,
    and ``--color always|never`` wins over both (no-color.org: a command-line flag overrides)."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def exit_code(report, *, strict: bool, exit_zero: bool) -> int:
    if any(d.code == "FL999" for d in report.diagnostics):
        return EXIT_ERROR
    if exit_zero:
        return EXIT_OK
    worst = max((d.severity for d in report.diagnostics), default=None)
    if worst is None:
        return EXIT_OK
    if worst >= Severity.ERROR or (strict and worst >= Severity.WARNING):
        return EXIT_FINDINGS
    return EXIT_OK


# ---------------------------------------------------------------------- folio-lint config
def show_config(path: str, cli: CliOverrides, fmt: str = "yaml") -> str:
    from .config import effective
    from .discover import find_site_root

    root = find_site_root(path) or os.path.abspath(path)
    data = effective(root, cli)
    if fmt == "json":
        import json

        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    head = "# effective folio-lint configuration for " + (os.path.relpath(root) if root else ".") + "\n"
    if not data["config-files"]:
        head += "# no .folio-lint.yml found at or above the site: built-in defaults\n"
    return head + "".join(_yaml_lines(data, 0))


def _scalar(v) -> str:
    import json
    import re

    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return str(v)
    s = str(v)
    if re.fullmatch(r"[A-Za-z_./][\w./-]*", s) and s.lower() not in ("yes", "no", "on", "off", "true", "false", "null"):
        return s
    return json.dumps(s, ensure_ascii=False)


def _yaml_lines(v, indent: int):
    """Plain data as block YAML (lists of scalars in flow style); no YAML library needed to write."""
    pad = "  " * indent
    for k, x in v.items():
        if isinstance(x, dict) and x:
            yield f"{pad}{_scalar(k)}:\n"
            yield from _yaml_lines(x, indent + 1)
        elif isinstance(x, dict):
            yield f"{pad}{_scalar(k)}: {{}}\n"
        elif isinstance(x, (list, tuple)) and any(isinstance(i, (dict, list, tuple)) for i in x):
            yield f"{pad}{_scalar(k)}:\n"
            for i in x:
                yield f"{pad}  - {_scalar(i)}\n"
        elif isinstance(x, (list, tuple)):
            yield f"{pad}{_scalar(k)}: [{', '.join(_scalar(i) for i in x)}]\n"
        else:
            yield f"{pad}{_scalar(k)}: {_scalar(x)}\n"
