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


EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


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
@click.argument("paths", nargs=-1, type=click.Path(readable=False))  # unreadable: FL001, not a usage error
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
@click.option("--external/--offline", default=False, show_default=True,
              help="Also request external http(s) links (cached in .folio-lint-cache/); --offline never touches the network.")
@click.option("--no-cache", is_flag=True, envvar="FOLIO_LINT_NO_CACHE",
              help="Neither read nor write .folio-lint-cache/ (also: FOLIO_LINT_NO_CACHE=1).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, envvar="FOLIO_LINT_JOBS", show_default=True,
              help="Processes for big sites (0: one per core; 1: no extra process).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Use this configuration file for every site (default: the nearest .folio-lint.yml).")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--fix", is_flag=True, help="Apply safe fixes, then report what is left.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix/--diff: apply unsafe fixes too (review them).")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing (exit 1 if any).")
@click.option("--fix-only", is_flag=True, help="Apply fixes and report nothing else (exit 0).")
@click.option("--show-fixes/--hide-fixes", default=True, help="Show each finding's fix in the text report.")
@click.option("--no-progress", is_flag=True, help="Never show the progress line (it is never shown in CI or pipes).")
@click.pass_context
def check(ctx, paths, fmt, output_file, color, select, extend_select, ignore, strict, exit_zero, quiet, statistics,
          drafts, external, no_cache, jobs, config_file, isolated, fix, unsafe_fixes, diff, fix_only, show_fixes,
          no_progress):
    """Check a site, folders of it, or single files (linted in the context of their site)."""
    from .commands import CheckOptions, run_check
    from .discover import FolioLintError

    opts = CheckOptions(tuple(paths), fmt, output_file, color, _split(select), _split(extend_select), _split(ignore),
                        strict, exit_zero, quiet, statistics, drafts, external, no_cache, jobs or None, config_file,
                        isolated, fix, unsafe_fixes, diff, fix_only, show_fixes, not no_progress)
    if _FAST_EXIT and not (fix or fix_only or diff):  # the process ends with os._exit: the run's index need not be freed
        from . import engine

        engine.RETAIN = []
    try:
        _tune_gc()
        code = run_check(opts)
    except FolioLintError as e:
        click.echo(f"folio-lint: error: {e}", err=True)
        ctx.exit(EXIT_ERROR)
    if _FAST_EXIT:
        _exit_now(code)
    ctx.exit(code)


# Set by main() when it runs as the program (the console script, `python -m folio_lint`), never
# when called with arguments (tests, other programs): only then may `check` end the process.
_FAST_EXIT = False


def _exit_now(code: int) -> None:
    """End the process without the interpreter's teardown (freeing every object of the site
    index: 0.03-0.05 s at 10k pages). Everything has been written by now: the report (its
    streams are flushed here, an output file is closed), the cache and any fixes (written and
    closed with ``with``), no thread is running (the progress line's is joined). If flushing
    fails (a closed pipe), the normal exit runs instead and reports it as Python does."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001
        return
    os._exit(code)


def _tune_gc() -> None:
    """A check run allocates many small long-lived objects and frees little: collect rarely."""
    import gc

    gc.freeze()
    gc.set_threshold(100_000, 50, 1000)


@main_group.command("clean")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False))
def clean_cmd(paths):
    """Remove the cache (.folio-lint-cache/) of the site here or of the given sites."""
    from .cache import CACHE_DIR, clean
    from .discover import find_site_root

    for p in paths or (".",):
        root = find_site_root(p) or os.path.abspath(p)
        if clean(root):
            click.echo(f"removed {os.path.join(os.path.relpath(root), CACHE_DIR)}")


@main_group.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text")
@click.option("--all", "show_all", is_flag=True, help="Include rules that are off by default.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto")
def rules_cmd(fmt, show_all, color):
    """List every rule: code, name, default severity, fixability, summary."""
    from .commands import color_wanted
    from .ruledocs import all_docs, render_markdown_list, rules_table

    docs = all_docs(include_disabled=show_all or fmt != "text")
    if fmt == "json":
        import json

        click.echo(json.dumps([d.to_dict() for d in docs], indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(render_markdown_list(docs), nl=False)
    else:
        want = color_wanted(color, sys.stdout)
        click.echo(rules_table(docs, color=want), nl=False, color=want)  # color=: click strips codes off a pipe


@main_group.command("rule")
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto")
def rule_cmd(code, fmt, color):
    """Show a rule's documentation (by code or name): what it checks, why, an example, its fix."""
    from .commands import color_wanted
    from .ruledocs import find_rule, parse_doc, render_markdown, render_text, suggest_rule

    r = find_rule(code)
    if r is None:
        raise click.UsageError(f"no rule `{code}`{suggest_rule(code)} (see `folio-lint rules`)")
    d = parse_doc(r)
    if fmt == "json":
        import json

        click.echo(json.dumps(d.to_dict(), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo("\n".join(render_markdown(d)).rstrip())
    else:
        want = color_wanted(color, sys.stdout)
        click.echo(render_text(d, color=want), nl=False, color=want)


@main_group.command("config")
@click.argument("path", required=False, default=".", type=click.Path(exists=True))
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Show what this configuration file gives instead of the one found.")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml")
@click.pass_context
def config_cmd(ctx, path, config_file, fmt):
    """Print the effective configuration for the site at PATH: files read, rules on, severities, options."""
    from .commands import show_config
    from .config import CliOverrides
    from .discover import FolioLintError

    try:
        click.echo(show_config(path, CliOverrides(config=config_file), fmt), nl=False)
    except FolioLintError as e:
        click.echo(f"folio-lint: error: {e}", err=True)
        ctx.exit(EXIT_ERROR)


@main_group.command("server")
@click.option("--stdio", is_flag=True, help="Talk over standard input/output (the default and only transport).")
@click.pass_context
def server_cmd(ctx, stdio):
    """Run the language server (LSP over stdio) for editors: live findings, quick fixes, completion, hover."""
    from .server import INSTALL_HINT, available, run

    why = available()
    if why is not None:
        click.echo(f"folio-lint: error: {why}\n{INSTALL_HINT}", err=True)
        ctx.exit(EXIT_ERROR)
    run()


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
    global _FAST_EXIT
    _FAST_EXIT = argv is None
    for name in ("stdout", "stderr"):  # started with a closed stream (`>&-`): the output goes nowhere
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
    try:
        main_group.main(args=args, prog_name="folio-lint", standalone_mode=True)
    except SystemExit:
        raise
    except OSError as e:
        import errno

        if e.errno in (errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EBADF):  # stdout on a full disk, closed...
            sys.stderr.write(f"folio-lint: error: cannot write the output ({e.strerror or e})\n")
            sys.exit(EXIT_ERROR)
        _internal_error(e)
    except Exception as e:  # never a traceback for the user
        _internal_error(e)


def _internal_error(e: BaseException) -> None:
    import traceback

    tb = traceback.extract_tb(e.__traceback__)
    where = f"{os.path.basename(tb[-1].filename)}:{tb[-1].lineno}" if tb else "?"
    sys.stderr.write(
        f"folio-lint: internal error: {type(e).__name__}: {e} [{where}]\n"
        "This is a bug in folio-lint; please report it with the command you ran.\n"
    )
    sys.exit(EXIT_ERROR)
