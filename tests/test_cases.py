"""Data-driven detector cases: tests/cases/<detector>.yaml.

Each case: ``text``; ``expect``: findings as {code, text?, replacement?, stance?, claim_id?}
(every listed one must be found; with ``only: true`` nothing else may be); ``fixed``: the cleaned text;
``none``: a list of codes (or "edits") that must not appear; ``verdict``: the document's verdict. Known failures are ``xfail: reason``,
run strictly so an accidental fix shows up.
"""
from pathlib import Path

import pytest
import yaml

CASES = Path(__file__).parent / "cases"


def _load():
    for f in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(f.read_text(encoding="utf-8")):
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            yield pytest.param(case, id=f"{f.stem}:{case['id']}", marks=marks)


@pytest.mark.parametrize("case", list(_load()))
def test_case(case, pipeline):
    from cleancn.config import Config
    from cleancn.pipeline import Pipeline
    from cleancn.model import Document

    p = pipeline if not case.get("config") else Pipeline(Config().replace(**case["config"]))
    result = p.run(Document(text=case["text"]))
    assert not result.errors
    found = result.findings
    for exp in case.get("expect", []):
        matches = [f for f in found if f.code == exp["code"]
                   and all(getattr(f, k) == v for k, v in exp.items() if k != "code")]
        assert matches, f"expected {exp} in {[(f.code, f.text, f.replacement) for f in found]}"
    if case.get("only"):
        assert len(found) == len(case["expect"]), [(f.code, f.text) for f in found]
    for code in case.get("none", []):
        if code == "edits":
            assert not [f for f in found if f.replacement is not None], [(f.code, f.text) for f in found]
        else:
            assert not [f for f in found if f.code.startswith(code)], [(f.code, f.text) for f in found]
    if "fixed" in case:
        assert result.cleaned == case["fixed"]
    if "verdict" in case:
        assert result.verdict == case["verdict"], (result.score, [(f.code, f.stance, f.severity) for f in found])
