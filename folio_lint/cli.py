"""Command line: argument declarations and small factories only; the work is in runner/engine.

Exit codes: 0 no error-level finding (warnings alone exit 0 unless ``--strict``), 1 error-level
findings, 2 usage error or internal error.
"""

from __future__ import annotations

import os
import sys

from . import __version__


def _fast_version(argv: list[str]) -> bool:
    if argv in (["--version"], ["-V"], ["version"]):
        sys.stdout.write(f"folio-lint {__version__}\n")
        return True
    return False


import click  # noqa: E402  (after the fast path: --version does not pay for click)

from .diagnostics import Severity  # noqa: E402

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _color_wanted(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return tuple(out)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="folio-lint", message="%(prog)s %(version)s")
@click.pass_context
def main_group(ctx: click.Context) -> None:
    """folio-lint: lint an al-folio (Jekyll) site from its source.

    Run `folio-lint check` in a site (or give paths). `folio-lint rules` lists what is checked.
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@main_group.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["full", "text", "concise", "json", "github", "sarif", "junit"]),
              default=None, help="Output format (default: full text; github under GitHub Actions).")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the report to this file instead of standard output.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour in text output (NO_COLOR is respected).")
@click.option("--select", multiple=True, help="Only these rules (codes, prefixes such as FL2, or names); comma-separated.")
@click.option("--extend-select", multiple=True, help="Add these rules to the selection.")
@click.option("--ignore", multiple=True, help="Skip these rules (codes, prefixes or names).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are error-level findings.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the findings, no summary line.")
@click.option("--statistics", is_flag=True, help="Add a count of findings per rule.")
@click.option("--drafts", is_flag=True, help="Treat _drafts/ as published (as `jekyll build --drafts`).")
@click.pass_context
def check(ctx, paths, fmt, output_file, color, select, extend_select, ignore, strict, exit_zero, quiet, statistics,
          drafts):
    """Check a site, folders of it, or single files (linted in the context of their site)."""
    from .discover import FolioLintError
    from .runner import run
    from .settings import Settings

    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "full"
    settings = Settings(select=_split(select), extend_select=_split(extend_select), ignore=_split(ignore),
                        strict=strict, drafts=drafts)
    try:
        _validate_selectors(settings)
        report, results = run(list(paths), settings)
    except FolioLintError as e:
        click.echo(f"folio-lint: error: {e}", err=True)
        ctx.exit(EXIT_ERROR)
    stream = open(output_file, "w", encoding="utf-8") if output_file else sys.stdout
    try:
        report.color = fmt in ("full", "text") and _color_wanted(color, stream)
        report.statistics = statistics
        report.quiet = quiet
        from .reporters import render

        render(fmt, report, stream)
    finally:
        if output_file:
            stream.close()
    ctx.exit(_exit_code(report, strict=strict, exit_zero=exit_zero))


def _validate_selectors(settings) -> None:
    from .discover import FolioLintError
    from .registry import lookup

    for sel in settings.select + settings.extend_select + settings.ignore:
        if not lookup(sel):
            raise FolioLintError(f"no rule matches `{sel}` (see `folio-lint rules`)")


def _exit_code(report, *, strict: bool, exit_zero: bool) -> int:
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


@main_group.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--all", "show_all", is_flag=True, help="Include rules that are off by default.")
def rules_cmd(fmt, show_all):
    """List every rule: code, name, default severity, fixability, summary."""
    import json

    from .registry import load_rules

    rules = sorted(load_rules().values(), key=lambda r: r.code)
    if fmt == "json":
        click.echo(json.dumps([{"code": r.code, "name": r.name, "severity": str(r.severity), "scope": r.scope,
                                "fixable": r.fixable, "default_enabled": r.default_enabled, "summary": r.summary,
                                "doc": r.doc} for r in rules], indent=2))
        return
    for r in rules:
        if not r.default_enabled and not show_all:
            continue
        fix = {"never": " ", "sometimes": "~", "always": "*"}[r.fixable]
        click.echo(f"{r.code}  {fix} {str(r.severity):<7}  {r.name:<32} {r.summary}")


@main_group.command("rule")
@click.argument("code")
def rule_cmd(code):
    """Show a rule's documentation (by code or name)."""
    from .registry import lookup

    found = [r for r in lookup(code) if r.code.upper() == code.upper() or r.name == code]
    if not found:
        raise click.UsageError(f"no rule `{code}` (see `folio-lint rules`)")
    r = found[0]
    click.echo(f"{r.code} {r.name} (default: {r.severity}; fix: {r.fixable})\n")
    click.echo(r.doc)


@main_group.command("schema")
@click.argument("name", required=False)
@click.option("--closed", is_flag=True, help="Add `additionalProperties: false` so editors flag unknown keys.")
@click.option("--list", "list_names", is_flag=True, help="List the layouts and collections that have a schema.")
def schema_cmd(name, closed, list_names):
    """Print the resolved JSON Schema of a layout (`about`), a collection (`news`), both (`post+posts`) or `config`.

    Editors use it for front-matter completion and checks, e.g. save it with
    `folio-lint schema about > .vscode/about.schema.json` and map it in the YAML extension.
    """
    import json

    from .schema_catalog import COLLECTIONS, LAYOUTS, SchemaError, catalog

    if list_names or not name:
        click.echo("layouts:     " + " ".join(LAYOUTS))
        click.echo("collections: " + " ".join(COLLECTIONS))
        click.echo("also:        config, LAYOUT+COLLECTION (e.g. post+posts)")
        return
    try:
        doc = catalog().resolved(name)
    except SchemaError as e:
        raise click.UsageError(str(e)) from None
    if closed:
        doc["additionalProperties"] = False
    click.echo(json.dumps(doc, indent=2, ensure_ascii=False))


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``folio-lint`` console script and ``python -m folio_lint``."""
    args = sys.argv[1:] if argv is None else argv
    if _fast_version(args):
        return
    try:
        main_group.main(args=args, prog_name="folio-lint", standalone_mode=True)
    except SystemExit:
        raise
    except Exception as e:  # never a traceback for the user
        import traceback

        tb = traceback.extract_tb(e.__traceback__)
        where = f"{os.path.basename(tb[-1].filename)}:{tb[-1].lineno}" if tb else "?"
        sys.stderr.write(
            f"folio-lint: internal error: {type(e).__name__}: {e} [{where}]\n"
            "This is a bug in folio-lint; please report it with the command you ran.\n"
        )
        sys.exit(EXIT_ERROR)
