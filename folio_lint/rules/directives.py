"""FL7xx: folio-lint's own inline directives (see :mod:`folio_lint.suppress`)."""

from __future__ import annotations

from ..diagnostics import Applicability, Edit, Finding, Fix, Severity
from ..registry import CONFIG, PAGE, RULES, declare, lookup, rule
from ..suggest import clear_winner, suggest
from ..suppress import VERBS, directives_for


@rule("FL701", "unused-suppression", Severity.WARNING, PAGE, fixable="always", also=("FL702", "FL703"))
def unused_suppression(doc, ctx):
    """A suppression comment that suppresses nothing.

    ## What it checks
    Every `<!-- folio-lint-disable ... -->`, `-disable-next-line`, `-disable-line`, `-disable-file`
    and `-enable` comment in a page body, and every `# folio-lint: disable=...` comment in front
    matter. After all other rules ran, a directive (or one code in it) that silenced no finding
    is reported. Codes whose rule did not run (not selected) are never reported as unused.

    ## Why it matters
    A stale suppression hides the next real problem on that line: a typo key added later, a
    link that breaks after a permalink change. Keeping only the suppressions that are needed
    keeps them meaningful.

    ## Example
    ```markdown
    <!-- folio-lint-disable-next-line FL301 -->
    A paragraph whose links are all fine.
    ```

    ## Fix
    Safe: `--fix` deletes the directive (the whole line when the comment is alone on it), or
    only the unused codes when others in the same directive are needed.
    """
    yield from _directive_findings(doc.path, doc.text, directives_for(ctx.site, doc.path), "FL701")


def _directive_findings(path: str, text: str, directives, unused_code: str):
    """Candidates for the unused ones (judged after every rule ran, in ``suppress.apply_suppressions``),
    and the directive words and codes that do not exist."""
    for d in directives:
        if d.known:
            yield Finding(path, d.start, d.end, "unused suppression", code=unused_code, data={"directive": d.start})
        else:
            yield _unknown_verb(path, d)
        yield from _unknown_selectors(path, text, d)


@rule("FL704", "unused-suppression-in-yaml", Severity.WARNING, CONFIG, fixable="always", also=("FL702", "FL703"))
def unused_yaml_suppression(site, ctx):
    """A suppression comment in `_config.yml` or a `_data/*.yml` file that suppresses nothing.

    ## What it checks
    `# folio-lint: disable=...` comments in the site's YAML files that are not pages: what FL701
    checks in pages. After all other rules ran, a directive (or one code in it) that silenced no
    finding is reported; codes whose rule did not run are never reported as unused. A code that
    matches no rule is FL702 and a directive word folio-lint does not know is FL703, as in pages.

    ## Why it matters
    `_config.yml` is where most suppressions of config findings live; a misspelt code there
    (`disable=FL6O2`) silences nothing, and a stale one hides the next real problem on its line.

    ## Example
    ```yaml
    enable_darkmode: true  # folio-lint: disable=FL602   (nothing to suppress here any more)
    ```

    ## Fix
    Safe: `--fix` deletes the directive, or only the codes that are not needed.
    """
    if site.standalone:
        return
    paths = [site.config.path] if site.config.path else []
    paths += [p for p in site.data_files if p.endswith((".yml", ".yaml"))]
    for path in paths:
        src = site.source(path)
        if src is None or src.error or "folio-lint" not in src.text:
            continue
        if not _parses(site, ctx, path, src):
            continue  # a YAML error (FL002): the rules the comments are for did not read the file, so none is unused
        yield from _directive_findings(path, src.text, directives_for(site, path), "FL704")


def _parses(site, ctx, path: str, src) -> bool:
    y = site.config.yaml if path == site.config.path and site.config.yaml is not None else ctx.yaml_of(src)
    return y.ok and not any(p.kind == "bomb" for p in y.problems)


def _unknown_verb(path: str, d) -> Finding:
    word = d.verb
    sug = suggest(word, VERBS)
    hint = f"did you mean `{sug[0]}`? " if sug else ""
    hint += "directives are " + ", ".join(f"`{v}`" for v in VERBS)
    fix = None
    if sug and clear_winner(word, sug):
        fix = Fix(f"Replace `{word}` with `{sug[0]}`", (Edit(d.verb_span[0], d.verb_span[1], sug[0]),),
                  Applicability.UNSAFE)
    return Finding(path, d.verb_span[0], d.verb_span[1],
                   f"`folio-lint {word}` is not a folio-lint directive, so it suppresses nothing", hint=hint,
                   fix=fix, code="FL703", data={"suggestions": sug})


def _unknown_selectors(path: str, text: str, d):
    names = list(RULES) + [r.name for r in RULES.values()]
    bad = [i for i, s in enumerate(d.selectors) if s.text.upper() != "ALL" and not lookup(s.text)]
    for i in bad:
        s = d.selectors[i]
        sug = suggest(s.text, names)
        hint = (f"did you mean `{sug[0]}`? " if sug else "") + "`folio-lint rules` lists every code and name"
        if len(bad) == len(d.selectors):
            fix = Fix("Remove the directive", (Edit(*d.removal, ""),), Applicability.SAFE)
        else:
            from ..suppress import _remove_selector_edits

            fix = Fix(f"Remove `{s.text}` from the directive",
                      tuple(_remove_selector_edits(d, [i], text)), Applicability.SAFE)
        yield Finding(path, s.start, s.end, f"`{s.text}` in this suppression matches no folio-lint rule",
                      hint=hint, fix=fix, code="FL702", data={"suggestions": sug})


declare("FL702", "unknown-suppression-code", Severity.WARNING, """
A suppression comment names a code, prefix or rule name that matches no rule.

## What it checks
Each code in `<!-- folio-lint-disable FL123 -->` or `# folio-lint: disable=FL123` must be a rule
code (`FL201`), a prefix (`FL2`), a rule name (`unknown-key`) or `all`.

## Why it matters
A misspelt code suppresses nothing: the finding it was meant to silence is still reported, and
the comment misleads the next reader.

## Example
```markdown
<!-- folio-lint-disable-next-line FL3O1 -->   (letter O instead of zero)
```

## Fix
Safe: `--fix` removes the unknown code (the whole directive when nothing else is in it). The
hint suggests the nearest real code.
""", parent="FL701", fixable="always")

declare("FL703", "unknown-directive", Severity.WARNING, """
A `folio-lint` comment whose directive word is not one folio-lint knows.

## What it checks
Comments that start with `folio-lint-` (body) or `# folio-lint:` (YAML) must use one of
`disable`, `enable`, `disable-next-line`, `disable-line`, `disable-file`.

## Why it matters
`<!-- folio-lint-disabel FL201 -->` looks like a suppression but does nothing.

## Example
```markdown
<!-- folio-lint-disable-nextline FL501 -->
```

## Fix
Unsafe (it changes which findings are reported): `--fix --unsafe-fixes` replaces the word by the
only close directive name.
""", parent="FL701", fixable="sometimes")


# FL999 is what the engine reports when a rule itself fails (engine.INTERNAL_CODE). It must be a
# registered code, or the engine would drop those findings as unknown and a crash would pass silently.
if "FL999" not in RULES or RULES["FL999"].placeholder:
    declare("FL999", "internal-error", Severity.ERROR, """
A rule of folio-lint failed while checking a file: a bug in folio-lint, not in the site.

## What it checks
Nothing in the site: when a rule raises an exception on a file, the other rules still run and
this finding says which rule failed on which file, so no crash hides the other findings.

## Why it matters
The file was not fully checked. The run exits with code 2 (not 0 or 1), so CI does not mistake
a partial check for a clean one.

## Example
`internal error in rule FL301 (broken-link) while checking this file: KeyError: 'x' [links.py:120]`

## Fix
Please report it with the file attached. It cannot be selected, ignored or suppressed.
""", parent=None)
