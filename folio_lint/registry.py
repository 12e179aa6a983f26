"""The rule registry: every rule is a small pure function registered with explicit metadata.

    @rule("FL002", "yaml-syntax-error", Severity.ERROR)
    def yaml_syntax_error(doc, ctx):
        \"\"\"What it checks ... (this docstring is the rule's documentation)\"\"\"
        yield Finding(...)

Scopes:

* ``page``: ``fn(doc: Document, ctx: RuleContext)`` — findings about one document (they may
  point into ``_config.yml`` when a value came from ``defaults:``);
* ``site``: ``fn(site: SiteIndex, ctx: RuleContext)`` — cross-file findings, in any file;
* ``config``: ``fn(site, ctx)`` — findings in ``_config.yml`` (or other site files such as
  ``_data/*.yml``), run once per site.

Rules never read files, print, or see configured severities.
"""

from __future__ import annotations

import inspect
import textwrap
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .diagnostics import Finding, Severity

PAGE, SITE, CONFIG = "page", "site", "config"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    scope: str
    func: Callable[..., Iterable[Finding]] | None
    fixable: str = "never"  # "never", "sometimes", "always"
    default_enabled: bool = True
    summary: str = ""
    doc: str = ""
    also: tuple[str, ...] = field(default=())  # other codes this function may emit (Finding.code)
    parent: str | None = None  # for declared codes: the rule whose function emits them

    @property
    def family(self) -> str:
        return self.code[:3]


RULES: dict[str, Rule] = {}
BY_NAME: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: Severity = Severity.WARNING,
    scope: str = PAGE,
    *,
    fixable: str = "never",
    default_enabled: bool = True,
    also: tuple[str, ...] = (),
):
    """Register a rule function. The first docstring paragraph is its one-line summary.

    ``also`` names further codes the function emits (set ``Finding.code``); each must be given its
    own name and documentation with :func:`declare`.
    """

    def deco(fn):
        if code in RULES:
            raise RuntimeError(f"rule code {code} registered twice ({RULES[code].func.__module__} and {fn.__module__})")
        if name in BY_NAME:
            raise RuntimeError(f"rule name {name} registered twice")
        doc = textwrap.dedent(inspect.getdoc(fn) or "").strip()
        summary = doc.split("\n\n", 1)[0].replace("\n", " ").strip()
        r = Rule(code, name, severity, scope, fn, fixable, default_enabled, summary, doc, tuple(also))
        RULES[code] = r
        BY_NAME[name] = r
        return fn

    return deco


def declare(code: str, name: str, severity: Severity, doc: str, *, parent: str, fixable: str = "never",
            default_enabled: bool = True) -> None:
    """Register the metadata of a code that the rule ``parent`` emits (listed in its ``also``).

    Used where one computation (e.g. schema validation of a page) yields findings of several
    codes; each code stays separately selectable, configurable and documented.
    """
    doc = textwrap.dedent(doc).strip()
    summary = doc.split("\n\n", 1)[0].replace("\n", " ").strip()
    if code in RULES or name in BY_NAME:
        raise RuntimeError(f"rule {code}/{name} registered twice")
    p = RULES.get(parent)
    scope = p.scope if p else PAGE
    r = Rule(code, name, severity, scope, None, fixable, default_enabled, summary, doc, (), parent)
    RULES[code] = r
    BY_NAME[name] = r


def load_rules() -> dict[str, Rule]:
    """Import every rule module once (a fixed order, so registration is deterministic)."""
    from . import rules  # noqa: F401  (imports the modules listed in rules/__init__.py)

    return RULES


def lookup(selector: str) -> list[Rule]:
    """Rules matching a code (``FL201``), a prefix (``FL2``, ``FL``), a name (``unknown-key``) or ``ALL``."""
    load_rules()
    s = selector.strip()
    if s.upper() == "ALL":
        return list(RULES.values())
    if s in BY_NAME:
        return [BY_NAME[s]]
    u = s.upper()
    return [r for c, r in RULES.items() if c.startswith(u)]
