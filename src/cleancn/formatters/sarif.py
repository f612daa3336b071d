"""SARIF 2.1.0. Columns are Unicode code points (``columnKind: unicodeCodePoints``), 1-based, which
is what cleancn's ``column`` already is; ``charOffset``/``charLength`` count code points too."""
from __future__ import annotations

import json

from cleancn import __version__
from cleancn.codes import RULES
from cleancn.formatters.base import Formatter
from cleancn.report import Summary

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
RULE_INDEX = {r.code: i for i, r in enumerate(RULES)}


def _camel(name: str) -> str:
    return "".join(p.capitalize() for p in name.split("_"))


def rule_descriptors() -> list[dict]:
    return [{
        "id": r.code, "name": _camel(r.name),
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": f"{r.title} (detector {r.detector}; fix: {r.fix}). See `cleancn explain {r.code}`."},
        "defaultConfiguration": {"level": LEVEL[r.severity.value]},
        "properties": {"detector": r.detector, "fix": r.fix},
    } for r in RULES]


class SarifFormatter(Formatter):
    def begin(self) -> None:
        self.out.write('{"version": "2.1.0", "$schema": "%s", "runs": [{"columnKind": "unicodeCodePoints", '
                       '"results": [' % SARIF_SCHEMA)
        self._first = True

    def document(self, rec: dict) -> None:
        for f in rec["findings"]:
            result = {
                "ruleId": f["code"], "ruleIndex": RULE_INDEX[f["code"]], "level": LEVEL[f["severity"]],
                "message": {"text": f["message"]},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": rec["path"].replace("\\", "/")},
                    "region": {"startLine": f["line"], "startColumn": f["column"],
                               "endLine": f["end_line"], "endColumn": f["end_column"],
                               "charOffset": f["start"], "charLength": f["end"] - f["start"],
                               "snippet": {"text": f["text"]}},
                }}],
                "properties": {"detector": f["detector"], "replacement": f["replacement"],
                               "claim_id": f["claim_id"], "stance": f["stance"]},
            }
            self.out.write(("\n" if self._first else ",\n") + json.dumps(result, ensure_ascii=False))
            self._first = False

    def end(self, summary: Summary) -> None:
        tool = {"driver": {"name": "cleancn", "version": __version__, "semanticVersion": __version__,
                           "informationUri": "https://pypi.org/project/cleancn/", "rules": rule_descriptors()}}
        notes = [{"level": "error", "message": {"text": f"{e['path']}: {e['message']}"}} for e in summary.errors]
        invocation = {"executionSuccessful": not summary.errors, "toolExecutionNotifications": notes}
        self.out.write('\n], "tool": %s, "invocations": [%s]}]}\n'
                       % (json.dumps(tool, ensure_ascii=False), json.dumps(invocation, ensure_ascii=False)))
