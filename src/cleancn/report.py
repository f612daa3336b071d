"""The canonical records every output format is rendered from (JSON report version 1).

See docs/report-format.md. Keep keys stable; add, never rename.
"""
from __future__ import annotations

import json
from bisect import bisect_right
from collections import Counter
from typing import Iterable

from cleancn import __version__
from cleancn.codes import DETECTOR_NAMES
from cleancn.pipeline import Result
from cleancn.text import line_starts

REPORT_VERSION = 1


def tool_record() -> dict:
    return {"name": "cleancn", "version": __version__}


def finding_record(f, starts: list[int]) -> dict:
    """One finding; ``starts``: the document's line starts (``text.line_starts``), for line and column."""
    line = bisect_right(starts, f.start)
    end_line = bisect_right(starts, f.end)
    column, end_column = f.start - starts[line - 1] + 1, f.end - starts[end_line - 1] + 1
    return {
        # _value_ is the member's own attribute; .value goes through enum's descriptor (0.7 us a finding)
        "detector": f.detector, "code": f.code, "severity": f.severity._value_,
        "start": f.start, "end": f.end, "line": line, "column": column,
        "end_line": end_line, "end_column": end_column,
        "text": f.text, "replacement": f.replacement, "message": f.message,
        "claim_id": f.claim_id, "stance": f.stance, "confidence": f.confidence,
    }


def document_record(result: Result) -> dict:
    doc = result.document
    starts = line_starts(doc)
    rec = {
        "path": doc.path, "encoding": doc.encoding, "length": len(doc.text),
        "score": result.score, "verdict": result.verdict,
        "findings": [finding_record(f, starts) for f in result.findings],
    }
    if "record" in doc.meta:  # JSONL input: where the record came from
        rec["record"] = doc.meta["record"]
    if result.errors:
        rec["errors"] = list(result.errors)
    return rec


def document_json(result: Result) -> tuple[str, dict]:
    """``json.dumps(document_record(result), ensure_ascii=False)`` and ``digest`` of that record,
    made straight from the findings. The JSON formats write the record of every finding: building
    fifteen-key dicts for json's encoder to walk again cost ~5 us a finding, ~200,000 of them on the
    24 MB benchmark corpus; formatting each finding with the encoder's own string escaper costs about
    half, and the opening a page's findings of one kind share ("detector", "code", "severity") is
    written once. tests/test_report_json.py checks the two agree, byte for byte."""
    doc = result.document
    starts = line_starts(doc)
    parts = []
    heads: dict[tuple, str] = {}
    where = bisect_right
    for f in result.findings:
        kind = (f.detector, f.code, f.severity)
        head = heads.get(kind)
        if head is None:
            head = heads[kind] = _FINDING_HEAD % (_str(f.detector), _str(f.code), _str(f.severity._value_))
        start, end = f.start, f.end
        line = where(starts, start)
        end_line = where(starts, end)
        r, claim, stance, conf = f.replacement, f.claim_id, f.stance, f.confidence
        parts.append(head + _FINDING_REST % (
            start, end, line, start - starts[line - 1] + 1, end_line, end - starts[end_line - 1] + 1,
            _str(f.text), "null" if r is None else _str(r), _str(f.message),
            "null" if claim is None else _str(claim), "null" if stance is None else _str(stance),
            "null" if conf is None else _number(conf)))
    head = {"path": doc.path, "encoding": doc.encoding, "length": len(doc.text), "score": result.score,
            "verdict": result.verdict}
    tail = {}
    if "record" in doc.meta:
        tail["record"] = doc.meta["record"]
    if result.errors:
        tail["errors"] = list(result.errors)
    text = (json.dumps(head, ensure_ascii=False)[:-1] + ', "findings": [' + ", ".join(parts) + "]"
            + (", " + json.dumps(tail, ensure_ascii=False)[1:] if tail else "}"))
    out = {k: head[k] for k in ("path", "length", "score", "verdict")}
    out["by_code"] = dict(Counter(f.code for f in result.findings))
    if result.errors:
        out["errors"] = tail["errors"]
    return text, out


_FINDING_HEAD = '{"detector": %s, "code": %s, "severity": %s, '
_FINDING_REST = ('"start": %d, "end": %d, "line": %d, "column": %d, "end_line": %d, "end_column": %d, "text": %s, '
                 '"replacement": %s, "message": %s, "claim_id": %s, "stance": %s, "confidence": %s}')
_str = json.encoder.encode_basestring  # the C escaper json.dumps uses with ensure_ascii=False


def _number(x) -> str:
    """A number as json.dumps writes it."""
    if type(x) is float and x - x == 0:  # finite
        return float.__repr__(x)
    return int.__repr__(x) if type(x) is int else json.dumps(x)


def digest(record: dict) -> dict:
    """What the main process needs of a record it does not render itself (the JSON formats get the
    record already serialised by the worker): path, length, score, verdict, errors, counts by code."""
    out = {k: record[k] for k in ("path", "length", "score", "verdict") if k in record}
    out["by_code"] = dict(Counter(f["code"] for f in record["findings"]))
    if "errors" in record:
        out["errors"] = record["errors"]
    return out


def codes_in(record: dict) -> Iterable[str]:
    """The codes a full record or a digest holds."""
    return record["by_code"] if "findings" not in record else (f["code"] for f in record["findings"])


def counts_by_detector(findings: Iterable[dict]) -> dict[str, int]:
    c = Counter(f["detector"] for f in findings)
    return {d: c[d] for d in DETECTOR_NAMES if c[d]}


class Summary:
    """Running totals over the document records, so formats can stream."""

    def __init__(self):
        self.documents = 0
        self.findings = 0
        self.by_detector: Counter = Counter()
        self.by_verdict: Counter = Counter()
        self.by_code: Counter = Counter()
        self.errors: list[dict] = []

    def add(self, rec: dict) -> None:
        """Count a document record, or its ``digest``."""
        self.documents += 1
        self.by_verdict[rec["verdict"]] += 1
        if "findings" in rec:
            self.findings += len(rec["findings"])
            for f in rec["findings"]:
                self.by_detector[f["detector"]] += 1
                self.by_code[f["code"]] += 1
            return
        from cleancn.codes import BY_CODE

        for code, n in rec["by_code"].items():
            self.findings += n
            self.by_detector[BY_CODE[code].detector] += n
            self.by_code[code] += n

    def add_error(self, path: str, message: str) -> None:
        self.errors.append({"path": path, "message": message})

    def record(self) -> dict:
        return {
            "documents": self.documents, "findings": self.findings,
            "by_detector": {d: self.by_detector[d] for d in DETECTOR_NAMES if self.by_detector[d]},
            "by_verdict": dict(sorted(self.by_verdict.items())),
            "by_code": dict(sorted(self.by_code.items())),
            "errors": len(self.errors),
        }
