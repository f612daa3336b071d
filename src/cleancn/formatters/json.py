from __future__ import annotations

import json

from cleancn.formatters.base import Formatter
from cleancn.report import REPORT_VERSION, Summary, tool_record


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


class JsonFormatter(Formatter):
    """The version-1 JSON report, written document by document so memory stays flat."""

    def begin(self) -> None:
        self.out.write('{"version": %d, "tool": %s, "documents": [' % (REPORT_VERSION, _dump(tool_record())))
        self._first = True

    takes_json = True

    def document(self, record: dict) -> None:
        self.document_json(_dump(record))

    def document_json(self, text: str) -> None:
        self.out.write(("\n" if self._first else ",\n") + text)
        self._first = False

    def end(self, summary: Summary) -> None:
        self.out.write('\n], "summary": %s, "errors": %s}\n' % (_dump(summary.record()), _dump(summary.errors)))


class JsonlFormatter(Formatter):
    """One document record per line, then one line ``{"summary": ...}``."""

    takes_json = True

    def document(self, record: dict) -> None:
        self.document_json(_dump(record))

    def document_json(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def end(self, summary: Summary) -> None:
        for err in summary.errors:
            self.out.write(_dump({"error": err}) + "\n")
        self.out.write(_dump({"summary": summary.record()}) + "\n")
