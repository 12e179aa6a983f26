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
    main()
