"""Rule documentation from the registry: the rule's docstring is its documentation.

One place turns a :class:`~folio_lint.registry.Rule` into what people and tools read:
``folio-lint rule CODE`` (terminal text), ``folio-lint rules --format json``, SARIF rule metadata,
the generated ``docs/rules.md`` and the editor server's ``codeDescription`` links (:func:`rule_url`).

Docstring layout (sections are optional; unknown headings are kept in order)::

    One-line summary.

    ## What it checks
    ...
    ## Why it matters
    ...
    ## Example
    ...
    ## Fix
    ...
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from .registry import RULES, Rule, load_rules

DOCS_URL = "https://github.com/folio-lint/folio-lint/blob/main/docs/rules.md"

_HEADING = re.compile(r"^[ \t]*##[ \t]+(.+?)[ \t]*$", re.M)

FIX_WORDS = {
    "never": "not fixable",
    "sometimes": "sometimes fixable",
    "always": "fixable",
}


@dataclass(frozen=True)
class RuleDoc:
    code: str
    name: str
    severity: str
    scope: str
    fixable: str
    default_enabled: bool
    summary: str
    intro: str  # text between the summary and the first section
    sections: tuple[tuple[str, str], ...] = field(default=())
    parent: str | None = None
    also: tuple[str, ...] = ()

    def section(self, title: str) -> str | None:
        t = title.lower()
        for k, v in self.sections:
            if k.lower() == t:
                return v
        return None

    @property
    def fix_safety(self) -> str:
        """One sentence about fixability, safe or not (from the docstring's Fix section when it says)."""
        base = FIX_WORDS.get(self.fixable, self.fixable)
        if self.fixable == "never":
            return "Not fixable automatically."
        text = (self.section("Fix safety") or self.section("Fix") or "").lower()
        if "unsafe" in text:
            how = "with `--fix --unsafe-fixes` (the fix is unsafe: review it)"
        else:
            how = "with `--fix` (a safe, mechanical edit)"
        return f"{base[0].upper() + base[1:]} {how}."

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "scope": self.scope,
            "fixable": self.fixable,
            "fix_safety": self.fix_safety,
            "default_enabled": self.default_enabled,
            "summary": self.summary,
            "sections": {k: v for k, v in self.sections},
            "parent": self.parent,
            "also": list(self.also),
            "url": rule_url(self.code),
        }


def rule_url(code: str) -> str:
    """Link to a rule's section in the published rule list."""
    return f"{DOCS_URL}#{code.lower()}"


def parse_doc(r: Rule) -> RuleDoc:
    doc = (r.doc or "").strip()
    parts = _HEADING.split(doc)
    head = parts[0].strip()
    summary, _, intro = head.partition("\n\n")
    summary = " ".join(summary.split()) or r.summary
    sections = []
    for i in range(1, len(parts) - 1, 2):
        sections.append((parts[i].strip(), _dedent(parts[i + 1])))
    return RuleDoc(r.code, r.name, str(r.severity), r.scope, r.fixable, r.default_enabled, summary,
                   intro.strip(), tuple(sections), r.parent, tuple(r.also))


def _dedent(body: str) -> str:
    """A section body without the indentation a built docstring may leave on it."""
    lines = body.strip("\n").splitlines()
    return textwrap.dedent("\n".join(lines)).strip()


def all_docs(include_disabled: bool = True) -> list[RuleDoc]:
    load_rules()
    out = [parse_doc(r) for r in sorted(RULES.values(), key=lambda r: r.code)]
    return [d for d in out if include_disabled or d.default_enabled]


def find_rule(query: str) -> Rule | None:
    """A rule by exact code (any case) or name."""
    load_rules()
    q = query.strip()
    r = RULES.get(q.upper())
    if r is not None:
        return r
    for r in RULES.values():
        if r.name == q:
            return r
    return None


# ---------------------------------------------------------------------- terminal text
_BOLD, _DIM, _CYAN, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[0m"


def render_text(d: RuleDoc, *, color: bool = False) -> str:
    """A rule's documentation for the terminal: headings, indented code blocks, metadata."""

    def b(s: str) -> str:
        return f"{_BOLD}{s}{_RESET}" if color else s

    def dim(s: str) -> str:
        return f"{_DIM}{s}{_RESET}" if color else s

    lines = [b(f"{d.code} {d.name}"), "", d.summary, ""]
    meta = [
        f"Default severity: {d.severity}",
        f"Enabled by default: {'yes' if d.default_enabled else 'no (turn it on with --extend-select ' + d.code + ')'}",
        f"Fix: {d.fix_safety}",
    ]
    if d.parent:
        meta.append(f"Reported by the check of {d.parent}; selectable on its own.")
    if d.also:
        meta.append(f"Also reports: {', '.join(d.also)}")
    meta.append(f"Docs: {rule_url(d.code)}")
    lines += [dim(m) for m in meta]
    if d.intro:
        lines += ["", d.intro]
    for title, body in d.sections:
        lines += ["", b(title), ""]
        lines += _indent_code(body, color)
    return "\n".join(lines).rstrip() + "\n"


def _indent_code(body: str, color: bool) -> list[str]:
    out = []
    in_code = False
    for line in body.splitlines():
        if line.strip().startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code:
            out.append(("    " + (f"{_CYAN}{line}{_RESET}" if color else line)).rstrip())
        else:
            out.append(line)
    return out


# ---------------------------------------------------------------------- Markdown (docs/rules.md)
def render_markdown_list(docs: list[RuleDoc]) -> str:
    """The whole ``docs/rules.md``: a table of every rule, then one section per rule."""
    out = [
        "# folio-lint rules",
        "",
        "<!-- Generated by scripts/generate_rule_docs.py from the rules' docstrings; do not edit by hand. -->",
        "",
        "Each rule's code can be used in `select`/`ignore`, in `per-file-ignores` and in inline",
        "suppressions (`<!-- folio-lint-disable FL201 -->`). Codes, prefixes (`FL2`) and names work alike.",
        "`folio-lint rule CODE` prints the same text in the terminal.",
        "",
        "Fix column: `safe` = applied by `--fix`; `unsafe` = needs `--unsafe-fixes`; `sometimes` = only some",
        "findings carry a fix; empty = not fixable.",
        "",
        "| Code | Name | Severity | Default | Fix | Summary |",
        "|------|------|----------|---------|-----|---------|",
    ]
    for d in docs:
        fix = "" if d.fixable == "never" else ("unsafe" if "unsafe" in d.fix_safety else d.fixable if d.fixable == "sometimes" else "safe")
        summ = d.summary.replace("|", "\\|")
        out.append(f"| [{d.code}](#{d.code.lower()}) | `{d.name}` | {d.severity} | {'on' if d.default_enabled else 'off'} | {fix} | {summ} |")
    out.append("")
    for d in docs:
        out += render_markdown(d)
    return "\n".join(out).rstrip() + "\n"


def render_markdown(d: RuleDoc) -> list[str]:
    out = [f'<a id="{d.code.lower()}"></a>', "", f"## {d.code} `{d.name}`", "", d.summary, ""]
    out.append(f"*Severity:* {d.severity} · *Enabled by default:* {'yes' if d.default_enabled else 'no'} · "
               f"*Fix:* {d.fix_safety}")
    if d.parent:
        out.append(f"*Reported by the check of* [{d.parent}](#{d.parent.lower()}).")
    if d.also:
        out.append("*Also reports:* " + ", ".join(f"[{c}](#{c.lower()})" for c in d.also) + ".")
    out.append("")
    if d.intro:
        out += [d.intro, ""]
    for title, body in d.sections:
        out += [f"### {title}", "", body, ""]
    return out


def suggest_rule(query: str) -> str:
    """``"; did you mean `FL201` (unknown-key)?"`` or ``""``."""
    from .registry import BY_NAME
    from .suggest import suggest

    load_rules()
    sug = suggest(query, list(RULES) + list(BY_NAME))
    if not sug:
        return ""
    r = RULES.get(sug[0]) or BY_NAME.get(sug[0])
    return f"; did you mean `{r.code}` ({r.name})?" if r else ""


def rules_table(docs: list[RuleDoc], *, color: bool = False) -> str:
    """``folio-lint rules``: one line per rule, grouped by family, with a legend."""
    families = {
        "FL0": "Files and YAML", "FL1": "Front matter: types, values, required keys",
        "FL2": "Front matter: unknown, misspelt, deprecated keys", "FL3": "Links", "FL4": "Assets, includes, citations",
        "FL5": "Template boilerplate", "FL6": "_config.yml", "FL7": "folio-lint directives", "FL9": "Internal",
    }
    out = []
    fam = None
    for d in docs:
        f = d.code[:3]
        if f != fam:
            fam = f
            title = families.get(f, f)
            out.append(("" if not out else "\n") + (f"{_BOLD}{title}{_RESET}" if color else title))
        mark = {"never": " ", "sometimes": "~", "always": "*"}.get(d.fixable, " ")
        if d.fixable != "never" and "unsafe" in d.fix_safety:
            mark = "!"
        off = "" if d.default_enabled else " (off by default)"
        out.append(f"  {d.code} {mark} {d.severity:<7} {d.name:<30} {d.summary}{off}")
    out.append("")
    out.append("Fix: * fixable with --fix, ~ sometimes fixable, ! fixable with --unsafe-fixes. "
               "`folio-lint rule CODE` explains a rule.")
    return "\n".join(out) + "\n"
