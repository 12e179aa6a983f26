"""Effective settings: which rules run, at which severity, on which files.

One frozen object built from the configuration file (``.folio-lint.yml``, see
:mod:`folio_lint.config`) and the command line; rules never see it, the engine does.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Severity
from .registry import RULES, Rule, lookup


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()  # selectors (codes, prefixes, names); empty = the default set
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severities: tuple[tuple[str, str], ...] = ()  # (selector, severity)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, selectors)
    exclude: tuple[str, ...] = ()  # globs of site-relative paths not to report
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)  # per-rule and global options
    strict: bool = False
    drafts: bool = False
    external: bool = False
    config_path: str | None = None  # the configuration file these settings came from (None: defaults)

    # ------------------------------------------------------------------ resolution (cached per instance)
    def _resolved(self) -> tuple[frozenset[str], dict[str, Severity]]:
        cached = self.__dict__.get("_cache")
        if cached is not None:
            return cached
        if self.select:
            enabled = {r.code for s in self.select for r in lookup(s)}
        else:
            enabled = {c for c, r in RULES.items() if r.default_enabled}
        enabled |= {r.code for s in self.extend_select for r in lookup(s)}
        enabled -= {r.code for s in self.ignore for r in lookup(s)}
        sev: dict[str, Severity] = {}
        for selector, level in self.severities:
            for r in lookup(selector):
                if str(level).lower() == "off":
                    enabled.discard(r.code)
                else:
                    sev[r.code] = Severity.parse(level)
        out = (frozenset(enabled), sev)
        object.__setattr__(self, "_cache", out)
        return out

    def enabled(self, code: str) -> bool:
        return code in self._resolved()[0]

    def rule_runs(self, r: Rule) -> bool:
        en = self._resolved()[0]
        return r.code in en or any(c in en for c in r.also)

    def severity_for(self, r: Rule, finding_severity: Severity | None) -> Severity:
        s = self._resolved()[1].get(r.code)
        if s is not None:
            return s
        return finding_severity if finding_severity is not None else r.severity

    def ignored_in_file(self, code: str, path: str) -> bool:
        for glob, selectors in self.per_file_ignores:
            if _match(path, glob):
                if any(code in {r.code for r in lookup(s)} for s in selectors):
                    return True
        return False

    def excluded(self, path: str) -> bool:
        return any(_match(path, g) for g in self.exclude)

    def option(self, name: str, default=None):
        return self.options.get(name, default)


def _match(path: str, glob: str) -> bool:
    g = glob.lstrip("./") if glob.startswith("./") else glob.lstrip("/")
    if fnmatch.fnmatchcase(path, g):
        return True
    if g.endswith("/") and path.startswith(g):
        return True
    if "/" not in g:  # a bare name matches in any folder, like .gitignore
        return fnmatch.fnmatchcase(path.rsplit("/", 1)[-1], g)
    return fnmatch.fnmatchcase(path, g + "/**") or path.startswith(g.rstrip("/") + "/")
