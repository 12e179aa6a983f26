"""YAML with positions: the only module that imports a YAML library.

``load_yaml(text, lines, base)`` parses YAML (libyaml's C composer when available) into

* ``data``: plain Python values as Jekyll (YAML 1.1, SafeYAML) sees them, except that
  timestamps stay strings, so every date shape is checked alike;
* ``nodes``: key path (a tuple of str keys and int indexes) → :class:`NodeInfo` with the
  offsets, in the *file*, of the key and of the value, the raw scalar text, its style and tag;
* ``duplicates``: keys given twice in one mapping (Jekyll keeps the last, silently);
* ``traps``: YAML 1.1 resolutions that surprise users (``no`` → false, ``0755`` → 493, ``1:30`` → 90);
* ``problems``: syntax errors (in plain words, at the real spot), unknown tags (never
  executed), alias bombs and absurd nesting (bounded, not expanded).

Nothing raises; every failure is a problem in the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


class _LazyPattern:
    """A regular expression compiled on its first use (see :func:`_import_yaml`)."""

    __slots__ = ("_args", "_rx")

    def __init__(self, *args):
        self._args, self._rx = args, None

    def __getattr__(self, name):
        rx = self._rx
        if rx is None:
            rx = self._rx = re.compile(*self._args)
        return getattr(rx, name)


def _import_yaml():
    """``import yaml``, with PyYAML's ``Reader.NON_PRINTABLE`` compiled on first use: ``re`` builds
    that huge character class in Python (~16 ms, every run), and only PyYAML's pure-Python reader
    reads it, which the C loader folio-lint parses with never uses."""
    real = re.compile

    def compile_(pattern, flags=0):
        if isinstance(pattern, str) and pattern.startswith("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF"):
            return _LazyPattern(pattern, flags)
        return real(pattern, flags)

    re.compile = compile_
    try:
        import yaml
    finally:
        re.compile = real
    return yaml


yaml = _import_yaml()

try:  # libyaml
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-python fallback
    _Loader = yaml.SafeLoader

_RESOLVED: dict[str, str] = {}  # plain scalar text -> tag (the same for every document)
_base_resolve = _Loader.resolve
_ScalarNode = yaml.ScalarNode

if not _Loader.yaml_path_resolvers:  # always so for the safe loaders

    class _FastLoader(_Loader):  # type: ignore[misc, valid-type]
        """The same tag resolution as the safe loader, memoised per plain scalar text.

        libyaml composes in C but asks this Python method for the tag of every value; the
        answer depends only on the text (``yes`` -> bool, ``2024-01-01`` -> timestamp), and the
        same few texts recur on every page.
        """

        def resolve(self, kind, value, implicit):
            if kind is _ScalarNode:
                if not implicit[0]:
                    return self.DEFAULT_SCALAR_TAG
                t = _RESOLVED.get(value)
                if t is None:
                    t = _base_resolve(self, kind, value, implicit)
                    if len(value) <= 64 and len(_RESOLVED) < 50_000:
                        _RESOLVED[value] = t
                return t
            return _base_resolve(self, kind, value, implicit)

        def descend_resolver(self, current_node, current_index):
            pass  # only path resolvers use it; there are none

        def ascend_resolver(self):
            pass

    _Loader = _FastLoader

from .source import _BREAK_RE, LineIndex


class _AnchorsRedefined(yaml.SafeLoader):
    """The safe loader, except that an anchor may be defined again: from there on its aliases
    mean the later value. That is how Psych (Jekyll's YAML) and YAML 1.2 read it; PyYAML's
    composer stops with "found duplicate anchor" (the TeXt theme's `_data/navigation.yml` and its
    copies repeat `&EN` and `&ZH` in every entry). Used only for texts that need it."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if not isinstance(event, yaml.AliasEvent) and getattr(event, "anchor", None) is not None:
            self.anchors.pop(event.anchor, None)
        return super().compose_node(parent, index)


def _single_node(loader, text: str):
    """``loader.get_single_node()``; a text whose only fault is a repeated anchor is composed again
    by :class:`_AnchorsRedefined`."""
    try:
        return loader.get_single_node()
    except yaml.composer.ComposerError as e:
        if "duplicate anchor" not in (e.context or ""):
            raise
    again = _AnchorsRedefined(text)
    try:
        return again.get_single_node()
    finally:
        again.dispose()

MAX_NODES = 200_000  # values after alias expansion; more is an alias bomb
MAX_DEPTH = 200  # nesting levels kept

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (_T + s for s in ("str", "int", "float", "bool", "null", "timestamp"))
MAP, SEQ, MERGE, VALUE, BINARY = (_T + s for s in ("map", "seq", "merge", "value", "binary"))
_SAFE_TAGS = {STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, MAP, SEQ, MERGE, VALUE, BINARY,
              _T + "omap", _T + "pairs", _T + "set"}

_constructor = yaml.constructor.SafeConstructor()
_TIMESTAMP_FULL = re.compile(
    r"^(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})"
    r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?)?$"
)
_BOOL_WORDS = {"yes", "no", "on", "off", "y", "n"}


@dataclass(slots=True)
class NodeInfo:
    """Where a value is. Offsets are into the file text; ``key_*`` is None for list items and the root."""

    key_start: int | None
    key_end: int | None
    start: int
    end: int
    kind: str  # "scalar", "mapping", "sequence"
    raw: str | None = None  # scalar text as written (after YAML unquoting)
    style: str | None = None  # None (plain), "'", '"', "|", ">"
    tag: str | None = None


@dataclass(slots=True)
class Problem:
    kind: str  # "syntax", "tag", "bomb", "depth", "not-mapping", "invalid-date", "complex-key"
    message: str
    start: int
    end: int
    hint: str | None = None


@dataclass(slots=True)
class Duplicate:
    path: tuple  # path of the key (the duplicated one)
    first: tuple[int, int]  # key span of the earlier occurrence
    second: tuple[int, int]  # key span of the later one (the value Jekyll keeps)


@dataclass(slots=True)
class Trap:
    path: tuple
    kind: str  # "bool-word", "octal", "sexagesimal", "float-digits"
    raw: str
    value: Any
    start: int
    end: int


@dataclass(slots=True)
class YamlResult:
    data: Any = None
    nodes: dict[tuple, NodeInfo] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    traps: list[Trap] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    comments: list[tuple[int, int]] = field(default_factory=list)  # filled lazily by callers that need them

    @property
    def ok(self) -> bool:
        return not self.problems or not any(p.kind == "syntax" for p in self.problems)  # (most have none)


_NODES = YamlResult.nodes  # the slot behind ``YamlResult.nodes``


class PackedYamlResult(YamlResult):
    """A :class:`YamlResult` whose ``nodes`` arrive packed (``[(path, NodeInfo fields), ...]``, as a
    worker process or the cache sends them) and are built on first use: most pages parsed elsewhere
    never need a position here."""

    __slots__ = ("packed_nodes",)

    def __init__(self, data=None, packed_nodes=None, duplicates=None, traps=None, problems=None, comments=None,
                 *, nodes=None):  # (``nodes``: as YamlResult takes it, for dataclasses.replace)
        YamlResult.__init__(self, data, {} if nodes is None else nodes, [] if duplicates is None else duplicates,
                            [] if traps is None else traps, [] if problems is None else problems,
                            [] if comments is None else comments)
        self.packed_nodes = packed_nodes if nodes is None else None

    @property
    def nodes(self) -> dict[tuple, NodeInfo]:
        p = self.packed_nodes
        if p is not None:
            self.packed_nodes = None
            _NODES.__set__(self, {k: NodeInfo(*v) for k, v in p})
        return _NODES.__get__(self)

    @nodes.setter
    def nodes(self, value) -> None:
        self.packed_nodes = None
        _NODES.__set__(self, value)

    def __eq__(self, other):  # equal to the YamlResult it was packed from
        if not isinstance(other, YamlResult):
            return NotImplemented
        return ((self.data, self.nodes, self.duplicates, self.traps, self.problems, self.comments)
                == (other.data, other.nodes, other.duplicates, other.traps, other.problems, other.comments))

    __hash__ = None  # type: ignore[assignment]


def path_str(path: tuple) -> str:
    """``("profile", "image")`` → ``profile.image``; ``("redirect_from", 2)`` → ``redirect_from[2]``."""
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out


# --------------------------------------------------------------------------- syntax errors in words
_QUOTED_EARLY = re.compile(r"""^\s*(?:- )?[^\s:#][^:#]*:\s+(?P<q>['"]).*(?P=q).*\S""")


def _parent_with_value(text: str, mark, line: str, km) -> str | None:
    """For "mapping values are not allowed" at the ``:`` right after this line's key: the key of
    the nearest line above with less indentation, when that line is ``key: value`` with a value
    (``a: x`` then ``  b: y``: ``b`` is indented under ``a``, which cannot also hold a mapping)."""
    if km is None or mark is None or line.find(":", km.start(1)) != mark.column:
        return None  # the `:` is not this line's key's own: a `: ` inside a value
    indent = len(line) - len(line.lstrip(" "))
    lines = text.splitlines()
    for i in range(mark.line - 1, -1, -1):
        prev = lines[i]
        body = prev.lstrip(" ")
        if not body or body.startswith("#"):
            continue
        if len(prev) - len(body) >= indent:
            return None  # a line at the same depth in between: not the simple case
        pm = re.match(r"\s*(?:- )?([^\s:'\"#-][^:]*?):[ \t]+([^\s#].*)$", prev)
        if pm is None or pm.group(2).startswith(("|", ">")):
            return None
        return pm.group(1)
    return None


def _plain_error(err: yaml.MarkedYAMLError, text: str) -> tuple[str, str | None]:
    problem = (err.problem or str(err)).strip()
    context = (err.context or "").strip()
    hint = None
    mark = err.problem_mark
    line = ""
    if mark is not None:
        lines = text.splitlines()
        line = lines[mark.line] if 0 <= mark.line < len(lines) else ""
    ch = line[mark.column] if mark is not None and 0 <= mark.column < len(line) else ""
    if ch == "\t" or (("tab" in problem or "\\t" in problem) and "\t" in line):
        return "a tab character: YAML does not allow tabs for indentation", "indent with spaces only"
    qm = _QUOTED_EARLY.match(line)
    if qm and ("did not find expected key" in problem or "expected <block end>" in problem
               or "could not find expected ':'" in problem or "expected ',' or ']'" in problem):
        if qm["q"] == "'":
            msg = "an apostrophe inside a single-quoted value ends the value early"
            hint = "inside single quotes write the apostrophe twice (`'Moore''s law'`), or use double quotes"
        else:
            msg = "a double quote inside a double-quoted value ends the value early"
            hint = 'escape it as `\\"`, or put the value in single quotes'
        return msg, hint
    if re.match(r"\s*(?:- )?:(?:\s|$)", line) and ("did not find expected key" in problem
                                                 or "expected <block end>" in problem
                                                 or "mapping values are not allowed" in problem):
        return ("a key is missing before the `:` on this line",
                "write the key before the colon (`key: value`), or quote the value if it starts with `:`")
    if "mapping values are not allowed" in problem:
        km = re.match(r"\s*(?:- )?([^\s:'\"][^:]*?):\s+(.*)$", line)
        parent = _parent_with_value(text, mark, line, km)
        if parent is not None:
            child = km.group(1)
            hint = (f"for keys nested under `{parent}`, write `{parent}:` with nothing after it; "
                    f"otherwise indent `{child}` like `{parent}`")
            if " " in child.strip():  # prose more likely than a key: the value of `parent` goes on here
                hint += f"; if this line continues the value of `{parent}`, put that whole value in quotes"
            return f"`{child}` is indented under `{parent}`, which already has a value on its line", hint
        if km and not km.group(2).startswith(("'", '"', "[", "{", "|", ">")):
            msg = f"a `: ` inside the value of `{km.group(1)}` makes YAML read a second key on this line"
            v = km.group(2).split(" #")[0].strip().replace('"', '\\"')
            hint = f'put the value in quotes: `{km.group(1)}: "{v[:60]}{"…" if len(v) > 60 else ""}"`'
        else:
            msg = "a `: ` here makes YAML read a key where none can start (check the indentation)"
            hint = 'quote values that contain ": ", and indent nested keys under their parent'
        return msg, hint
    elif "found character '\\t'" in problem or "\t" in problem:
        msg = "a tab character: YAML does not allow tabs for indentation"
        hint = "indent with spaces only"
    elif "found unknown escape character" in problem:
        msg = "a backslash inside double quotes starts an escape that YAML does not know"
        hint = "write `\\\\` for a backslash, or use single quotes"
    elif "found undefined alias" in problem:
        msg = "`*` starts an alias to an anchor (`&name`) that is not defined"
        hint = "quote the value if the `*` is meant literally"
    elif "could not find expected ':'" in problem:
        msg = "a line that is not `key: value`: a `:` is missing, or the line is indented wrongly"
        hint = "check the `:` after the key and that continuation lines are indented under their key"
    elif "expected <block end>, but found" in problem or "did not find expected key" in problem:
        if "'<scalar>'" in problem and ("'" in context or "quoted" in context or True):
            msg = "unexpected text after a value: a quote inside a quoted value ends it early, or the indentation is off"
            hint = "inside single quotes write an apostrophe twice (`'it''s'`), or use double quotes; align keys at the same indentation"
        else:
            msg = "the indentation of this line does not fit the lines above"
            hint = "keys of one mapping must start in the same column; list items need `- ` at one indentation"
    elif "block sequence entries are not allowed" in problem:
        msg = "a `- ` list item where a value was expected"
        hint = "start the list on the next line, indented under its key"
    elif "found unexpected end of stream" in problem and "quoted" in context:
        msg = "a quoted value is never closed"
        hint = "add the closing quote"
    elif "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        msg = "a `[` or `{` list/mapping on this line is not closed properly"
        hint = "close the brackets, or quote the value if the `[`/`{` is meant as text"
    elif "expected a comment or a line break" in problem:
        msg = "text after a closing quote or a block indicator on the same line"
        hint = "quote the whole value, or move the text to the next line"
    elif "found a tab character" in problem:
        msg = "a tab character where YAML expects spaces"
        hint = "indent with spaces only"
    elif "found unexpected ':'" in problem:
        msg = "an unexpected `:`"
        hint = "quote the value"
    elif "found character" in problem and "cannot start any token" in problem:
        ch = ch or (problem.split("'")[1] if "'" in problem else "?")
        if ch == "`":  # (`` ``` `` would not read as a backtick)
            msg = "a value cannot start with a backtick (`) unless it is quoted"
            hint = "put the whole value in quotes (`key: \"...\"`)"
        else:
            msg = f"a value cannot start with `{ch}` unless it is quoted"
            hint = f'put the value in quotes, e.g. `key: "{ch}..."`'
    else:
        msg = problem[0].lower() + problem[1:] if problem else "invalid YAML"
        if context:
            msg += f" ({context})"
    return msg, hint


# --------------------------------------------------------------------------- loading
def load_plain(text: str) -> Any:
    """The data of a YAML text, without positions: for folio-lint's own data files (fast, C loader).

    Values follow :func:`load_yaml`'s rules where they differ from PyYAML's: dates stay text."""
    return yaml.load(text, Loader=_PlainLoader)  # noqa: S506 - a safe loader


class _PlainLoader(_Loader):  # type: ignore[misc, valid-type]
    pass


_PlainLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def load_yaml(text: str, lines: LineIndex, base_offset: int = 0, base_line: int = 0, *, fast: bool = True) -> YamlResult:
    """Parse ``text`` (a substring of a file starting at ``base_offset``, on 0-based line ``base_line``).

    ``fast=False`` always goes through libyaml (the tests compare both ways)."""
    res = YamlResult()
    # Offsets from the marks' character index (``text`` is ``file[base_offset:...]``), not from their
    # line and column: YAML also breaks lines at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR, which
    # the file's line index (like every editor) does not, so line/column would point at the wrong
    # place after such a character (and a fix would edit the wrong bytes).
    _limit = lines.length

    def off(mark) -> int:
        o = base_offset + mark.index
        return o if o < _limit else _limit

    if not text.strip():
        res.data = None
        return res
    if fast:
        got = _fast_load(text, base_offset)
        if got is not None:
            return got
    if not _LIBYAML_BOUNDS_DEPTH and _too_deep(text):
        res.problems.append(Problem("depth", "the YAML is nested more than 1,000 levels deep: not read", base_offset, base_offset + 1,
                                    "nest values a few levels deep at most"))
        res.data = {}
        return res
    try:
        loader = _Loader(text)
    except (UnicodeError, ValueError) as e:  # lone surrogates (an editor buffer): libyaml takes UTF-8 only
        res.problems.append(Problem("syntax", f"the front matter holds text that is not valid Unicode ({type(e).__name__})",
                                    base_offset, base_offset))
        res.data = {}
        return res
    try:
        root = _single_node(loader, text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem, context = (e.problem or ""), (e.context or "")
        opened_here = e.context_mark is not None and (
            ("flow" in context and ("expected ','" in problem or "end of stream" in problem))
            or ("quoted scalar" in context and "end of stream" in problem))
        if opened_here:
            mark = e.context_mark  # the bracket or quote that is never closed, not where YAML gave up
        s = off(mark) if mark is not None else base_offset
        if s >= base_offset + len(text) and text.endswith(("\n", "\r")):
            s = base_offset + len(text.rstrip("\r\n"))  # past the last line: point at its end
        if "maximum nesting depth" in (e.problem or ""):  # libyaml's own bound (1,000 levels)
            res.problems.append(Problem("depth", "the YAML is nested more than 1,000 levels deep: not read", s, s + 1,
                                        "nest values a few levels deep at most"))
            return res
        msg, hint = _plain_error(e, text)
        if opened_here:
            if "quoted" in context:
                msg, hint = "a quoted value opened here is never closed", "add the closing quote (or quote the whole value on one line)"
            else:
                co = off(e.context_mark)
                ch = lines.text[co] if co < len(lines.text) and lines.text[co] in "[{" else "["
                close = "]" if ch == "[" else "}"
                msg = f"the `{ch}` opened here is never closed with `{close}`"
                hint = f"close it with `{close}`, or quote the value if the `{ch}` is meant as text"
        # end of the offending line
        line = lines.position(s).line - 1
        _, e_off = lines.line_bounds(line)
        res.problems.append(Problem("syntax", msg, s, max(e_off, s + 1) if e_off > s else s, hint))
        return res
    except yaml.YAMLError as e:  # reader errors (control characters) and the like
        s = base_offset
        pos = getattr(e, "position", None)
        if isinstance(pos, int) and pos >= 0:  # libyaml counts UTF-8 bytes
            s = min(base_offset + len(text.encode("utf-8", "replace")[:pos].decode("utf-8", "ignore")), lines.length)
        res.problems.append(Problem("syntax", f"invalid YAML: {str(e).splitlines()[0]}", s, min(s + 1, lines.length),
                                    "remove the control character (or write it as an escape inside double quotes)"))
        return res
    except RecursionError:
        res.problems.append(Problem("depth", "the YAML is nested too deeply to read", base_offset, base_offset))
        return res
    except (UnicodeError, ValueError, MemoryError) as e:  # lone surrogates from an editor buffer, ...
        res.problems.append(Problem("syntax", f"invalid YAML: {type(e).__name__}: {str(e)[:120]}", base_offset, base_offset))
        return res
    finally:
        try:
            loader.dispose()
        except Exception:
            pass
    if root is None:
        return res

    # bound alias expansion before building anything
    sizes: dict[int, int] = {}

    def size(node, depth=0) -> int:
        k = id(node)
        if k in sizes:
            return sizes[k]
        sizes[k] = 1  # cycles (recursive aliases) count once
        if depth > MAX_DEPTH:
            return 1
        if isinstance(node, yaml.MappingNode):
            n = 1 + sum(size(kn, depth + 1) + size(vn, depth + 1) for kn, vn in node.value)
        elif isinstance(node, yaml.SequenceNode):
            n = 1 + sum(size(c, depth + 1) for c in node.value)
        else:
            n = 1
        sizes[k] = min(n, MAX_NODES + 1)
        return sizes[k]

    # aliases need anchors: without an `&` nothing can expand, so skip the counting pass
    if "&" in text and size(root) > MAX_NODES:
        res.problems.append(
            Problem("bomb", f"the YAML expands to more than {MAX_NODES:,} values (aliases referring to aliases): not read",
                    off(root.start_mark), off(root.start_mark) + 1, "remove the repeated `*alias` references")
        )
        res.data = {}
        return res

    nodes = res.nodes
    depth_reported = [False]
    active: set[int] = set()

    _Scalar, _Sequence, _Mapping = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode

    def build(node, path: tuple, key_span, depth: int):
        # off() inlined for the start and end marks (this runs for every value of every page)
        s = base_offset + node.start_mark.index
        if s > _limit:
            s = _limit
        e = base_offset + node.end_mark.index
        if e > _limit:
            e = _limit
        if depth > MAX_DEPTH:
            if not depth_reported[0]:
                depth_reported[0] = True
                res.problems.append(Problem("depth", f"values nested more than {MAX_DEPTH} levels deep are not checked", s, s + 1))
            return None
        tag = node.tag
        if tag not in _SAFE_TAGS and tag is not None:
            res.problems.append(
                Problem("tag", f"the YAML tag `{_short_tag(tag)}` is not a plain value; Jekyll's SafeYAML refuses it (folio-lint never runs it)",
                        s, max(e, s + 1), "remove the tag: write a plain value")
            )
        ks, ke = key_span if key_span else (None, None)
        if isinstance(node, _Scalar):
            if tag == STR:  # the common case, as _scalar() would return it
                v = node.value
                nodes[path] = NodeInfo(ks, ke, s, e, "scalar", v, node.style or None, tag)
                return v
            info = NodeInfo(ks, ke, s, e, "scalar", node.value, node.style or None, tag)
            nodes[path] = info
            return _scalar(node, path, info, res)
        if id(node) in active:  # recursive alias
            res.problems.append(Problem("bomb", "an alias refers to the value that contains it", s, s + 1))
            return None
        active.add(id(node))
        try:
            if isinstance(node, _Sequence):
                nodes[path] = NodeInfo(ks, ke, s, e, "sequence", tag=tag)
                return [build(c, path + (i,), None, depth + 1) for i, c in enumerate(node.value)]
            nodes[path] = NodeInfo(ks, ke, s, e, "mapping", tag=tag)
            out: dict = {}
            seen: dict[str, tuple[int, int]] = {}
            merges = []
            for kn, vn in node.value:
                if isinstance(kn, _Scalar):
                    ktag = kn.tag
                    if ktag == MERGE:
                        merges.append(vn)
                        continue
                    key = kn.value if ktag == STR else _key_text(kn)
                else:
                    ksp = off(kn.start_mark)
                    res.problems.append(Problem("complex-key", "a key that is a list or mapping: Jekyll cannot use it", ksp, ksp + 1))
                    key = text[kn.start_mark.index:kn.end_mark.index].strip() or "?"  # the key as written, e.g. `[//]`
                k0 = base_offset + kn.start_mark.index
                if k0 > _limit:
                    k0 = _limit
                k1 = base_offset + kn.end_mark.index
                if k1 > _limit:
                    k1 = _limit
                kspan = (k0, k1)
                if key in seen:
                    res.duplicates.append(Duplicate(path + (key,), seen[key], kspan))
                seen[key] = kspan
                out[key] = build(vn, path + (key,), kspan, depth + 1)
            for mn in merges:  # YAML 1.1 merge keys: earlier explicit keys win
                subs = mn.value if isinstance(mn, _Sequence) else [mn]
                for sub in subs:
                    if isinstance(sub, _Mapping):
                        merged = build(sub, path + ("<<",), None, depth + 1)
                        if isinstance(merged, dict):
                            for k, v in merged.items():
                                out.setdefault(k, v)
            return out
        finally:
            active.discard(id(node))

    try:
        res.data = build(root, (), None, 0)
    except RecursionError:
        res.problems.append(Problem("depth", "the YAML is nested too deeply to read", base_offset, base_offset))
        res.data = {}
    finally:
        build = size = None  # noqa: F841 - the recursive closures refer to themselves: break the cycle
    return res


# --------------------------------------------------------------------------- the common shapes, without libyaml
# Most front matter is a block mapping of one-line ``key: value`` entries (plain or simply quoted
# scalars, ``[a, b]`` lists), one-level nested mappings and ``- item`` lists. For text made only of
# those shapes, ``_fast_load`` builds the same result as libyaml + ``build`` (the same values, tags
# from the same resolver, the same node spans, duplicates, traps and problems; the tests compare
# the two on every page of the generated sites and on mutated ones) in a fraction of the time.
# Anything else (a tab, a comment after a value, an anchor, a tag, a block scalar, a multi-line
# value, an escape, an error...) returns None and goes the libyaml way.
_FAST_BAD = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")  # tab, CR, NEL, LS, PS, BOM...
_FAST_BAD_CRLF = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")  # the same, \r allowed
_FAST_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,100}:(?= |$)")
# one mapping line: key, then a plain scalar (group 2), some other value (group 3) or nothing
_FAST_LINE = re.compile(r"""([A-Za-z_][A-Za-z0-9_.-]{0,100}):(?: +(?:([^-?:,\[\]{}#&*!|>'"%@` ](?:[^:#]|:(?=[^ ])|(?<=[^ ])#)*)|([^ ].*)))?""")
_FAST_PLAIN = re.compile(r"""[^-?:,\[\]{}#&*!|>'"%@` ](?:[^:#]|:(?=[^ ])|(?<=[^ ])#)*""")
_FAST_ITEM = re.compile(r"""[^-?:,\[\]{}#&*!|>'"%@` ][^,\[\]{}:#]*""")
_FAST_SQ = re.compile(r"'((?:[^']|'')*)'")
_FAST_DQ = re.compile(r'"([^"\\]*)"')
_FAST_MAX_DEPTH = 40


class _NotFast(Exception):
    pass


# first characters for which some implicit resolver may apply (others are always plain text)
_IMPLICIT_FIRST = frozenset(k for k in _Loader.yaml_implicit_resolvers if k)
_IMPLICIT_ANY = None in _Loader.yaml_implicit_resolvers  # a wildcard resolver: no shortcut
# the resolvers a letter can start (bool, null) match only words of at most this many characters
_LONGEST_WORD = 5


def _dash(c: str) -> bool:
    """Does a line's content start a block sequence item (``-`` then a space or nothing)?"""
    return c[0] == "-" and (len(c) == 1 or c[1] == " ")


class _Span:
    """What ``_scalar`` reads of a node's info: its span."""

    __slots__ = ("start", "end")

    def __init__(self, start: int, end: int):
        self.start, self.end = start, end


class _Fast:
    """One fast-path parse (a class, not closures: no reference cycles left for the collector).

    Nodes are recorded as ``(path, NodeInfo fields)`` pairs: the packed form a worker sends and
    the cache keeps; :class:`PackedYamlResult` builds the NodeInfo objects when first asked."""

    __slots__ = ("toks", "T", "L", "base", "res", "nodes")

    def __init__(self, toks: list, L: int, base: int):
        self.toks, self.T, self.L, self.base = toks, len(toks), L, base
        self.nodes: list = []
        self.res = PackedYamlResult(None, self.nodes, [], [], [], [])

    def plain(self, v: str, s: int, path: tuple, ks, ke):
        if v and not _IMPLICIT_ANY and (v[0] not in _IMPLICIT_FIRST or (len(v) > _LONGEST_WORD and v[0].isalpha())):
            t = STR  # (a letter starts only bool and null words, none longer than _LONGEST_WORD)
        else:
            t = _RESOLVED.get(v)
            if t is None:
                t = _resolve_plain(v)
        e = s + len(v)
        self.nodes.append((path, (ks, ke, s, e, "scalar", v, None, t)))
        if t == STR:
            return v
        if t == BOOL:
            if v == "true":
                return True
            if v == "false":
                return False
        elif t == INT and v.isdigit() and (v[0] != "0" or len(v) == 1) and len(v) < 19:
            return int(v)
        return _scalar(_ScalarNode(t, v, None, None, None), path, _Span(s, e), self.res)

    def value(self, rest: str, vo: int, path: tuple, ks, ke):
        c = rest[0]
        s = self.base + vo
        if c == "'":
            m = _FAST_SQ.fullmatch(rest)
            if m is None:
                raise _NotFast
            v = m.group(1).replace("''", "'")
            self.nodes.append((path, (ks, ke, s, s + len(rest), "scalar", v, "'", STR)))
            return v
        if c == '"':
            m = _FAST_DQ.fullmatch(rest)
            if m is None:
                raise _NotFast
            v = m.group(1)
            self.nodes.append((path, (ks, ke, s, s + len(rest), "scalar", v, '"', STR)))
            return v
        if c == "[":
            if rest[-1] != "]":
                raise _NotFast
            self.nodes.append((path, (ks, ke, s, s + len(rest), "sequence", None, None, SEQ)))
            out: list = []
            inner = rest[1:-1]
            if inner.strip(" "):
                pos = s + 1
                for part in inner.split(","):
                    item = part.strip(" ")
                    if not item or _FAST_ITEM.fullmatch(item) is None:
                        raise _NotFast
                    out.append(self.plain(item, pos + part.index(item[0]), path + (len(out),), None, None))
                    pos += len(part) + 1
            return out
        if _FAST_PLAIN.fullmatch(rest) is None:
            raise _NotFast
        return self.plain(rest, s, path, ks, ke)

    def mapping(self, j: int, ind: int, path: tuple, ks, ke, depth: int):
        if depth > _FAST_MAX_DEPTH:
            raise _NotFast
        toks, T, base, nodes = self.toks, self.T, self.base, self.nodes
        me = len(nodes)
        nodes.append(None)  # this mapping's entry, once its end is known
        start = base + toks[j][1]
        out: dict = {}
        seen: dict[str, int] = {}  # key -> offset of its first occurrence
        while j < T:
            ti, to, tc = toks[j]
            if ti < ind:
                break
            if ti > ind:
                raise _NotFast
            m = _FAST_LINE.fullmatch(tc)
            if m is None:
                raise _NotFast
            key, pv, ov = m.groups()
            k0 = base + to
            k1 = k0 + len(key)
            kp = path + (key,)
            if key in seen:
                f0 = seen[key]
                self.res.duplicates.append(Duplicate(kp, (f0, f0 + len(key)), (k0, k1)))
            seen[key] = k0
            j += 1
            nxt = toks[j] if j < T else None
            if pv is not None:  # a plain scalar (the common case, inlined)
                vs = k0 + m.start(2)
                if pv[0] in _IMPLICIT_FIRST or _IMPLICIT_ANY:
                    v = self.plain(pv, vs, kp, k0, k1)
                else:
                    nodes.append((kp, (k0, k1, vs, vs + len(pv), "scalar", pv, None, STR)))
                    v = pv
                if nxt is not None and nxt[0] > ind:
                    raise _NotFast  # a value continued on the next line
            elif ov is not None:
                v = self.value(ov, to + m.start(3), kp, k0, k1)
                if nxt is not None and nxt[0] > ind:
                    raise _NotFast
            elif nxt is not None and nxt[0] > ind:
                if _dash(nxt[2]):
                    v, j = self.sequence(j, nxt[0], kp, k0, k1, False, depth + 1)
                else:
                    v, j = self.mapping(j, nxt[0], kp, k0, k1, depth + 1)
            elif nxt is not None and nxt[0] == ind and _dash(nxt[2]):
                v, j = self.sequence(j, ind, kp, k0, k1, True, depth + 1)  # `key:` then `- item` at its indentation
            else:
                v = self.plain("", k1 + 1, kp, k0, k1)
            out[key] = v
        nodes[me] = (path, (ks, ke, start, base + (toks[j][1] if j < T else self.L), "mapping", None, None, MAP))
        return out, j

    def sequence(self, j: int, ind: int, path: tuple, ks, ke, indentless: bool, depth: int):
        if depth > _FAST_MAX_DEPTH:
            raise _NotFast
        toks, T, base, nodes = self.toks, self.T, self.base, self.nodes
        me = len(nodes)
        nodes.append(None)
        start = base + toks[j][1]
        out: list = []
        while j < T:
            ti, to, tc = toks[j]
            if ti < ind:
                break
            if ti > ind:
                raise _NotFast
            if not _dash(tc):
                if indentless:
                    break
                raise _NotFast
            rest = tc[1:].lstrip(" ")
            ip = path + (len(out),)
            if not rest:
                j += 1
                if j < T and toks[j][0] > ind:
                    raise _NotFast  # a block under a bare `-`
                v = self.plain("", base + to + 1, ip, None, None)
            else:
                ro = to + len(tc) - len(rest)
                if _FAST_KEY.match(rest) is not None:  # `- key: value`: a mapping starting on this line
                    col = ti + ro - to
                    toks[j] = (col, ro, rest)
                    v, j = self.mapping(j, col, ip, None, None, depth + 1)
                else:
                    v = self.value(rest, ro, ip, None, None)
                    j += 1
                    if j < T and toks[j][0] > ind:
                        raise _NotFast
            out.append(v)
        nodes[me] = (path, (ks, ke, start, base + (toks[j][1] if j < T else self.L), "sequence", None, None, SEQ))
        return out, j


def _fast_load(text: str, base: int) -> YamlResult | None:
    crlf = "\r" in text
    if crlf:  # Windows line ends: each \r must start a \r\n (a lone \r breaks a line too)
        if text.count("\r") != text.count("\r\n") or _FAST_BAD_CRLF.search(text) is not None:
            return None
    elif _FAST_BAD.search(text) is not None:
        return None
    if _Loader.yaml_path_resolvers:
        return None
    toks: list[tuple[int, int, str]] = []  # (indent, offset of the content, content) of each line with a token
    o = 0
    for ln in text.split("\n"):
        c = (ln[:-1] if ln.endswith("\r") else ln).rstrip(" ") if crlf else ln.rstrip(" ")
        if c:
            s = c.lstrip(" ")
            if s[0] != "#":
                i = len(c) - len(s)
                toks.append((i, o + i, s))
        o += len(ln) + 1
    if not toks or toks[0][0] != 0:
        return None
    p = _Fast(toks, len(text), base)
    try:
        data, j = p.mapping(0, 0, (), None, None, 0)
    except (_NotFast, RecursionError):
        return None
    if j != p.T:  # pragma: no cover - the root mapping reads every line or fails
        return None
    p.res.data = data
    return p.res


def _resolve_plain(value: str) -> str:
    """The tag the safe loader gives a plain scalar (memoised like ``_FastLoader.resolve``)."""
    t = _base_resolve(_Loader, _ScalarNode, value, (True, False))
    if len(value) <= 64 and len(_RESOLVED) < 50_000:
        _RESOLVED[value] = t
    return t


def _probe_depth_bound() -> bool:
    """Does this YAML parser refuse absurd nesting by itself (libyaml >= 0.2.5: 1,000 levels)?
    Without it, composing 100,000 nested ``[`` recurses in C and can overflow the stack."""
    try:
        loader = _Loader("[" * 1100 + "]" * 1100)
        try:
            loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as e:
        return "maximum nesting depth" in str(e)
    except RecursionError:  # the pure-Python parser: recursion is bounded by Python itself
        return True
    except Exception:
        return False
    return getattr(yaml, "__with_libyaml__", False) is False or _Loader.__module__.startswith("yaml.loader")


_LIBYAML_BOUNDS_DEPTH = _probe_depth_bound()
_DEPTH_TOKENS = re.compile(r"""'(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|#[^\n]*|[\[\]{}]|^[ \t]*(?:[-?:][ \t]+)*""", re.M)


def _too_deep(text: str, limit: int = 1000) -> bool:
    """A cheap, linear estimate of the nesting depth (for parsers without their own bound): flow
    brackets opened and not closed (quoted text and comments skipped), and a line's indentation
    plus its compact ``- - -`` indicators."""
    if text.count("[") + text.count("{") <= limit and len(text) <= limit:
        return False
    depth = 0
    for m in _DEPTH_TOKENS.finditer(text):
        g = m.group()
        if not g:
            continue
        c = g[0]
        if c in "[{":
            depth += 1
            if depth > limit:
                return True
        elif c in "]}":
            depth = max(0, depth - 1)
        elif c in " \t-?:" and len(g) - g.count("-") - g.count("?") - g.count(":") > limit:
            return True  # indentation (and compact indicators) wider than the bound
    return False


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_T):] if tag.startswith(_T) else tag


def _key_text(kn) -> str:
    # Keys like `yes:` or `2024:` resolve to bool/int in YAML 1.1; folio-lint keeps their text.
    return kn.value


def _scalar(node, path, info: NodeInfo, res: YamlResult):
    tag, value = node.tag, node.value
    try:
        if tag == STR or tag is None:
            return value
        if tag == NULL:
            return None
        if tag == BOOL:
            v = _constructor.construct_yaml_bool(node)
            if not node.style and value.lower() in _BOOL_WORDS:
                res.traps.append(Trap(path, "bool-word", value, v, info.start, info.end))
            return v
        if tag in (INT, FLOAT) and len(value) > 1000:
            return value  # an absurdly long number stays text (Python refuses > 4,300-digit ints in messages)
        if tag == INT:
            v = _constructor.construct_yaml_int(node)
            if not node.style:
                digits = value.lstrip("+-")
                if ":" in value:
                    res.traps.append(Trap(path, "sexagesimal", value, v, info.start, info.end))
                elif len(digits) > 1 and digits.startswith("0") and digits[1:2].isdigit():
                    res.traps.append(Trap(path, "octal", value, v, info.start, info.end))
            return v
        if tag == FLOAT:
            v = _constructor.construct_yaml_float(node)
            if not node.style:
                if ":" in value:
                    res.traps.append(Trap(path, "sexagesimal", value, v, info.start, info.end))
                elif re.fullmatch(r"[0-9]+\.[0-9]*0", value):
                    res.traps.append(Trap(path, "float-digits", value, v, info.start, info.end))
            return v
        if tag == TIMESTAMP:
            m = _TIMESTAMP_FULL.match(value)
            if m:
                import datetime as _dt

                try:
                    _dt.date(int(m["year"]), int(m["month"]), int(m["day"]))
                    if m["hour"] is not None and (int(m["hour"]) > 23 or int(m["minute"]) > 59 or int(m["second"]) > 60):
                        raise ValueError("time out of range")
                except ValueError as e:
                    res.problems.append(
                        Problem("invalid-date", f"`{value}` looks like a date but is not a real one ({e})", info.start, info.end,
                                "write a real date as YYYY-MM-DD, or quote the value if it is not a date")
                    )
            return value  # dates stay text
        if tag == BINARY:
            return value
    except Exception as e:  # ValueError, KeyError (`!!bool maybe`), OverflowError, ConstructorError...
        shown = value if len(value) <= 60 else value[:57] + "..."
        why = f" ({e})" if isinstance(e, (ValueError, yaml.YAMLError)) and len(str(e)) < 200 else ""
        res.problems.append(Problem("syntax", f"`{shown}` cannot be read as {tag.rsplit(':', 1)[-1]}{why}", info.start, info.end,
                                    "remove the explicit `!!` tag or write a value of that type"))
        return value
    return value  # unknown tag: the plain text (never constructed)


def quoted_and_block_spans(text: str) -> list[tuple[int, int]]:
    """Offsets (in ``text``) of its quoted and block (``|``/``>``) scalars, where a ``#`` is text,
    not a comment. A block scalar's span starts after its header line (``key: | # a comment``
    keeps its comment). Scanning stops at a syntax error, keeping what was read before it."""
    out: list[tuple[int, int]] = []
    try:
        for tok in yaml.scan(text, Loader=yaml.SafeLoader):  # pure-Python scanner: character offsets
            if type(tok) is yaml.ScalarToken and tok.style:
                s, e = tok.start_mark.index, tok.end_mark.index
                if tok.style in "|>":
                    nl = _BREAK_RE.search(text, s, e)
                    s = e if nl is None else nl.end()
                if s < e:
                    out.append((s, e))
    except yaml.YAMLError:
        pass
    return out
