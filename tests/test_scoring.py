"""The score: a flag inside text an edit already removes or repairs costs nothing more."""
from __future__ import annotations

from cleancn.config import Config
from cleancn.model import Document, Finding, Severity
from cleancn.report import finding_record
from cleancn.scoring import score, score_records
from cleancn.text import line_starts

TEXT = "整理\n正文第一句话很长，说的是一件事。\n第二句也是正文。\n"
W = Severity.WARNING


def _f(code, start, end, replacement, detector="spam"):
    return Finding.at(TEXT, detector, code, W, start, end, replacement, "m")


def test_flag_inside_a_deletion_is_paid_for_by_the_deletion():
    deletion = _f("SPM203", 0, 3, "")
    same_span = _f("DUP301", 0, 3, None, "duplicate")
    inside = _f("MOJ111", 1, 2, None, "mojibake")
    alone = score([deletion], len(TEXT), Config())
    assert alone < 100
    assert score([deletion, same_span], len(TEXT), Config()) == alone
    assert score([deletion, inside, same_span], len(TEXT), Config()) == alone


def test_flag_reaching_outside_the_edit_or_elsewhere_still_counts():
    deletion = _f("SPM203", 0, 3, "")
    alone = score([deletion], len(TEXT), Config())
    across = _f("DUP303", 2, 10, None, "duplicate")  # starts in the deleted line, ends in the text kept
    elsewhere = _f("DUP303", 4, 10, None, "duplicate")
    assert score([deletion, across], len(TEXT), Config()) < alone
    assert score([deletion, elsewhere], len(TEXT), Config()) < alone
    # A zero-width edit (an insertion) holds nothing.
    insertion = _f("MOJ109", 1, 1, "x", "mojibake")
    flag = _f("MOJ111", 1, 2, None, "mojibake")
    assert score([insertion, flag], len(TEXT), Config()) < score([insertion], len(TEXT), Config())


def test_records_score_the_same():
    findings = [_f("SPM203", 0, 3, ""), _f("DUP301", 0, 3, None, "duplicate"), _f("DUP303", 4, 10, None, "duplicate")]
    starts = line_starts(Document(text=TEXT))
    records = [finding_record(f, starts) for f in findings]
    assert score_records(records, len(TEXT), Config()) == score(findings, len(TEXT), Config())
