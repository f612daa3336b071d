"""GitHub Actions workflow commands: one ``::warning``/``::error``/``::notice`` annotation per finding."""
from __future__ import annotations

from cleancn.formatters.base import Formatter
from cleancn.report import Summary

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


class GithubFormatter(Formatter):
    def document(self, rec: dict) -> None:
        for f in rec["findings"]:
            props = (f"file={_prop(rec['path'])},line={f['line']},col={f['column']},"
                     f"endLine={f['end_line']},endColumn={f['end_column']},title={_prop(f['code'])}")
            self.out.write(f"::{COMMAND[f['severity']]} {props}::{_data(f['message'])}\n")

    def end(self, summary: Summary) -> None:
        for e in summary.errors:
            self.out.write(f"::error file={_prop(e['path'])}::{_data(e['message'])}\n")
