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


def test_derived_data_is_rebuilt_when_its_builder_changes(tmp_path, monkeypatch):
    # A value depends on the code that builds it: an edited (or upgraded) builder module rebuilds it.
    import importlib.util

    monkeypatch.setenv("CLEANCN_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "words.txt"
    src.write_text("a b", encoding="utf-8")
    module = tmp_path / "builder_mod.py"

    def load(body):
        module.write_text(body, encoding="utf-8")
        os.utime(module, ns=(module.stat().st_atime_ns, module.stat().st_mtime_ns + 1_000_000))
        spec = importlib.util.spec_from_file_location("builder_mod", module)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod

    mod = load("def build(path):\n    return path.read_text().split()\n")
    assert diskcache.derived("words", src, lambda: mod.build(src)) == ["a", "b"]
    mod = load("def build(path):\n    return path.read_text().upper().split()\n")
    # The lambda above lives in this test file: the builder that counts is the one passed.
    assert diskcache.derived("words", src, lambda: mod.build(src)) == ["a", "b"]
    assert diskcache.derived("words", src, lambda: mod.build(src), also=(module,)) == ["A", "B"]
    assert diskcache.derived("upper", src, mod.build.__get__(src)) == ["A", "B"]  # a bound builder
    mod = load("def build(path):\n    return path.read_text().split() + ['!']\n")
    assert diskcache.derived("upper", src, mod.build.__get__(src)) == ["a", "b", "!"]


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
    for memo in (tmp_path / "cache").glob("x-*"):
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


def _fresh_compiled_re(monkeypatch, cache):
    """compiled_re as a new process finds it: nothing loaded yet, the cache file on disk."""
    from cleancn import compiled_re

    monkeypatch.setenv("CLEANCN_CACHE_DIR", str(cache))
    monkeypatch.setattr(compiled_re, "_table", None)
    monkeypatch.setattr(compiled_re, "_table_path", None)
    monkeypatch.setattr(compiled_re, "_used", set())
    monkeypatch.setattr(compiled_re, "_dirty", False)
    return compiled_re


PATTERNS = [
    (r"(?P<year>(?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})", 0),
    (r"copyright|©|版权所有", re.I),
    (r"^\s*(?:来源|标题)\s*[:：]", re.M),
    ("[\u4e00-\u9fff\U00020000-\U0003134f]{2,}", 0),
    ("[" + "".join(chr(c) for c in range(0x4e00, 0x9fa5, 7)) + "]..", re.S),
    (r"(?<=[a-z])\.(?!\d)|\bword\b", re.I | re.M),
]


def test_compiled_pattern_cache_gives_the_pattern_re_compiles(tmp_path, monkeypatch):
    text = "2022-11-15 版权所有 Copyright\n来源：网络 內江市a.b word 𠀀𠀁 中文字符"
    compiled_re = _fresh_compiled_re(monkeypatch, tmp_path)
    first = [compiled_re.compile(p, f) for p, f in PATTERNS]
    compiled_re._save()
    assert list(tmp_path.glob("compiled-re-*")), "the first run stores the compiled code"
    # A new process: every pattern comes from the file, not from re.compile.
    compiled_re = _fresh_compiled_re(monkeypatch, tmp_path)
    monkeypatch.setattr(compiled_re.re, "compile", lambda *a: (_ for _ in ()).throw(AssertionError("compiled")))
    again = [compiled_re.compile(p, f) for p, f in PATTERNS]
    monkeypatch.undo()
    for (source, flags), a, b in zip(PATTERNS, first, again):
        real = re.compile(source, flags)
        assert a == real and b == real  # CPython compares flags and compiled code
        assert [m.group(0) for m in b.finditer(text)] == [m.group(0) for m in real.finditer(text)]
        assert b.groupindex == real.groupindex and b.groups == real.groups and b.flags == real.flags


def test_damaged_or_foreign_compiled_cache_is_a_miss(tmp_path, monkeypatch):
    compiled_re = _fresh_compiled_re(monkeypatch, tmp_path)
    compiled_re.compile(r"\d+年")
    compiled_re._save()
    (path,) = tmp_path.glob("compiled-re-*")
    import marshal

    # Code that the engine rejects, and a file that is not marshal data: both compile as usual.
    path.write_bytes(marshal.dumps({(r"\d+年", 0): (0, [999999], 0, {}, (None,))}))
    compiled_re = _fresh_compiled_re(monkeypatch, tmp_path)
    assert compiled_re.compile(r"\d+年") == re.compile(r"\d+年")
    path.write_bytes(b"garbage")
    compiled_re = _fresh_compiled_re(monkeypatch, tmp_path)
    assert compiled_re.compile(r"\d+年").findall("2022年") == ["2022年"]


def test_compiled_cache_keeps_only_the_last_runs_patterns_when_full(tmp_path, monkeypatch):
    compiled_re = _fresh_compiled_re(monkeypatch, tmp_path)
    monkeypatch.setattr(compiled_re, "MAX_ENTRIES", 3)
    for i in range(5):
        compiled_re.compile(f"a{i}b")
    compiled_re._save()
    compiled_re = _fresh_compiled_re(monkeypatch, tmp_path)
    monkeypatch.setattr(compiled_re, "MAX_ENTRIES", 3)
    assert len(compiled_re._load()) == 5  # at the limit's first crossing, this run used all five
    compiled_re.compile("a0b")
    compiled_re.compile("new")
    compiled_re._save()
    compiled_re = _fresh_compiled_re(monkeypatch, tmp_path)
    assert set(compiled_re._load()) == {("a0b", 0), ("new", 0)}


def test_config_memo_follows_the_file(tmp_path, monkeypatch):
    from cleancn.config import ConfigError, load_config

    monkeypatch.setenv("CLEANCN_CACHE_DIR", str(tmp_path / "cache"))
    f = tmp_path / "pyproject.toml"
    f.write_text("[tool.cleancn]\nfail-under = 40\n", encoding="utf-8")
    assert load_config(start=tmp_path).fail_under == 40
    f.write_text("[tool.cleancn]\nfail-under = 55\n", encoding="utf-8")
    os.utime(f, ns=(f.stat().st_atime_ns, f.stat().st_mtime_ns + 1_000_000))
    assert load_config(start=tmp_path).fail_under == 55
    own = tmp_path / "cleancn.toml"
    own.write_text("fail-under = [unclosed\n", encoding="utf-8")
    try:
        load_config(start=tmp_path)
    except ConfigError as exc:
        assert "cleancn.toml" in str(exc)
    else:
        raise AssertionError("a broken config must be reported, not served from the memo")


def test_derived_memo_formats_and_pruning(tmp_path, monkeypatch):
    """Plain data is kept with marshal, anything else pickled; a new version replaces the old file."""
    import datetime as dt

    monkeypatch.setenv("CLEANCN_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "src.txt"
    src.write_text("v1", encoding="utf-8")
    plain = {"chars": "甲乙", "set": frozenset("ab"), "n": [1, 2.5, None]}
    assert diskcache.derived("plain", src, lambda: plain) == plain
    assert diskcache.derived("plain", src, lambda: 1 / 0) == plain  # read back, not rebuilt
    assert diskcache.derived("dated", src, lambda: dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    assert diskcache.derived("dated", src, lambda: 1 / 0) == dt.date(2026, 1, 1)
    names = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert [n.rsplit(".", 1)[1] for n in names] == ["pickle", "marshal"]
    src.write_text("v2 longer", encoding="utf-8")
    assert diskcache.derived("plain", src, lambda: "second") == "second"
    kept = [p.name for p in (tmp_path / "cache").glob("plain-*")]
    assert len(kept) == 1, kept  # the first version's file is gone
    # A new version of a file the value also depends on (an upgrade of cleancn's own sources) replaces
    # the old value too, rather than leaving it beside the new one.
    dep = tmp_path / "dep.py"
    dep.write_text("v1", encoding="utf-8")
    assert diskcache.derived("both", src, lambda: "one", also=(dep,)) == "one"
    dep.write_text("v2 longer", encoding="utf-8")
    assert diskcache.derived("both", src, lambda: "two", also=(dep,)) == "two"
    assert diskcache.derived("both", src, lambda: 1 / 0, also=(dep,)) == "two"
    kept = [p.name for p in (tmp_path / "cache").glob("both-*")]
    assert len(kept) == 1, kept


def test_memoised_jieba_dictionary_cuts_as_jieba_does(tmp_path, monkeypatch):
    from cleancn.detectors import claims

    monkeypatch.setenv("CLEANCN_CACHE_DIR", str(tmp_path))
    sentences = ["国内江河众多，内江与自贡合并的消息不实。", "广佛同城化不是广州佛山合并", "杭州市和绍兴市行政区划调整"]
    cuts = []
    for _ in range(2):  # built (and stored), then read back from the user cache
        monkeypatch.setattr(claims, "_JIEBA", None)
        tk = claims._tokenizer()
        cuts.append(([list(tk.cut(s, HMM=False)) for s in sentences], tk.total, len(tk.FREQ)))
    assert list(tmp_path.glob("jieba-places-*")), "the dictionary with place names is kept"
    assert cuts[0] == cuts[1]
    assert "内江" in cuts[0][0][0] and "国内" in cuts[0][0][0]
    monkeypatch.setattr(claims, "_JIEBA", None)  # later tests get a tokenizer of their own


def test_a_failed_memo_write_leaves_no_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANCN_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "src.txt"
    src.write_text("v1", encoding="utf-8")

    def full_disk(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(diskcache.os, "replace", full_disk)
    assert diskcache.derived("x", src, lambda: [1, 2]) == [1, 2]  # the value, even unsaved
    assert not list((tmp_path / "cache").iterdir())


def test_claim_memos_follow_the_detector_source():
    # The cue words include the detector's own generic predicates: an edit to claims.py must rebuild
    # them (before, an added predicate such as 划入 stayed unseen until the cache was cleared).
    from pathlib import Path

    from cleancn.config import Config
    from cleancn.detectors import claims
    from cleancn.pipeline import Pipeline

    det = next(d for d in Pipeline(Config()).detectors if d.name == "claim")
    assert Path(claims.__file__) in det._memo_sources
    assert set(claims.GENERIC_PREDICATES) <= set(det.cue_words)
