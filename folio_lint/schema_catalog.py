"""The schema catalog: al-folio's JSON Schemas (``schemas/*.json``), loaded and compiled once.

The schemas are plain JSON Schema 2020-12 documents (editors and other tools can use them as they
are). folio-lint does not hand them to a general validator at run time: it compiles each one into a
tree of small closures (:class:`Spec`) that answer "is this value fine?" in a few dictionary
lookups, and only for the rare value that is not fine does it walk the schema again
(:meth:`Spec.issues`) to say *what* is wrong, in words about the user's key. This keeps schema
checks well under the cost of parsing the YAML (see issue 8), and no raw validator text ever
reaches a message.

Supported keywords (a test keeps every shipped schema inside this subset, and compares verdicts
with the ``jsonschema`` reference implementation): ``type``, ``enum``, ``const``, ``pattern``,
``minimum``, ``maximum``, ``properties``, ``required``, ``items``, ``anyOf``, ``oneOf``,
``allOf`` (object schemas are flattened), ``not``, ``if``/``then``, ``$ref`` (local and
``other.schema.json#/...``) and the annotations ``$schema``, ``$id``, ``$defs``, ``title``,
``description``, ``default``, ``examples``, ``deprecated``.

folio-lint's own annotation keywords (ignored by other tools):

* ``x-expect``: how to describe the expected value in a message ("a date such as 2024-05-01");
* ``x-severity``: severity of a bad value of this key (``warning`` where al-folio tolerates it);
* ``x-open``: an object whose keys are not checked (plugin settings);
* ``x-enum``: the values to suggest for a key checked by ``pattern`` (case-insensitive enums);
* ``x-kind``: ``date`` marks date values; ``x-path-base``: the folder a path value is relative to;
* ``x-reason``: on a ``then`` with ``required``: why the key is needed (shown in the message);
* ``x-since``/``x-until``: al-folio dates of a key (history lives in ``data/deprecations.yml``).

An empty value (``key:`` with nothing after it) is YAML's null, which Liquid treats exactly like a
missing key; it is accepted for every key (and does not satisfy ``required``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# al-folio v0.16 / v1 layouts, and the collections it ships
LAYOUTS = ("about", "page", "post", "distill", "cv", "profiles", "book-review", "book-shelf", "course",
           "archive", "bib", "default", "none")
COLLECTIONS = ("posts", "news", "projects", "books", "teachings")
# older al-folio layout names that map to a current schema (their deprecation is reported separately)
LEGACY_LAYOUTS = {"archive-year": "archive", "archive-tag": "archive", "archive-category": "archive"}

_ANNOTATIONS = {"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples", "deprecated",
                "readOnly", "writeOnly"}
_SUPPORTED = {"type", "enum", "const", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
              "properties", "required", "items", "anyOf", "oneOf", "allOf", "not", "if", "then", "$ref",
              "additionalProperties", "minItems", "maxItems", "minLength"}


class SchemaError(Exception):
    """A schema uses something the compiler does not support, or a ``$ref`` does not resolve."""


# --------------------------------------------------------------------------- loading
def schema_dir() -> Path:
    """Folder holding the shipped schemas (inside the wheel as ``folio_lint.schemas``)."""
    try:
        p = resources.files("folio_lint.schemas")
        q = p.joinpath("common.schema.json")
        if q.is_file():  # an installed wheel: a namespace package, whose str() is not a path
            return Path(str(q)).parent
    except (ModuleNotFoundError, TypeError, FileNotFoundError):
        pass
    return Path(__file__).resolve().parent.parent / "schemas"


def _data_file(name: str) -> str:
    try:
        return resources.files("folio_lint").joinpath("data", name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return (Path(__file__).resolve().parent / "data" / name).read_text(encoding="utf-8")


OWN_SCHEMA_PREFIXES = ("common", "layout-", "collection-", "config")


@lru_cache(maxsize=1)
def load_documents() -> dict[str, dict]:
    """file name → schema document, for the schemas this module owns."""
    d = schema_dir()
    out = {}
    for p in sorted(d.glob("*.schema.json")):
        if p.name.startswith(OWN_SCHEMA_PREFIXES):
            out[p.name] = json.loads(p.read_text(encoding="utf-8"))
    return out


# --------------------------------------------------------------------------- compiled specs
_TYPE_PRED: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: type(v) is str,
    "boolean": lambda v: v is True or v is False,
    "null": lambda v: v is None,
    "integer": lambda v: type(v) is int or (type(v) is float and v.is_integer()),
    "number": lambda v: type(v) is int or type(v) is float,
    "array": lambda v: type(v) is list,
    "object": lambda v: type(v) is dict,
}


_PY_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "boolean": (bool,), "null": (type(None),), "integer": (int,), "number": (int, float),
    "array": (list,), "object": (dict,),
}


def _py_type(v: Any) -> str:
    if v is None:
        return "null"
    if v is True or v is False:
        return "boolean"
    if type(v) is int:
        return "integer"
    if type(v) is float:
        return "number"
    if type(v) is str:
        return "string"
    if type(v) is list:
        return "array"
    if type(v) is dict:
        return "object"
    return "string"


@dataclass(slots=True)
class Issue:
    """One thing wrong with a value, before it becomes a finding."""

    kind: str  # "type", "enum", "pattern", "range", "unknown", "required", "items"
    path: tuple
    spec: "Spec"
    value: Any = None
    detail: str | None = None  # e.g. the missing key for "required"
    trigger: tuple | None = None  # for conditional "required": the key that makes it needed
    reason: str | None = None  # for "required": why the key is needed
    severity: str | None = None  # for "required": severity from the schema (x-severity)


@dataclass(slots=True, eq=False)
class Spec:
    """A compiled (sub)schema."""

    raw: dict
    ok: Callable[[Any], bool] = field(default=lambda v: True, repr=False)
    types: tuple[str, ...] | None = None
    enum: tuple | None = None
    const: Any = None
    has_const: bool = False
    pattern: re.Pattern | None = None
    minimum: float | None = None
    maximum: float | None = None
    props: dict[str, "Spec"] | None = None
    open: bool = True
    items: "Spec | None" = None
    branches: tuple["Spec", ...] | None = None
    required: tuple[str, ...] = ()
    conditionals: tuple[tuple["Spec", tuple[str, ...], str | None, str | None], ...] = ()  # (if, required, reason, severity)
    negated: "Spec | None" = None

    def __repr__(self) -> str:
        return f"Spec({self.raw.get('description') or self.types or ''!s:.40})"

    @property
    def description(self) -> str | None:
        return self.raw.get("description")

    @property
    def expect(self) -> str | None:
        return self.raw.get("x-expect")

    @property
    def severity(self) -> str | None:
        return self.raw.get("x-severity")

    @property
    def suggest_values(self) -> tuple | None:
        if self.enum is not None:
            return self.enum
        xe = self.raw.get("x-enum")
        if xe:
            return tuple(xe)
        if self.branches:
            for b in self.branches:
                sv = b.suggest_values
                if sv:
                    return sv
        return None

    @property
    def is_date(self) -> bool:
        return self.raw.get("x-kind") == "date" or any(b.is_date for b in (self.branches or ()))

    # ------------------------------------------------------------------ slow path: what is wrong
    def issues(self, value: Any, path: tuple = ()) -> list[Issue]:
        """Why ``value`` fails this spec (empty when it does not)."""
        if value is None or self.ok(value):
            return []
        if self.branches is not None:
            return self._branch_issues(value, path)
        if self.types is not None and not any(_TYPE_PRED[t](value) for t in self.types):
            return [Issue("type", path, self, value)]
        if self.has_const and value != self.const:
            return [Issue("enum", path, self, value)]
        if self.enum is not None and not _in_enum(value, self.enum):
            return [Issue("enum", path, self, value)]
        if self.pattern is not None and type(value) is str and not self.pattern.search(value):
            return [Issue("pattern", path, self, value)]
        if type(value) in (int, float) and value is not True and value is not False:
            if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
                return [Issue("range", path, self, value)]
        out: list[Issue] = []
        if type(value) is dict:
            out += self.object_issues(value, path)
        elif type(value) is list and self.items is not None:
            for i, item in enumerate(value):
                out += self.items.issues(item, path + (i,))
        if self.negated is not None and self.negated.ok(value):
            out.append(Issue("type", path, self, value))
        return out

    def object_issues(self, value: dict, path: tuple, *, unknown: bool = True) -> list[Issue]:
        out: list[Issue] = []
        props = self.props or {}
        for k, v in value.items():
            sub = props.get(k)
            if sub is None:
                if unknown and not self.open:
                    out.append(Issue("unknown", path + (k,), self, v))
                continue
            out += sub.issues(v, path + (k,))
        out += self.required_issues(value, path)
        return out

    def required_issues(self, value: dict, path: tuple) -> list[Issue]:
        out = []
        for r in self.required:
            if _blank(value.get(r)):
                out.append(Issue("required", path, self, None, r))
        for cond, req, reason, sev in self.conditionals:
            if cond.ok(value):
                trig = _trigger_key(cond)
                for r in req:
                    if _blank(value.get(r)):
                        out.append(Issue("required", path, self, None, r, trigger=(path + (trig,)) if trig else None,
                                         reason=reason, severity=sev))
        return out

    def _branch_issues(self, value: Any, path: tuple) -> list[Issue]:
        fitting = [b for b in self.branches if b.types is None or any(_TYPE_PRED[t](value) for t in b.types)]
        if self.expect is None and len(fitting) == 1:
            inner = fitting[0].issues(value, path)
            if inner:
                return inner
        kind = "pattern" if fitting and type(value) is str else "type"
        if fitting and any(b.enum is not None or b.raw.get("x-enum") for b in fitting):
            kind = "enum"
        return [Issue(kind, path, self, value)]

    def expected_types(self) -> tuple[str, ...]:
        if self.types is not None:
            return self.types
        if self.branches:
            out: list[str] = []
            for b in self.branches:
                for t in b.expected_types():
                    if t not in out:
                        out.append(t)
            return tuple(out)
        if self.enum is not None:
            return tuple(dict.fromkeys(_py_type(e) for e in self.enum))
        return ()


def _blank(v) -> bool:
    """A required key that gives nothing: absent, `key:` (null) or only spaces (`title: ""`)."""
    return v is None or (isinstance(v, str) and not v.strip())


def _in_enum(value, enum) -> bool:
    t = _py_type(value)
    return any(_py_type(e) == t and e == value for e in enum)


def _trigger_key(cond: Spec) -> str | None:
    if cond.required:
        return cond.required[0]
    if cond.negated is not None and cond.negated.required:
        return cond.negated.required[0]
    return None


# --------------------------------------------------------------------------- compiler
class Compiler:
    """Compiles schema nodes from a set of documents; ``$ref`` results are shared."""

    def __init__(self, docs: dict[str, dict]):
        self.docs = docs
        self.cache: dict[tuple, Spec] = {}
        self._cond = 0  # > 0 while compiling an `if`/`not` sub-schema (open objects, as in JSON Schema)

    def resolve(self, ref: str, base: str) -> tuple[dict, str, str]:
        file, _, pointer = ref.partition("#")
        file = file.rsplit("/", 1)[-1] if file else base
        doc = self.docs.get(file)
        if doc is None:
            raise SchemaError(f"$ref {ref!r}: no schema named {file!r}")
        node: Any = doc
        for part in [p for p in pointer.split("/") if p]:
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                raise SchemaError(f"$ref {ref!r} does not resolve in {file}")
            node = node[part]
        return node, file, pointer

    def compile_ref(self, ref: str, base: str) -> Spec:
        node, file, pointer = self.resolve(ref, base)
        key = (file, pointer, self._cond > 0)
        s = self.cache.get(key)
        if s is None:
            s = self.compile(node, file)
            self.cache[key] = s
        return s

    def compile(self, node: Any, base: str) -> Spec:
        if node is True or node == {}:
            return Spec({})
        if not isinstance(node, dict):
            raise SchemaError(f"schema node {node!r} is not an object")
        bad = [k for k in node if k not in _SUPPORTED and k not in _ANNOTATIONS and not k.startswith("x-")]
        if bad:
            raise SchemaError(f"unsupported schema keyword(s) {bad} in {base}")
        if "$ref" in node and len([k for k in node if k not in _ANNOTATIONS and not k.startswith("x-")]) == 1:
            target = self.compile_ref(node["$ref"], base)
            if not any(k.startswith("x-") for k in node) and "description" not in node:
                return target
            # a $ref with its own annotations: same checks, own description/expectation
            s = Spec({**target.raw, **node})
            for f in ("ok", "types", "enum", "const", "has_const", "pattern", "minimum", "maximum", "props", "open",
                      "items", "branches", "required", "conditionals", "negated"):
                setattr(s, f, getattr(target, f))
            return s
        spec = Spec(node)
        checks: list[Callable[[Any], bool]] = []
        t = node.get("type")
        if t is not None:
            spec.types = (t,) if isinstance(t, str) else tuple(t) if isinstance(t, list) else (t,)
            if not spec.types or any(not isinstance(x, str) or x not in _PY_TYPES for x in spec.types):
                raise SchemaError(f"`type` {t!r} in {base}: use one of {', '.join(sorted(_PY_TYPES))} (or a list of them)")
            exact = frozenset(pt for x in spec.types for pt in _PY_TYPES[x])
            if "integer" in spec.types and "number" not in spec.types:
                checks.append(lambda v, ex=exact: type(v) in ex or (type(v) is float and v.is_integer()))
            else:
                checks.append(lambda v, ex=exact: type(v) in ex)
        if "enum" in node:
            spec.enum = tuple(node["enum"])
            enum_set = {(_py_type(e), e) for e in spec.enum if not isinstance(e, (dict, list))}
            checks.append(lambda v, es=enum_set: (_py_type(v), v) in es if not isinstance(v, (dict, list)) else False)
        if "const" in node:
            spec.const, spec.has_const = node["const"], True
            c = node["const"]
            checks.append(lambda v, c=c: _py_type(v) == _py_type(c) and v == c)
        if "pattern" in node:
            spec.pattern = re.compile(node["pattern"])
            checks.append(lambda v, p=spec.pattern: type(v) is not str or p.search(v) is not None)
        lo, hi = node.get("minimum"), node.get("maximum")
        if lo is not None or hi is not None:
            spec.minimum, spec.maximum = lo, hi

            def rng(v, lo=lo, hi=hi):
                if type(v) not in (int, float):
                    return True
                return (lo is None or v >= lo) and (hi is None or v <= hi)

            checks.append(rng)
        if "items" in node:
            spec.items = self.compile(node["items"], base)
            it = spec.items.ok
            checks.append(lambda v, it=it: type(v) is not list or all(x is None or it(x) for x in v))
        for kw in ("anyOf", "oneOf"):
            if kw in node:
                spec.branches = tuple(self.compile(b, base) for b in node[kw])
                bs = tuple(b.ok for b in spec.branches)

                def any_of(v, bs=bs):
                    for b in bs:
                        if b(v):
                            return True
                    return False

                checks.append(any_of)
        if "not" in node:
            self._cond += 1
            try:
                spec.negated = self.compile(node["not"], base)
            finally:
                self._cond -= 1
            n = spec.negated.ok
            checks.append(lambda v, n=n: not n(v))
        if "properties" in node or "allOf" in node or "required" in node or "if" in node:
            self._object(spec, node, base)
            checks.append(self._object_check(spec))
        if not checks:
            spec.ok = lambda v: True
        elif len(checks) == 1:
            spec.ok = checks[0]
        else:
            cs = tuple(checks)
            spec.ok = lambda v, cs=cs: all(c(v) for c in cs)
        return spec

    # objects: properties flattened over allOf (own properties win), required and if/then collected
    def _object(self, spec: Spec, node: dict, base: str) -> None:
        props: dict[str, Spec] = {}
        required: list[str] = []
        conds: list = []
        for sub in node.get("allOf", ()):
            s = self.compile(sub, base)
            if s.props:
                props.update(s.props)
            required += [r for r in s.required if r not in required]
            conds += [c for c in s.conditionals if c not in conds]
        for k, v in (node.get("properties") or {}).items():
            props[k] = self.compile(v, base)
        required += [r for r in node.get("required", ()) if r not in required]
        if "if" in node and "then" in node:
            then = node["then"]
            self._cond += 1
            try:
                cond = self.compile(node["if"], base)
            finally:
                self._cond -= 1
            conds.append((cond, tuple(then.get("required", ())), then.get("x-reason"), then.get("x-severity")))
        spec.props = props if props else None
        spec.required = tuple(required)
        spec.conditionals = tuple(conds)
        spec.open = bool(node.get("x-open")) or not props or self._cond > 0

    @staticmethod
    def _object_check(spec: Spec) -> Callable[[Any], bool]:
        props = spec.props or {}
        closed = not spec.open
        required = spec.required
        conds = spec.conditionals

        items = tuple((k, s.ok) for k, s in props.items())

        def check(v):
            if type(v) is not dict:
                return True  # the type check reports non-objects
            if closed:
                for k, x in v.items():
                    s = props.get(k)
                    if s is None or (x is not None and not s.ok(x)):
                        return False
            else:
                for k, ok in items:
                    x = v.get(k)
                    if x is not None and not ok(x):
                        return False
            for r in required:
                if v.get(r) is None:
                    return False
            for c, req, _, _s in conds:
                if c.ok(v) and any(v.get(r) is None for r in req):
                    return False
            return True

        return check


# --------------------------------------------------------------------------- the catalog
@dataclass(slots=True)
class DocSchema:
    """What one document is checked against: a layout schema merged with its collection's."""

    name: str  # "layout-about", "layout-post+collection-posts", ...
    spec: Spec  # object spec (props, required, conditionals)
    layout: str | None
    collection: str | None

    @property
    def props(self) -> dict[str, Spec]:
        return self.spec.props or {}


class Catalog:
    def __init__(self, docs: dict[str, dict] | None = None):
        self.docs = docs if docs is not None else load_documents()
        self.compiler = Compiler(self.docs)
        self._doc_cache: dict[tuple, DocSchema] = {}
        self._top: dict[str, Spec] = {}

    def top(self, file: str) -> Spec:
        s = self._top.get(file)
        if s is None:
            if file not in self.docs:
                raise SchemaError(f"no schema {file}")
            s = self._top[file] = self.compiler.compile(self.docs[file], file)
        return s

    @staticmethod
    def layout_file(layout: str) -> str:
        return f"layout-{layout}.schema.json"

    @staticmethod
    def collection_file(label: str) -> str:
        return f"collection-{label}.schema.json"

    def has_layout(self, layout: str) -> bool:
        return self.layout_file(layout) in self.docs

    def has_collection(self, label: str) -> bool:
        return self.collection_file(label) in self.docs

    def for_document(self, layout: str | None, collection: str | None) -> DocSchema:
        """The schema of a document: its layout's (``layout-none`` without one) plus its collection's."""
        key = (layout, collection)
        ds = self._doc_cache.get(key)
        if ds is not None:
            return ds
        lay = layout if layout and self.has_layout(layout) else "none"
        base = self.top(self.layout_file(lay))
        names = [f"layout-{lay}"]
        spec = base
        if collection and self.has_collection(collection):
            cs = self.top(self.collection_file(collection))
            names.append(f"collection-{collection}")
            spec = _merge_objects(cs, base)
        ds = self._doc_cache[key] = DocSchema("+".join(names), spec, layout, collection)
        return ds

    def config(self) -> Spec:
        return self.top("config.schema.json")

    @property
    def all_front_matter_keys(self) -> dict[str, set[str]]:
        """key → names of the layout/collection schemas that define it (top level)."""
        cached = getattr(self, "_all_keys", None)
        if cached is not None:
            return cached
        out: dict[str, set[str]] = {}
        for f in self.docs:
            if f.startswith(("layout-", "collection-")):
                for k in self.top(f).props or {}:
                    out.setdefault(k, set()).add(f[: -len(".schema.json")])
        self._all_keys = out
        return out

    def key_weights(self) -> dict[str, float]:
        """How common a key is: the number of schemas that define it (ranks suggestions)."""
        return {k: float(len(v)) for k, v in self.all_front_matter_keys.items()}

    # ------------------------------------------------------------------ export for editors
    def resolved(self, name: str) -> dict:
        """A self-contained schema (``$ref`` and ``allOf`` inlined) for a layout, a collection or ``config``.

        ``name`` is a layout (``about``), ``collection:news`` / a collection label, ``layout+collection``
        (``post+posts``) or ``config``.
        """
        if name == "config":
            files = ["config.schema.json"]
        else:
            parts = name.split("+")
            files = []
            for p in parts:
                p = p.strip()
                if p.startswith("collection:"):
                    files.append(self.collection_file(p.split(":", 1)[1]))
                elif self.has_layout(p):
                    files.append(self.layout_file(p))
                elif self.has_collection(p):
                    files.append(self.collection_file(p))
                else:
                    raise SchemaError(f"no schema for {p!r} (layouts: {', '.join(LAYOUTS)}; collections: {', '.join(COLLECTIONS)}; or config)")
        merged: dict = {"type": "object", "properties": {}}
        titles = []
        # later files are weaker: the layout (first) wins on keys both define
        for f in reversed(files):
            doc = self.docs[f]
            flat = self._flatten(doc, f)
            merged["properties"].update(flat.get("properties", {}))
            for k in ("required", "allOf"):
                if k in flat:
                    merged.setdefault(k, [])
                    merged[k] += [x for x in flat[k] if x not in merged[k]]
            titles.append(doc.get("title", f))
        out = {"$schema": SCHEMA_DIALECT, "$id": f"https://folio-lint.dev/schemas/resolved/{name}.schema.json",
               "title": " + ".join(reversed(titles)),
               "description": self.docs[files[0]].get("description", ""), **merged}
        out["properties"] = dict(sorted(out["properties"].items()))
        return out

    def _flatten(self, node: Any, base: str, depth: int = 0) -> Any:
        if depth > 40:
            raise SchemaError("schema nesting too deep")
        if isinstance(node, list):
            return [self._flatten(x, base, depth + 1) for x in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            target, file, _ = self.resolve_ref(node["$ref"], base)
            rest = {k: v for k, v in node.items() if k != "$ref"}
            flat = self._flatten(target, file, depth + 1)
            return {**flat, **{k: self._flatten(v, base, depth + 1) for k, v in rest.items()}}
        out: dict = {}
        props: dict = {}
        conds: list = []
        for sub in node.get("allOf", ()):
            f = self._flatten(sub, base, depth + 1)
            props.update(f.get("properties", {}))
            if "if" in f:
                conds.append({"if": f["if"], "then": f["then"]})
            conds += f.get("allOf", [])
        for k, v in node.items():
            if k in ("allOf", "$defs", "$schema", "$id"):
                continue
            if k == "properties":
                props.update({pk: self._flatten(pv, base, depth + 1) for pk, pv in v.items()})
            elif k in ("if", "then") and "allOf" in node:
                continue
            else:
                out[k] = self._flatten(v, base, depth + 1)
        if "if" in node and "then" in node and "allOf" in node:
            conds.append({"if": node["if"], "then": node["then"]})
        if props:
            out["properties"] = props
        if conds:
            out["allOf"] = conds
        return out

    def resolve_ref(self, ref: str, base: str):
        return self.compiler.resolve(ref, base)


def _merge_objects(weak: Spec, strong: Spec) -> Spec:
    """An object spec with the keys of both; ``strong`` wins where both define a key."""
    props = dict(weak.props or {})
    props.update(strong.props or {})
    raw = {"type": "object", "description": strong.raw.get("description")}
    s = Spec(raw)
    s.types = ("object",)
    s.props = props
    s.open = False
    s.required = tuple(dict.fromkeys(weak.required + strong.required))
    s.conditionals = tuple(dict.fromkeys(weak.conditionals + strong.conditionals))
    s.ok = Compiler._object_check(s)
    return s


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """The shipped catalog, compiled once per process."""
    return Catalog()


@lru_cache(maxsize=1)
def deprecations() -> list[dict]:
    """``data/deprecations.yml`` as a list of entries (each ``path`` normalised to a list)."""
    from .yamlload import load_plain

    out = []
    for e in load_plain(_data_file("deprecations.yml")) or []:
        paths = e["path"] if isinstance(e["path"], list) else [e["path"]]
        for p in paths:
            d = dict(e)
            d["path"] = str(p)
            d["live_if"] = [str(x).replace("{key}", str(p)) for x in (e.get("live_if") or [])]
            d["message"] = str(e.get("message", ""))
            d["migration"] = str(e.get("migration", ""))
            out.append(d)
    return out


def catalog_with(user: dict | None) -> tuple[Catalog, frozenset[str], list[str]]:
    """The shipped catalog plus a user's own schemas, from ``.folio-lint.yml`` ``schemas:``
    (``{"layouts": {name: path}, "collections": {label: path}}``; a name that al-folio has replaces its schema).

    Returns (catalog, the layout names with a user schema, problems). A user schema that cannot be read or
    uses keywords outside the supported subset is left out (the shipped one stays) and named in ``problems``.
    Their ``$ref``s may point at the shipped schemas by file name (``layout-page.schema.json#``).
    """
    if not user:
        return catalog(), frozenset(), []
    key = tuple(sorted((sub, name, str(path)) for sub, m in user.items() if isinstance(m, dict) for name, path in m.items()))
    return _catalog_with(key)


def user_schema_problem(sub: str, name: str, doc: Any, docs: dict | None = None) -> str | None:
    """Why a user's schema (``schemas.<sub>.<name>`` in ``.folio-lint.yml``) cannot be used, or None."""
    fname = (Catalog.layout_file if sub == "layouts" else Catalog.collection_file)(name)
    trial = dict(docs if docs is not None else load_documents())
    trial[fname] = doc
    try:
        Compiler(trial).compile(doc, fname)
    except SchemaError as e:
        return str(e)
    except (TypeError, KeyError, AttributeError, ValueError) as e:  # a malformed node (`"type": 5`)
        return f"malformed schema ({type(e).__name__}: {e})"
    return None


@lru_cache(maxsize=8)
def _catalog_with(key: tuple) -> tuple[Catalog, frozenset[str], list[str]]:
    docs = dict(load_documents())
    problems: list[str] = []
    layouts = set()
    for sub, name, path in key:
        fname = (Catalog.layout_file if sub == "layouts" else Catalog.collection_file)(name)
        try:
            with open(path, encoding="utf-8") as fh:
                doc = json.load(fh)
        except (OSError, ValueError) as e:
            problems.append(f"{path}: {e}")
            continue
        why = user_schema_problem(sub, name, doc, docs)
        if why is not None:
            problems.append(f"{path}: {why}")
            continue
        docs[fname] = doc
        if sub == "layouts":
            layouts.add(name)
    return Catalog(docs), frozenset(layouts), problems
