"""Line-level spam labels (tests/spam_labelled): >= 99% of injected lines removed, no article line removed."""
from pathlib import Path

import pytest

from cleancn.config import Config
from cleancn.pipeline import Pipeline

HERE = Path(__file__).resolve().parent / "spam_labelled"
FILES = sorted(HERE.glob("*.txt"))


def load(path: Path):
    """(document text, [(start, end, is_spam, text)] per line)."""
    raw = path.read_text(encoding="utf-8").splitlines()
    assert raw[0].startswith("# kind:")
    lines, text, pos = [], [], 0
    for ln in raw[1:]:
        spam = ln.startswith("!")
        body = ln[1:] if spam else ln
        lines.append((pos, pos + len(body), spam, body))
        text.append(body)
        pos += len(body) + 1
    return "\n".join(text) + "\n", lines


def removed_lines(path: Path):
    text, lines = load(path)
    result = Pipeline(Config(select=("spam",))).run_text(text)
    deletions = [(f.start, f.end) for f in result.findings if f.replacement == ""]
    out = []
    for start, end, spam, body in lines:
        gone = any(a <= start and end <= b for a, b in deletions)
        out.append((spam, gone, body))
    return out


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_no_article_line_removed(path):
    lost = [body for spam, gone, body in removed_lines(path) if gone and not spam]
    assert lost == []


def test_injected_lines_removed_at_least_99_percent():
    total = removed = 0
    missed = []
    for path in FILES:
        for spam, gone, body in removed_lines(path):
            if spam:
                total += 1
                removed += gone
                if not gone:
                    missed.append(f"{path.name}: {body}")
    assert total >= 60, "the labelled set should stay big enough to measure 99%"
    assert removed / total >= 0.99, f"{removed}/{total} removed; missed:\n" + "\n".join(missed)
