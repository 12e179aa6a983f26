"""folio-lint: lint al-folio (Jekyll) sites from source."""

__version__ = "0.1.0"
