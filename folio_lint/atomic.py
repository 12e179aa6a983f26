"""The one way folio-lint replaces a file: write a temporary file beside it, then rename it over.

Used by ``--fix`` (:func:`folio_lint.fixer.write_atomic`, which adds its checks on top) and by the
cache (:mod:`folio_lint.cache`). A reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable


def replace_file(path: str, data: bytes | Iterable[bytes], *, fsync: bool = True, mode: int | None = None,
                 prefix: str = ".folio-lint-", suffix: str = ".tmp") -> None:
    """Replace (or create) ``path`` with ``data`` (bytes, or pieces written one after another).

    The temporary file is made in ``path``'s folder, so ``os.replace`` is a rename within one
    file system. ``fsync``: flush it to the disk before the rename (a fix must survive a crash;
    the cache, which is only a cache, may skip it). ``mode``: its permission bits (a fixed file
    keeps the original's); None keeps ``mkstemp``'s private 0600. On any failure the temporary
    file is removed, ``path`` is untouched and the error is raised.
    """
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=os.path.dirname(os.path.abspath(path)))
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, (bytes, bytearray, memoryview)):
                fh.write(data)
            else:
                for piece in data:
                    fh.write(piece)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
