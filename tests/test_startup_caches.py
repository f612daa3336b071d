"""The start-up shortcuts must never change an answer: memoised derived data follows its source file,
an unusable cache is only a slower run, and a lazily compiled pattern is the pattern."""
from __future__ import annotations

import os
import re

from cleancn import diskcache
from cleancn.text import lazy_re


def test_derived_data_is_rebuilt_when_its_source_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANCN_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "words.txt"
    src.write_text("a b", encoding="utf-8")
    calls = []

    def build():
        calls.append(1)
        return src.read_text(encoding="utf-8").split()

    assert diskcache.derived("words", src, build) == ["a", "b"]
    assert diskcache.derived("words", src, build) == ["a", "b"] and len(calls) == 1  # second read: memo
    src.write_text("a b c", encoding="utf-8")
    os.utime(src, ns=(src.stat().st_atime_ns, src.stat().st_mtime_ns + 1_000_000))
    assert diskcache.derived("words", src, build) == ["a", "b", "c"] and len(calls) == 2


def test_an_unusable_cache_only_costs_a_rebuild(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the cache directory should be", encoding="utf-8")
    monkeypatch.setenv("CLEANCN_CACHE_DIR", str(blocked))
    src = tmp_path / "x.txt"
    src.write_text("x", encoding="utf-8")
    assert diskcache.derived("x", src, lambda: {"value": 1}) == {"value": 1}
    # A damaged memo file is read as a miss.
    monkeypatch.setenv("CLEANCN_CACHE_DIR", str(tmp_path / "cache"))
    diskcache.derived("x", src, lambda: 1)
    for memo in (tmp_path / "cache").glob("x-*.pickle"):
        memo.write_bytes(b"not a pickle")
    assert diskcache.derived("x", src, lambda: 2) == 2


def test_rules_yaml_memo_follows_the_file(tmp_path, monkeypatch):
    from cleancn.rules import RulesError, load_yaml

    monkeypatch.setenv("CLEANCN_CACHE_DIR", str(tmp_path / "cache"))
    f = tmp_path / "claim.yaml"
    f.write_text("id: one\n", encoding="utf-8")
    assert load_yaml(f) == {"id": "one"}
    f.write_text("id: two\nextra: [1, 2]\n", encoding="utf-8")
    os.utime(f, ns=(f.stat().st_atime_ns, f.stat().st_mtime_ns + 1_000_000))
    assert load_yaml(f) == {"id": "two", "extra": [1, 2]}
    f.write_text("id: [unclosed\n", encoding="utf-8")
    os.utime(f, ns=(f.stat().st_atime_ns, f.stat().st_mtime_ns + 2_000_000))
    try:
        load_yaml(f)
    except RulesError as exc:
        assert "claim.yaml" in str(exc)
    else:
        raise AssertionError("a broken rule file must still be reported, not served from the memo")


def test_lazy_pattern_behaves_as_the_compiled_one():
    text = "內(nèi)江 2022-11-15 abc ABC"
    pairs = [(r"\d+", 0), (r"[a-z]+", re.I), (r"(?P<year>\d{4})-(\d{2})", 0)]
    for source, flags in pairs:
        lazy, real = lazy_re(source, flags), re.compile(source, flags)
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)]
        assert lazy.findall(text) == real.findall(text)
        assert lazy.sub("#", text) == real.sub("#", text)
        assert lazy.split(text) == real.split(text)
        assert (lazy.search(text) or None) and lazy.search(text).span() == real.search(text).span()
        assert lazy.pattern == source and lazy.groupindex == real.groupindex
