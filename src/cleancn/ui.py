"""All terminal diagnostics go through here: one rich Console on stderr, colour only on a TTY."""
from __future__ import annotations

import sys
from functools import cached_property


def escape(text: str) -> str:
    from rich.markup import escape as rich_escape

    return rich_escape(text)


class UI:
    def __init__(self, quiet: bool = False):
        self.quiet = quiet

    @cached_property
    def err(self):
        # rich is imported on the first message: a quiet run that finds nothing wrong never pays for it.
        from rich.console import Console

        return Console(stderr=True, highlight=False, soft_wrap=True)

    def error(self, path: str, message: str) -> None:
        """One line per bad input, naming it; never a traceback."""
        self.err.print(f"[red]error[/]: {escape(path)}: {escape(message)}")

    def warn(self, message: str) -> None:
        self.err.print(f"[yellow]warning[/]: {escape(message)}")

    def info(self, message: str) -> None:
        if not self.quiet:
            self.err.print(escape(message))

    def progress(self, total_hint: int | None = None):
        """A progress bar on stderr when it is a terminal; a no-op context otherwise."""
        if self.quiet or not sys.stderr.isatty():
            return _NoProgress()
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.fields[mb]:.1f} MB  {task.fields[rate]:.0f} docs/s"),
                       TimeElapsedColumn(), TimeRemainingColumn(), console=self.err, transient=True)
        return _RichProgress(bar, total_hint)


class _NoProgress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def advance(self, chars: int) -> None:
        pass


class _RichProgress:
    def __init__(self, bar, total):
        import time

        self.bar = bar
        self.total = total
        self.chars = 0
        self.count = 0
        self.t0 = time.monotonic()

    def __enter__(self):
        self.bar.__enter__()
        self.task = self.bar.add_task("cleancn", total=self.total, mb=0.0, rate=0.0)
        return self

    def __exit__(self, *exc):
        return self.bar.__exit__(*exc)

    def advance(self, chars: int) -> None:
        import time

        self.chars += chars
        self.count += 1
        rate = self.count / max(1e-6, time.monotonic() - self.t0)
        self.bar.update(self.task, advance=1, mb=self.chars * 3 / 1e6, rate=rate)
