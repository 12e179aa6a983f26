"""A progress line on a terminal for long runs (big sites, external links); silent everywhere else.

Shown only when standard error is a terminal, ``TERM`` is not ``dumb``, no CI variable is set
(``CI``, ``GITHUB_ACTIONS``, ``GITLAB_CI``, ``BUILDKITE``, ``TF_BUILD``, ``JENKINS_URL``) and
``FOLIO_LINT_NO_PROGRESS`` is unset — so never in CI logs, pipes or pre-commit output. It appears
only once a run has taken ``delay`` seconds, and is erased when the run ends, so a fast run prints
nothing at all.

    with Progress.auto() as p:
        p.stage("checking 10000 files")
        p.update(250, 10000)           # optional: a bar instead of a spinner
"""

from __future__ import annotations

import os
import sys
import threading
import time

CI_VARS = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "TF_BUILD", "JENKINS_URL", "PRE_COMMIT")
_SPIN = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


def wanted(stream=None, env=None) -> bool:
    stream = stream if stream is not None else sys.stderr
    env = os.environ if env is None else env
    if env.get("FOLIO_LINT_NO_PROGRESS") or env.get("TERM") == "dumb":
        return False
    if any(env.get(v) for v in CI_VARS):
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class Progress:
    """Does nothing unless ``enabled``; thread-safe ``stage``/``update``."""

    def __init__(self, stream=None, *, enabled: bool = False, delay: float = 0.6, interval: float = 0.1):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.delay, self.interval = delay, interval
        self.text = "working"
        self.done: int | None = None
        self.total: int | None = None
        self._t0 = time.monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown = False
        self._lock = threading.Lock()

    @classmethod
    def auto(cls, stream=None, **kw) -> "Progress":
        stream = stream if stream is not None else sys.stderr
        return cls(stream, enabled=wanted(stream), **kw)

    def stage(self, text: str) -> None:
        with self._lock:
            self.text, self.done, self.total = text, None, None

    def update(self, done: int, total: int | None = None) -> None:
        with self._lock:
            self.done, self.total = done, total

    def line(self, tick: int = 0) -> str:
        el = time.monotonic() - self._t0
        with self._lock:
            text, done, total = self.text, self.done, self.total
        if done is not None and total:
            width = 24
            filled = int(width * min(done, total) / total)
            bar = "█" * filled + "░" * (width - filled)
            return f"folio-lint: {text} {bar} {done}/{total} {el:.1f}s"
        return f"{_SPIN[tick % len(_SPIN)]} folio-lint: {text}… {el:.1f}s"

    def _loop(self) -> None:
        tick = 0
        if self._stop.wait(self.delay):
            return
        while not self._stop.is_set():
            self._write("\r\x1b[2K" + self.line(tick))
            self._shown = True
            tick += 1
            self._stop.wait(self.interval)

    def _write(self, s: str) -> None:
        try:
            self.stream.write(s)
            self.stream.flush()
        except (OSError, ValueError):
            self._stop.set()

    def __enter__(self) -> "Progress":
        if self.enabled:
            self._thread = threading.Thread(target=self._loop, name="folio-lint-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1)
        if self._shown:
            self._write("\r\x1b[2K")
