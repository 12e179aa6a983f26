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
import sys
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
    module: str = ""  # the rule module that registers it (``links`` for folio_lint.rules.links)
    placeholder: bool = False  # metadata from the rule index; its module is not imported yet

    @property
    def family(self) -> str:
        return self.code[:3]


RULES: dict[str, Rule] = {}
BY_NAME: dict[str, Rule] = {}
INDEX_NAME = "rules_index.json"  # folio_lint/data/: every rule's metadata (scripts/generate_rule_docs.py)
_LOADED: set[str] = set()  # rule modules imported so far
_SEQ: dict[str, int] = {}  # code -> order of registration (within its module)


def _module_of(fn_module: str) -> str:
    return fn_module.rsplit(".", 1)[-1]


def _install(r: Rule) -> None:
    old = RULES.get(r.code)
    if old is not None and not old.placeholder:
        raise RuntimeError(f"rule code {r.code} registered twice ({old.module} and {r.module})")
    by = BY_NAME.get(r.name)
    if by is not None and not by.placeholder:
        raise RuntimeError(f"rule name {r.name} registered twice")
    if old is not None and old.name != r.name:
        BY_NAME.pop(old.name, None)
    RULES[r.code] = r
    BY_NAME[r.name] = r
    _SEQ.setdefault(r.code, len(_SEQ))


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
        doc = textwrap.dedent(inspect.getdoc(fn) or "").strip()
        summary = doc.split("\n\n", 1)[0].replace("\n", " ").strip()
        _install(Rule(code, name, severity, scope, fn, fixable, default_enabled, summary, doc, tuple(also),
                      module=_module_of(fn.__module__)))
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
    p = RULES.get(parent)
    scope = p.scope if p else PAGE
    _install(Rule(code, name, severity, scope, None, fixable, default_enabled, summary, doc, (), parent,
                  module=p.module if p else _module_of(sys._getframe(1).f_globals.get("__name__", ""))))


def load_rules(modules: Iterable[str] | None = None) -> dict[str, Rule]:
    """Import the rule modules (all of them, or only those named), once each, in a fixed order so
    registration is deterministic. ``RULES`` always holds every rule's metadata (from the rule
    index, until its module is imported); a rule's function and documentation come with its module."""
    from .rules import MODULES, import_module

    want = MODULES if modules is None else [m for m in MODULES if m in set(modules)]
    for m in want:
        if m not in _LOADED:
            import_module(m)
            _LOADED.add(m)
    return RULES


def modules_for(rules: Iterable[Rule]) -> set[str]:
    """The rule modules whose import gives the functions of ``rules``."""
    return {r.module for r in rules if r.module}


def _install_index() -> bool:
    """Fill ``RULES`` with the metadata of every rule from the rule index, without importing any rule
    module. False when the index is missing or unreadable (then every module is imported)."""
    import json

    from .resources import data_text

    try:
        data = json.loads(data_text(INDEX_NAME))
        entries = [Rule(e["code"], e["name"], Severity.parse(e["severity"]), e["scope"], None, e["fixable"],
                        bool(e["default_enabled"]), e["summary"], "", tuple(e["also"]), e["parent"],
                        module=e["module"], placeholder=True) for e in data["rules"]]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    for r in entries:
        RULES.setdefault(r.code, r)
        BY_NAME.setdefault(r.name, r)
    return True


def index_entries() -> list[dict]:
    """The rule index as written to ``folio_lint/data/rules_index.json`` (every module imported; in
    registration order: modules in ``MODULES`` order, rules in the order each module registers them)."""
    from .rules import MODULES

    load_rules()
    order = sorted((r for r in RULES.values() if not r.placeholder), key=lambda r: (MODULES.index(r.module) if r.module in MODULES else len(MODULES),
                                                  _SEQ.get(r.code, 0)))
    return [{"code": r.code, "name": r.name, "severity": str(r.severity), "scope": r.scope, "fixable": r.fixable,
             "default_enabled": r.default_enabled, "also": list(r.also), "parent": r.parent, "module": r.module,
             "summary": r.summary} for r in order]


def lookup(selector: str) -> list[Rule]:
    """Rules matching a code (``FL201``), a prefix (``FL2``, ``FL``), a name (``unknown-key``) or ``ALL``
    (their metadata: a rule's function comes with :func:`load_rules`)."""
    s = selector.strip()
    if s.upper() == "ALL":
        return list(RULES.values())
    if s in BY_NAME:
        return [BY_NAME[s]]
    u = s.upper()
    return [r for c, r in RULES.items() if c.startswith(u)]


if not _install_index():  # pragma: no cover - a broken install: work without the index
    load_rules()


def render_index() -> str:
    """``folio_lint/data/rules_index.json``: one rule per line, so a diff shows what changed."""
    import json

    lines = [json.dumps(e, ensure_ascii=False, sort_keys=True) for e in index_entries()]
    return '{"version": 1, "rules": [\n' + ",\n".join(lines) + "\n]}\n"
