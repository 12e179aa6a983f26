"""FL313: Markdown written inside a raw HTML block, which kramdown leaves as literal text."""

from __future__ import annotations

import re

from ..diagnostics import Finding, Severity
from ..links import literal_links
from ..registry import PAGE, rule


_PARSE_BLOCK_HTML = re.compile(r"""\{::options\b[^}]*?\bparse_block_html=["']?(true|false)""")


@rule("FL313", "markdown-in-html-block", Severity.WARNING, PAGE)
def markdown_in_html_block(doc, ctx):
    """A Markdown link or image inside an HTML block: the page shows it as text, not as a link.

    ## What it checks
    kramdown (Jekyll's Markdown converter) reads a line that starts with the opening tag of a
    block-level HTML element (`<div>`, `<p>`, `<details>`, `<table>`, `<center>`, custom
    elements, ...) as raw HTML up to the matching closing tag. Markdown inside it is not
    converted: `[text](url)`, `![alt](src)`, `<https://…>` and `[text][ref]` stay literal text.
    Liquid inside still runs (`{% include %}`, `{{ '/x' | relative_url }}`) and HTML
    `<a href>`/`<img src>` inside are real links (checked by FL301). Not reported when the tag has
    `markdown="1"`, `_config.yml` sets `kramdown: parse_block_html: true` or the page switches it on
    with `{::options parse_block_html="true" /}` (then the Markdown is converted), nor when the
    block's extent is not certain without building (no closing tag,
    `{% if %}`/`{% for %}` inside, an indented tag that may belong to a list item).

    ## Why it matters
    The built page shows the brackets and the URL as text; the link or image is simply missing,
    with no build error.

    ## Example
    ```markdown
    <div class="caption">
      See [the paper](https://example.org/paper.pdf).   <!-- bad: shown as literal text -->
    </div>
    <div class="caption" markdown="1">
      See [the paper](https://example.org/paper.pdf).   <!-- fixed: Markdown is read -->
    </div>
    <div class="caption">
      See <a href="https://example.org/paper.pdf">the paper</a>.   <!-- fixed: an HTML link -->
    </div>
    ```

    ## Fix
    Add `markdown="1"` to the opening tag, or write the link in HTML (`<a href="…">text</a>`,
    `<img src="…">`).
    """
    if doc.source.error:
        return
    text = doc.text
    # kramdown's `{::options parse_block_html="true" /}` switches Markdown in HTML blocks on from there
    switches = [(m.start(), m.group(1) == "true") for m in _PARSE_BLOCK_HTML.finditer(text)] if "{::options" in text else []
    for link, block_start, element in literal_links(doc, ctx):
        if switches and next((on for pos, on in reversed(switches) if pos < block_start), False):
            continue
        what = "image" if link.form == "md-image" else ("reference definition" if link.form == "md-ref" else "link")
        line = text.count("\n", 0, block_start) + 1
        yield Finding(doc.path, link.start, link.end,
                      f"this Markdown {what} is inside the HTML block `<{element}>` opened on line {line}: kramdown does "
                      f"not read Markdown there, so the page shows it as literal text",
                      hint=f'add `markdown="1"` to the `<{element}>` tag, or write it in HTML ('
                           + ("`<img src=\"…\">`" if link.form == "md-image" else "`<a href=\"…\">text</a>`") + ")",
                      data={"target": link.target, "form": link.form})
