"""The JSON formats' fast path (report.document_json) writes exactly what json.dumps writes for the
canonical record (report.document_record), and the same digest."""
from __future__ import annotations

import json
from pathlib import Path

import yaml
from hypothesis import given, settings, strategies as st

from cleancn.model import Document, Finding, Severity
from cleancn.pipeline import Result
from cleancn.report import digest, document_json, document_record

HERE = Path(__file__).resolve().parent


def _agree(result: Result) -> None:
    record = document_record(result)
    text, dig = document_json(result)
    assert text == json.dumps(record, ensure_ascii=False)
    assert dig == digest(record)
    assert json.dumps(json.loads(text), ensure_ascii=False) == text  # valid JSON (NaN compares unequal)


def _texts():
    for path in sorted((HERE / "cases").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            yield case["text"]
    for path in sorted((HERE.parent / "examples").glob("*.txt")):
        yield path.read_text(encoding="utf-8")


def test_agrees_on_every_case_and_example(pipeline):
    for text in _texts():
        _agree(pipeline.run(Document(text=text, path="dir/名字 \"quoted\".txt")))


def test_agrees_on_the_seeds(pipeline):
    from conftest import shared_path

    for path in sorted(shared_path("seeds").glob("*.txt")):
        _agree(pipeline.run(Document(text=path.read_text(encoding="utf-8"), path=str(path))))


def test_agrees_with_record_meta_errors_and_odd_values():
    doc = Document(text='a"b\\c\n\x01\ud800中文\n', path="x.jsonl:3", encoding="gb18030",
                   meta={"record": {"line": 3, "id": "é\u2028"}})
    findings = [
        Finding.at(doc.text, "mojibake", "MOJ108", Severity.ERROR, 0, 3, None, 'says "a" \\ b\t', confidence=0.5),
        Finding.at(doc.text, "claim", "CLM401", Severity.INFO, 4, 9, "", "m", claim_id="c-1", stance="refutes",
                   confidence=1),
        Finding.at(doc.text, "spam", "SPM203", Severity.WARNING, 9, 9, "x\ny", "empty span", confidence=1e-7),
        Finding.at(doc.text, "spam", "SPM203", Severity.WARNING, 9, 9, None, "nan", confidence=float("nan")),
    ]
    _agree(Result(doc, findings, 42, "suspect", ["detector spam failed: ValueError: x"]))
    _agree(Result(doc, [], 100, "clean"))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab"\\\n\r\t\x00中內(nèi)江&mdash;锟斤拷\u200b ，。？!1０２')), max_size=80))
def test_agrees_on_generated_text(text):
    from cleancn.pipeline import Pipeline

    _agree(Pipeline().run(Document(text=text)))
