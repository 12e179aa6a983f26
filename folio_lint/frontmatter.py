"""Front matter of one file: split as Jekyll does, parsed once, with positions in the file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .source import FrontMatterSplit, SourceFile, split_front_matter
from .yamlload import NodeInfo, YamlResult, load_yaml


@dataclass(slots=True)
class FrontMatter:
    split: FrontMatterSplit
    yaml: YamlResult

    @property
    def data(self) -> dict[str, Any]:
        """The front matter as a mapping ({} when it is empty, not a mapping or does not parse)."""
        d = self.yaml.data
        return d if isinstance(d, dict) else {}

    @property
    def is_mapping(self) -> bool:
        return self.yaml.data is None or isinstance(self.yaml.data, dict)

    @property
    def ok(self) -> bool:
        """Parsed without a syntax error (Jekyll drops all front matter of a page that does not parse)."""
        return self.yaml.ok

    def node(self, path: tuple) -> NodeInfo | None:
        return self.yaml.nodes.get(path)

    def key_span(self, path: tuple) -> tuple[int, int]:
        """Span of the key at ``path`` (its value for list items); the opening ``---`` if unknown."""
        n = self.yaml.nodes.get(path)
        while n is None and path:
            path = path[:-1]
            n = self.yaml.nodes.get(path)
        if n is None or not path:
            return self.open_span
        if n.key_start is not None:
            return n.key_start, n.key_end
        return n.start, n.end

    def value_span(self, path: tuple) -> tuple[int, int]:
        n = self.yaml.nodes.get(path)
        if n is None:
            return self.key_span(path)
        if n.start == n.end and n.key_start is not None:  # empty value: point at the key
            return n.key_start, n.key_end
        return n.start, n.end

    @property
    def open_span(self) -> tuple[int, int]:
        """The opening ``---`` line."""
        return 0, 3


def parse_front_matter(src: SourceFile) -> FrontMatter | None:
    """None when the file has no front matter (Jekyll copies it as a static file)."""
    if src.error is not None:
        return None
    sp = split_front_matter(src.text)
    if sp is None:
        return None
    if not sp.closed:
        return FrontMatter(sp, YamlResult(data={}))
    text = src.text[sp.yaml_start : sp.yaml_end]
    # the opening `---` line holds exactly one line break, so the YAML starts on line 2 (index 1);
    # counting it here avoids indexing every line of the file
    base_line = src.text.count("\n", 0, sp.yaml_start)
    return FrontMatter(sp, load_yaml(text, src.lines, sp.yaml_start, base_line))
