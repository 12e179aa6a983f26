"""FL016: the site's data files (`_data/*.yml`), which Jekyll reads before it renders any page."""

from __future__ import annotations

from ..diagnostics import Finding, Severity
from ..registry import CONFIG, rule
from ..yamlload import path_str
from .core import same_value_duplicate

# What Jekyll 4.3 does with each kind of YAML problem in a data file (checked with `jekyll build`):
# a syntax error stops the build, a repeated key keeps its later value without a word; dates that
# are not dates and tags are only data there. A file past folio-lint's own size or depth limits is
# not reported: Jekyll reads a large data file (a long publication list) without complaint.


@rule("FL016", "data-file-invalid", Severity.ERROR, CONFIG, also=("FL002", "FL003"))
def data_file_invalid(site, ctx):
    """A `_data/*.yml` file that Jekyll cannot read, or that gives a key twice.

    ## What it checks
    Every `.yml`/`.yaml` file under `_data/` (`socials.yml`, `cv.yml`, `repositories.yml`,
    `coauthors.yml`, `venues.yml` and your own) is parsed as Jekyll parses it. A YAML syntax
    error is reported with the YAML code FL002 at its place, with the same plain-words
    explanation as in front matter; a key given twice in the same mapping is FL003. JSON and CSV
    data files are not checked. The repeated key is a warning: the build goes on, but an entry
    (a coauthor keyed by last name, a publication, a course) is lost — unless both lines give the
    very same one-line value, which loses nothing (worded as in front matter).

    ## Why it matters
    Jekyll reads `_data/` before it renders anything: a syntax error there **stops the whole
    build** (`Psych::SyntaxError`), so nothing is deployed — GitHub Pages keeps serving the old
    site and only the Actions log says why. A repeated key silently keeps the later value: the
    first email, Scholar id or CV entry is dropped.

    ## Example
    ```yaml
    # _data/socials.yml
    scholar_userid: qc6CJjYAAAAJ
    orcid_id: [0000-0002-1825-0097     # bad: the list is never closed; the build stops
    orcid_id: 0000-0002-1825-0097      # good
    ```

    ## Fix
    Correct the YAML at the reported line (close the bracket or quote, indent with spaces, quote
    a value that holds `: `), or delete the repeated key you do not want.
    """
    if site.standalone:
        return
    for rel in site.data_files:
        if not rel.endswith((".yml", ".yaml")):
            continue
        src = site.sources.get(rel)
        if src is None or src.error or not src.text.strip():
            continue
        y = ctx.yaml_of(src)
        for p in y.problems:
            if p.kind == "syntax":
                yield Finding(rel, p.start, max(p.end, p.start),
                              f"YAML error in `{rel}`: {p.message}; Jekyll stops the build on this file",
                              hint=p.hint, code="FL002")
        seen = set()
        for d in y.duplicates:
            if d.second in seen:  # the same key again through each `<<: *alias` that merges its mapping
                continue
            seen.add(d.second)
            key = path_str(tuple(k for k in d.path if k != "<<"))
            first_line = src.lines.position(d.first[0]).line
            same = same_value_duplicate(rel, src.text, d.second[0], d.second[1], d.first[1], key, first_line)
            if same is not None:  # worded as in front matter: nothing is lost
                yield same
                continue
            yield Finding(rel, d.second[0], d.second[1],
                          f"`{key}` is given twice in `{rel}` (first on line {first_line}); Jekyll silently keeps this "
                          "later value and the first entry is lost", hint="delete the entry you do not want, or merge the two",
                          code="FL003", severity=Severity.WARNING, data={"key": key, "first_line": first_line})
