from __future__ import annotations

from typing import TextIO

from cleancn.report import Summary


class Formatter:
    """Streams records to ``out``. ``statistics`` adds a per-code count table where the format has room."""

    def __init__(self, out: TextIO, *, color: bool = False, statistics: bool = False):
        self.out = out
        self.color = color
        self.statistics = statistics

    def begin(self) -> None:
        pass

    # True when ``document_json`` can take the record as JSON text a worker serialised.
    takes_json = False

    def document(self, record: dict) -> None:
        raise NotImplementedError

    def document_json(self, text: str) -> None:
        raise NotImplementedError

    def end(self, summary: Summary) -> None:
        pass
