"""The claim registry: schema validation with file:line errors, and each entry's own tests."""
import pytest

from cleancn.claims_registry import load_registry, parse_entry
from cleancn.model import Document
from cleancn.rules import RulesError, rule_roots

REGISTRY = load_registry(rule_roots())


def test_required_entries_present():
    ids = {e.id for e in REGISTRY}
    assert {"zigong-neijiang-merger", "guangzhou-foshan-merger", "hangzhou-shaoxing-merger"} <= ids
    zn = next(e for e in REGISTRY if e.id == "zigong-neijiang-merger")
    assert zn.verdict == "unverified" and {x.adcode for x in zn.entities} == {"510300", "511000"}


@pytest.mark.parametrize("entry", REGISTRY, ids=lambda e: e.id)
def test_entry_examples(entry, pipeline):
    assert entry.should_flag and entry.should_not_flag
    for s in entry.should_flag:
        ids = {f.claim_id for f in pipeline.run(Document(text=s)).findings if f.code == "CLM401"}
        assert entry.id in ids, s
    for s in entry.should_not_flag:
        ids = {f.claim_id for f in pipeline.run(Document(text=s)).findings if f.detector == "claim"}
        assert entry.id not in ids, s


def test_validator_names_file_and_line(tmp_path):
    bad = tmp_path / "claims"
    bad.mkdir()
    (bad / "x.yaml").write_text("id: x\nclaim_reviewed: c\nverdict: maybe\nrating_explanation: r\n"
                                "entities: [{name: a, aliases: [甲市]}, {name: b, aliases: [乙市]}]\n"
                                "predicate: [合并]\nas_of: 2026-01-01\nreview_by: 2027-01-01\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"x\.yaml:3: verdict"):
        load_registry((tmp_path,))


def test_stale_entry_detected():
    import datetime as dt

    e = REGISTRY[0]
    assert e.is_stale(e.review_by + dt.timedelta(days=1)) and not e.is_stale(e.as_of)


def test_missing_key_reported(tmp_path):
    with pytest.raises(RulesError, match="missing required key 'entities'"):
        parse_entry({"id": "x", "claim_reviewed": "c", "verdict": "false", "rating_explanation": "r",
                     "entities": [], "as_of": "2026-01-01", "review_by": "2027-01-01"}, tmp_path / "f.yaml")


def test_memoised_claim_tables_follow_an_edited_claim_file(tmp_path, monkeypatch):
    """The normalised registry is kept in the user cache; editing a claim file must be seen at once."""
    import os

    from cleancn.config import Config
    from cleancn.pipeline import Pipeline

    monkeypatch.setenv("CLEANCN_CACHE_DIR", str(tmp_path / "cache"))
    rules = tmp_path / "rules"
    (rules / "claims").mkdir(parents=True)
    entry = rules / "claims" / "jia-yi.yaml"

    def write(predicate):
        entry.write_text("id: jia-yi\nclaim_reviewed: 甲乙合并\nverdict: \"false\"\nrating_explanation: r\n"
                         "entities: [{name: 甲市, aliases: [甲市]}, {name: 乙市, aliases: [乙市, 乙巿]}]\n"
                         f"predicate: [{predicate}]\nas_of: 2026-01-01\nreview_by: 2099-01-01\n", encoding="utf-8")
        st = entry.stat()
        os.utime(entry, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))

    def flagged(text):
        pipe = Pipeline(Config(rules_dirs=(str(rules),)))
        return {f.claim_id for f in pipe.run(Document(text=text)).findings if f.code == "CLM401"}

    write("聯姻")  # traditional: matched through its normalised form 联姻
    assert "jia-yi" in flagged("甲市与乙市联姻，消息传出。")
    assert "jia-yi" in flagged("甲市与乙市联姻，消息传出。")  # second time from the memo
    write("牵手")
    assert "jia-yi" not in flagged("甲市与乙市联姻，消息传出。")
    assert "jia-yi" in flagged("甲市与乙市牵手，消息传出。")


def test_check_worthy_message_names_every_place_in_order(pipeline):
    # Each division by the first of its names in the sentence: 汕头 of "汕头、", not of "大汕头市".
    text = "网传汕头、潮州、揭阳三市将合并为一个大汕头市。"
    (f,) = [f for f in pipeline.run(Document(text=text)).findings if f.code == "CLM402"]
    assert "汕头 (440500), 潮州 (445100) and 揭阳 (445200)" in f.message
