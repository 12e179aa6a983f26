"""folio-lint's own configuration: ``.folio-lint.yml`` → the frozen :class:`~folio_lint.settings.Settings`.

Where it is found, per site: the nearest ``.folio-lint.yml`` / ``.folio-lint.yaml`` / ``pyproject.toml``
with a ``[tool.folio-lint]`` table, at or above the site root (a ``--config`` file is used for every
site instead; ``--isolated`` uses none). ``extends`` starts from built-in presets
(``folio_lint/data/presets/<name>.yml``) or other files; the file itself wins.

The file is validated by ``schemas/folio-lint-config.schema.json``; every problem is reported with its
line and column and, for a misspelt option or rule, the nearest valid one. A bad configuration is
a usage error (exit 2), never silently ignored.

``Settings.options`` names other modules read (documented in the README):

* ``extra-keys``: ``{"*" | layout | collection label: sorted tuple of keys}`` (schemas);
* ``schemas``: ``{"layouts": {name: abspath}, "collections": {label: abspath}}`` (schemas);
* ``al-folio-version``: the pinned release as a string, or absent;
* ``external-links``: ``{"enabled", "timeout", "concurrency", "retries", "cache-ttl", "ignore", "accept"}`` as
  written (read by :func:`folio_lint.external.options_from`);
* ``rule-options``: ``{code: {option: value}}`` (rule names resolved to codes);
* ``served-elsewhere``: the ``links: served-elsewhere:`` paths as sorted ``/folder/`` prefixes (a
  leading and a trailing ``/`` added, percent-escapes decoded; read by :mod:`folio_lint.rules.links`);
* ``config-files``: the files the settings came from, most general first.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from typing import Any

from .discover import FolioLintError
from .settings import Settings

CONFIG_NAMES = (".folio-lint.yml", ".folio-lint.yaml")
PRESETS = ("recommended", "strict")
SELECTOR_KEYS = ("select", "extend-select", "ignore")
LIST_MERGE = ("extend-select", "ignore", "exclude")
MAP_MERGE = ("severity", "per-file-ignores", "extra-keys", "options", "external-links", "links")


class ConfigError(FolioLintError):
    """A configuration file that cannot be used; the message lists every problem with its position."""


@dataclass
class ConfigProblem:
    file: str
    line: int
    column: int
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        s = f"{self.file}:{self.line}:{self.column}: {self.message}"
        return s + (f" ({self.hint})" if self.hint else "")


@dataclass
class LoadedConfig:
    """A configuration after ``extends``: the merged mapping and the files it came from."""

    data: dict[str, Any] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    base_dirs: dict[str, str] = field(default_factory=dict)  # key -> folder its relative paths start from


# ---------------------------------------------------------------------- finding the file
def find_config(start: str) -> str | None:
    """The nearest configuration at or above ``start`` (a folder)."""
    d = os.path.abspath(start)
    if os.path.isfile(d):
        d = os.path.dirname(d)
    while True:
        for n in CONFIG_NAMES:
            p = os.path.join(d, n)
            if os.path.isfile(p) or os.path.islink(p):  # (a dangling link is an error, not "no configuration")
                return p
        pp = os.path.join(d, "pyproject.toml")
        if os.path.isfile(pp) and _pyproject_table(pp) is not None:
            return pp
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def _pyproject_table(path: str) -> dict | None:
    import tomllib

    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        data = tomllib.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    except tomllib.TOMLDecodeError:
        # broken TOML that holds folio-lint's table: found (reading it says what is wrong), not silently skipped
        return {} if re.search(rb"^\s*\[\s*tool\s*\.\s*[\"']?folio-lint", raw, re.M) else None
    t = data.get("tool", {})
    return t.get("folio-lint") if isinstance(t, dict) and isinstance(t.get("folio-lint"), dict) else None


# ---------------------------------------------------------------------- reading and validating one file
def _read_file(path: str, display: str) -> tuple[dict, Any]:
    """(mapping, locate) where ``locate(path_tuple, key=False)`` gives (line, column)."""
    if path.endswith(".toml"):
        import tomllib

        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{display}: not valid TOML: {e}") from None
        except OSError as e:
            raise ConfigError(f"{display}: cannot be read ({e.strerror or e})") from None
        table = (data.get("tool") or {}).get("folio-lint", {})
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                positions = _toml_positions(fh.read())
        except OSError:
            positions = {}

        def locate_toml(p: tuple, key: bool = False) -> tuple[int, int]:
            p = tuple(str(x) for x in p if not isinstance(x, int))
            while p and p not in positions:
                p = p[:-1]
            return positions.get(p, (1, 1))

        return (table if isinstance(table, dict) else {}), locate_toml
    from .source import read_source
    from .yamlload import load_yaml

    src = read_source(display, path)
    if src.error:
        raise ConfigError(f"{display}: {src.error}")
    y = load_yaml(src.text, src.lines, 0, 0)
    problems = [p for p in y.problems if p.kind in ("syntax", "tag", "bomb", "depth", "complex-key")]
    if problems:
        lines = []
        for p in problems:
            pos = src.lines.position(p.start)
            lines.append(str(ConfigProblem(display, pos.line, pos.column, p.message, p.hint)))
        raise ConfigError("invalid configuration:\n  " + "\n  ".join(lines))
    data = y.data if y.data is not None else {}
    if not isinstance(data, dict):
        raise ConfigError(f"{display}:1:1: the configuration must be a mapping of options (`select: [...]`), "
                          f"not a {type(data).__name__}")

    def locate(p: tuple, key: bool = False) -> tuple[int, int]:
        while p and p not in y.nodes:
            p = p[:-1]
        n = y.nodes.get(p)
        if n is None:
            return 1, 1
        off = n.key_start if key and n.key_start is not None else n.start
        pos = src.lines.position(off)
        return pos.line, pos.column

    dups = [d for d in y.duplicates]
    if dups:
        d = dups[0]
        pos = src.lines.position(d.second[0])
        raise ConfigError(f"invalid configuration:\n  {display}:{pos.line}:{pos.column}: "
                          f"`{'.'.join(map(str, d.path))}` is given twice")
    return data, locate


_TOML_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_TOML_KEY = re.compile(r"^(\s*)((?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=")


def _toml_key_parts(dotted: str) -> tuple[str, ...]:
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)", dotted)
    return tuple(a or b or c for a, b, c in parts)


def _toml_positions(text: str) -> dict[tuple, tuple[int, int]]:
    """Where each key of ``[tool.folio-lint]`` (and its sub-tables) is written: path -> (line, column).

    A line scanner, not a TOML parser (``tomllib`` has already read the file): table headers,
    ``key = value`` lines and dotted keys; a key inside a multi-line value is not seen, and then
    the nearest enclosing key's position is used.
    """
    out: dict[tuple, tuple[int, int]] = {}
    table: tuple[str, ...] = ()
    for n, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("[["):
            table = ("[[",)  # an array of tables: never folio-lint's
            continue
        m = _TOML_HEADER.match(line)
        if m:
            table = _toml_key_parts(m.group(1))
            if table[:2] == ("tool", "folio-lint"):
                out.setdefault(table[2:], (n, line.index("[") + 1))
            continue
        m = _TOML_KEY.match(line)
        if m is None:
            continue
        full = table + _toml_key_parts(m.group(2))
        if full[:2] == ("tool", "folio-lint") and len(full) > 2:
            out.setdefault(full[2:], (n, len(m.group(1)) + 1))
    return out


def _validator():
    import jsonschema

    from .resources import load_schema

    schema = load_schema("folio-lint-config.schema.json")
    return jsonschema.Draft202012Validator(schema)


def validate(data: dict, display: str, locate) -> list[ConfigProblem]:
    """Schema problems and unknown rule selectors, positioned, with did-you-mean."""
    from .suggest import suggest

    out: list[ConfigProblem] = []
    schema = _validator().schema
    top_keys = list(schema["properties"])
    for err in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            known = list((err.schema or {}).get("properties", {}))
            allowed = set(known)
            for k in err.instance:
                if k in allowed:
                    continue
                line, col = locate(path + (k,), key=True)
                sug = suggest(str(k), known) if known else []
                where = "at the top level" if not path else f"in `{'.'.join(map(str, path))}`"
                out.append(ConfigProblem(display, line, col, f"unknown option `{k}` {where}",
                                         f"did you mean `{sug[0]}`?" if sug else
                                         ("options are " + ", ".join(f"`{x}`" for x in known)) if known else None))
            continue
        line, col = locate(path)
        name = ".".join(map(str, path)) or "(top level)"
        out.append(ConfigProblem(display, line, col, f"`{name}`: {_plain(err)}"))
    out += _check_selectors(data, display, locate)
    _ = top_keys
    return out


def _plain(err) -> str:
    v = err.validator
    if v == "type":
        t = err.validator_value
        want = " or ".join(t) if isinstance(t, list) else t
        article = "an" if str(want)[:1] in "aeiou" else "a"
        return f"must be {article} {want}, not {type(err.instance).__name__} `{err.instance!r}`"
    if v == "enum":
        return f"must be one of {', '.join(map(str, err.validator_value))}, not `{err.instance}`"
    if v == "anyOf":
        return f"`{err.instance!r}` has the wrong shape ({err.schema.get('description', 'see the documentation')})"
    if v == "minLength":
        return "must not be empty"
    if v == "minimum":
        return f"must be at least {err.validator_value}"
    return err.message


def _check_selectors(data: dict, display: str, locate) -> list[ConfigProblem]:
    from .registry import BY_NAME, RULES, lookup
    from .suggest import suggest

    names = list(RULES) + list(BY_NAME)
    out = []

    def check(sel: Any, path: tuple):
        if not isinstance(sel, str):
            return
        if sel.strip().upper() == "ALL" or lookup(sel):
            return
        line, col = locate(path)
        sug = suggest(sel, names)
        out.append(ConfigProblem(display, line, col, f"`{sel}` matches no folio-lint rule",
                                 f"did you mean `{sug[0]}`?" if sug else "see `folio-lint rules`"))

    for k in SELECTOR_KEYS:
        v = data.get(k)
        if isinstance(v, list):
            for i, s in enumerate(v):
                check(s, (k, i))
    sev = data.get("severity")
    if isinstance(sev, dict):
        for s in sev:
            check(s, ("severity", s))
    pfi = data.get("per-file-ignores")
    if isinstance(pfi, dict):
        for g, sels in pfi.items():
            for i, s in enumerate(sels if isinstance(sels, list) else [sels]):
                check(s, ("per-file-ignores", g, i) if isinstance(sels, list) else ("per-file-ignores", g))
    opts = data.get("options")
    if isinstance(opts, dict):
        for s in opts:
            check(s, ("options", s))
    return out


def _check_schema_files(data: dict, display: str, locate, folder: str) -> list[ConfigProblem]:
    """Each ``schemas:`` file must exist and be JSON (one that does not was left out silently, and
    the shipped schema used in its place)."""
    import json

    out = []
    for sub, m in (data.get("schemas") or {}).items():
        for name, ref in (m or {}).items() if isinstance(m, dict) else ():
            rel = ref.get("$ref") if isinstance(ref, dict) else ref
            if not isinstance(rel, str):
                continue
            path = ("schemas", sub, name) + (("$ref",) if isinstance(ref, dict) else ())
            try:
                with open(_schema_path(rel, folder), encoding="utf-8") as fh:
                    doc = json.load(fh)
                from .schema_catalog import user_schema_problem

                why = user_schema_problem(sub, str(name), doc) if sub in ("layouts", "collections") else None
                if why is None:
                    continue
                why = f"is not a schema folio-lint can use: {why}"
            except FileNotFoundError:
                why = "does not exist (relative to this file)"
            except IsADirectoryError:
                why = "is a folder, not a JSON Schema file"
            except OSError as e:
                why = f"cannot be read ({e.strerror or e})"
            except ValueError as e:
                why = f"is not JSON ({e})"
            line, col = locate(path)
            out.append(ConfigProblem(display, line, col, f"`schemas.{sub}.{name}`: `{rel}` {why}"))
    return out


def _served_elsewhere_items(raw) -> list[tuple[tuple, str]]:
    """((path in the file), value) of each `links: served-elsewhere:` entry (a bare string is one)."""
    if isinstance(raw, str):
        return [(("links", "served-elsewhere"), raw)]
    if isinstance(raw, list):
        return [(("links", "served-elsewhere", i), v) for i, v in enumerate(raw) if isinstance(v, str)]
    return []


def served_elsewhere_prefix(value: str) -> tuple[str | None, str | None]:
    """(prefix, None) for one `served-elsewhere` entry, or (None, why it cannot be used).

    `cdn`, `/cdn`, `/cdn/`, `/cdn/*` and `/cdn/**` all give `/cdn/`, which covers `/cdn` and
    everything under it (a path-segment boundary: not `/cdnx`)."""
    from urllib.parse import unquote

    v = value.strip()
    if "://" in v or v.startswith("//"):
        return None, "is a URL; give the path on this site's own domain (`/cdn/`)"
    for tail in ("/**", "/*"):
        if v.endswith(tail):
            v = v[: -len(tail)]
            break
    if any(c in v for c in "*?#"):
        return None, "is a path prefix, not a pattern: `/cdn/` covers everything under `/cdn/`"
    v = "/" + unquote(v).strip("/")
    if v == "/":
        return None, "would leave every internal link unchecked; name the folders served elsewhere (`/cdn/`)"
    return v + "/", None


def _check_served_elsewhere(data: dict, display: str, locate) -> list[ConfigProblem]:
    out = []
    for path, v in _served_elsewhere_items((data.get("links") or {}).get("served-elsewhere")
                                           if isinstance(data.get("links"), dict) else None):
        _, why = served_elsewhere_prefix(v)
        if why is not None:
            line, col = locate(path)
            out.append(ConfigProblem(display, line, col, f"`links.served-elsewhere`: `{v}` {why}"))
    return out


# ---------------------------------------------------------------------- extends and merging
def _preset_path(name: str):
    from importlib import resources

    try:
        return resources.files("folio_lint").joinpath("data", "presets", f"{name}.yml")
    except (ModuleNotFoundError, TypeError):  # pragma: no cover
        from pathlib import Path

        return Path(__file__).resolve().parent / "data" / "presets" / f"{name}.yml"


def load(path: str, *, _seen: tuple[str, ...] = ()) -> LoadedConfig:
    """Read and validate one configuration file and everything it extends."""
    ap = os.path.abspath(path)
    if ap in _seen:
        raise ConfigError(f"{path}: `extends` loops back to this file")
    if not os.path.isfile(ap) and not os.path.islink(ap):  # (a link that leads nowhere: read_source says so)
        raise ConfigError(f"{path}: no such configuration file")
    display = _display(ap)
    data, locate = _read_file(ap, display)
    sev = data.get("severity")
    if isinstance(sev, dict):  # YAML 1.1 reads an unquoted `off` as false
        data["severity"] = {k: ("off" if v is False else v) for k, v in sev.items()}
    folder = os.path.dirname(ap)
    problems = validate(data, display, locate)
    problems = problems or _check_schema_files(data, display, locate, folder) or _check_served_elsewhere(data, display, locate)
    if problems:
        raise ConfigError("invalid configuration:\n  " + "\n  ".join(map(str, problems)))
    merged = LoadedConfig()
    ext = data.get("extends")
    for i, e in enumerate([ext] if isinstance(ext, str) else (ext or [])):
        merged = _merge(merged, _load_extended(e, folder, display, locate, ("extends",) if isinstance(ext, str) else ("extends", i), _seen + (ap,)))
    own = LoadedConfig({k: v for k, v in data.items() if k not in ("extends", "$schema")}, [ap],
                       {k: folder for k in data})
    return _merge(merged, own)


def _load_extended(ref: str, folder: str, display: str, locate, where: tuple, seen) -> LoadedConfig:
    from .suggest import suggest

    if "/" not in ref and "\\" not in ref and not ref.endswith((".yml", ".yaml", ".toml")):
        if ref not in PRESETS:
            line, col = locate(where)
            sug = suggest(ref, PRESETS)
            raise ConfigError(f"invalid configuration:\n  {display}:{line}:{col}: `extends: {ref}` names no "
                              f"built-in preset ({'did you mean `' + sug[0] + '`?' if sug else 'presets: ' + ', '.join(PRESETS)})")
        text = _preset_path(ref).read_text(encoding="utf-8")
        from .source import source_from_text
        from .yamlload import load_yaml

        src = source_from_text(f"preset:{ref}", text)
        data = load_yaml(src.text, src.lines).data or {}
        return LoadedConfig({k: v for k, v in data.items()}, [f"preset:{ref}"], {k: folder for k in data})
    p = ref if os.path.isabs(ref) else os.path.join(folder, ref)
    if not os.path.isfile(p):
        line, col = locate(where)
        raise ConfigError(f"invalid configuration:\n  {display}:{line}:{col}: `extends: {ref}`: no such file")
    return load(p, _seen=seen)


def _merge(base: LoadedConfig, over: LoadedConfig) -> LoadedConfig:
    out = dict(base.data)
    dirs = dict(base.base_dirs)
    for k, v in over.data.items():
        if k in LIST_MERGE and isinstance(out.get(k), list) and isinstance(v, list):
            out[k] = out[k] + [x for x in v if x not in out[k]]
        elif k in MAP_MERGE and isinstance(out.get(k), dict) and isinstance(v, dict):
            out[k] = {**out[k], **v}
        elif k == "schemas" and isinstance(out.get(k), dict) and isinstance(v, dict):
            merged = dict(out[k])
            for sub, m in v.items():
                merged[sub] = {**merged.get(sub, {}), **(m or {})}
            out[k] = merged
        else:
            out[k] = v
        dirs[k] = over.base_dirs.get(k, dirs.get(k, ""))
    return LoadedConfig(out, base.files + [f for f in over.files if f not in base.files], dirs)


def _display(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return rel if not rel.startswith(".." + os.sep + "..") else path


# ---------------------------------------------------------------------- → Settings
@dataclass(frozen=True)
class CliOverrides:
    """What the command line says; it wins over the file (``select`` replaces the file's ``select`` and
    ``ignore``; ``extend-select``, ``ignore`` and ``exclude`` add to the file's)."""

    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    strict: bool = False
    drafts: bool = False
    external: bool = False
    exclude: tuple[str, ...] = ()
    config: str | None = None  # --config FILE
    isolated: bool = False  # --isolated: no configuration file


def to_settings(cfg: LoadedConfig, cli: CliOverrides | None = None) -> Settings:
    cli = cli or CliOverrides()
    d = cfg.data
    sel = tuple(d.get("select") or ())
    if cli.select:
        sel = cli.select
    pfi = []
    for glob, sels in (d.get("per-file-ignores") or {}).items():
        pfi.append((str(glob), tuple([sels] if isinstance(sels, str) else sels)))
    options: dict[str, Any] = {"config-files": tuple(cfg.files)}
    if d.get("extra-keys") is not None:
        options["extra-keys"] = _extra_keys(d["extra-keys"])
    if d.get("schemas"):
        base = cfg.base_dirs.get("schemas", "")
        options["schemas"] = {
            sub: {name: _schema_path(ref, base) for name, ref in (m or {}).items()}
            for sub, m in d["schemas"].items()
        }
    if d.get("al-folio-version") is not None:
        options["al-folio-version"] = str(d["al-folio-version"])
    ext = dict(d.get("external-links") or {})
    options["external-links"] = ext
    links = d.get("links") or {}
    if links.get("served-elsewhere"):
        got = {served_elsewhere_prefix(v)[0] for _, v in _served_elsewhere_items(links["served-elsewhere"])}
        options["served-elsewhere"] = tuple(sorted(p for p in got if p))
    if d.get("options"):
        from .registry import lookup

        ro: dict[str, dict] = {}
        for sel_, opts in d["options"].items():
            for r in lookup(sel_):
                ro.setdefault(r.code, {}).update(opts)
        options["rule-options"] = ro
    return Settings(
        select=sel,
        extend_select=tuple(d.get("extend-select") or ()) + cli.extend_select,
        ignore=(() if cli.select else tuple(d.get("ignore") or ())) + cli.ignore,  # --select is explicit: it wins
        severities=tuple((str(k), str(v)) for k, v in (d.get("severity") or {}).items()),
        per_file_ignores=tuple(pfi),
        exclude=tuple(d.get("exclude") or ()) + cli.exclude,
        options=options,
        strict=bool(d.get("strict")) or cli.strict,
        drafts=bool(d.get("drafts")) or cli.drafts,
        external=bool(ext.get("enabled")) or cli.external,
        config_path=cfg.files[-1] if cfg.files else None,
    )


def _extra_keys(raw) -> dict[str, tuple[str, ...]]:
    """``{"*" | layout | collection: sorted keys}`` (sorted tuples: the settings' repr keys the cache)."""
    if isinstance(raw, list):
        return {"*": tuple(sorted(set(map(str, raw))))}
    out: dict[str, set[str]] = {}
    for k, v in raw.items():
        k = "*" if k in ("all", "*") else str(k)
        vals = [v] if isinstance(v, str) else list(v or [])
        out.setdefault(k, set()).update(str(x) for x in vals)
    return {k: tuple(sorted(v)) for k, v in sorted(out.items())}


def _schema_path(ref, base: str) -> str:
    p = ref["$ref"] if isinstance(ref, dict) else ref
    return p if os.path.isabs(p) else os.path.normpath(os.path.join(base, p))


def settings_for(root: str | None, cli: CliOverrides | None = None, *, cache: dict | None = None) -> Settings:
    """The settings for a site at ``root`` (None: standalone files, configuration from the current folder)."""
    cli = cli or CliOverrides()
    if cli.isolated:
        path = None
    elif cli.config:
        path = cli.config
    else:
        path = find_config(root or os.getcwd())
    key = os.path.abspath(path) if path else None
    if cache is not None and key in cache:
        return cache[key]
    cfg = load(path) if path else LoadedConfig()
    s = to_settings(cfg, cli)
    if cache is not None:
        cache[key] = s
    return s


def effective(root: str | None, cli: CliOverrides | None = None) -> dict:
    """What ``folio-lint config`` prints: the files read and the merged settings, rules resolved."""
    from .registry import RULES, load_rules

    s = settings_for(root, cli)
    load_rules()
    enabled = sorted(c for c in RULES if s.enabled(c))
    sev = {}
    for c in enabled:
        r = RULES[c]
        eff = str(s.severity_for(r, None))
        if eff != str(r.severity):
            sev[c] = eff
    opts = {k: _plainify(v) for k, v in s.options.items() if k != "config-files"}
    if "served-elsewhere" in opts:  # (shown as the file writes it)
        opts["links"] = {"served-elsewhere": opts.pop("served-elsewhere")}
    return {
        "config-files": [_display(f) if not f.startswith("preset:") else f for f in s.options.get("config-files", ())],
        "select": list(s.select) or "default",
        "extend-select": list(s.extend_select),
        "ignore": list(s.ignore),
        "severity": {k: v for k, v in s.severities},
        "per-file-ignores": {g: list(c) for g, c in s.per_file_ignores},
        "exclude": list(s.exclude),
        "strict": s.strict,
        "drafts": s.drafts,
        "external": s.external,
        **opts,
        "enabled-rules": enabled,
        "changed-severities": sev,
    }


def _plainify(v):
    if isinstance(v, (set, frozenset)):
        return sorted(v)
    if isinstance(v, dict):
        return {k: _plainify(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plainify(x) for x in v]
    return v


__all__ = ["ConfigError", "CliOverrides", "find_config", "load", "to_settings", "settings_for", "effective", "replace"]
