"""``python -m folio_lint`` and the ``folio-lint`` console script.

``folio-lint --version`` is answered here, before ``folio_lint.cli`` (and click) is imported:
start-up is most of a pre-commit hook's time on a small change.
"""

import sys


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"], ["version"]):
        from . import __version__

        sys.stdout.write(f"folio-lint {__version__}\n")
        return None
    from .cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    # `python -m folio_lint` puts the current folder (usually the site being linted) first on
    # sys.path: a site holding `yaml.py` or `click/` would have its code imported. Drop it before
    # anything else is imported (folio_lint itself is already loaded; `python -P` does the same).
    import os

    if sys.path and sys.path[0] in ("", os.getcwd()) and not getattr(sys.flags, "safe_path", False):
        sys.path.pop(0)
    main()
