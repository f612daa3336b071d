"""CI conventions: the scan cache, baselines, SARIF structure, the pre-commit hook definition."""
import json
import shutil

import yaml
from click.testing import CliRunner

from cleancn.cli import main

from conftest import REPO

EXAMPLES = REPO / "examples"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _corpus(tmp_path):
    d = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, d)
    return d


def _docs(output):
    return {d["path"]: d for d in json.loads(output)["documents"]}


def test_cache_reuses_unchanged_files_and_rescans_changed_ones(tmp_path):
    corpus, cache = _corpus(tmp_path), tmp_path / "cache"
    first = run("scan", "--format", "json", "--jobs", "1", "--cache-dir", cache, corpus)
    assert "from the cache" not in first.stderr
    second = run("scan", "--format", "json", "--jobs", "2", "--cache-dir", cache, corpus)
    n = len(list(corpus.glob("*.txt")))
    assert f"{n} unchanged document(s) taken from the cache" in second.stderr
    assert second.stdout == first.stdout  # the cached report is the same report, byte for byte
    assert second.exit_code == first.exit_code
    for fmt in ("text", "sarif", "jsonl"):  # formats that render records, read back from the cache too
        assert run("scan", "--format", fmt, "--jobs", "1", "--cache-dir", cache, corpus).stdout \
            == run("scan", "--format", fmt, "--jobs", "1", "--no-cache", corpus).stdout

    (corpus / "clean_article.txt").write_text("免费高清特黄a大片,九一h片在线免费看,国产精品国产主播,a免费国产一级特黄aa大\n"
                                              + (EXAMPLES / "clean_article.txt").read_text(encoding="utf-8"),
                                              encoding="utf-8")
    third = run("scan", "--format", "json", "--jobs", "1", "--cache-dir", cache, corpus)
    assert f"{n - 1} unchanged document(s)" in third.stderr
    changed = _docs(third.stdout)[str(corpus / "clean_article.txt")]
    assert any(f["code"] == "SPM201" for f in changed["findings"])


def test_a_stored_record_is_its_json_without_the_path():
    from cleancn.cache import with_path, without_path

    for path in ("a.txt", 'dir with "quotes"\\和 中文/文件.txt', ""):
        record = {"path": path, "encoding": "gbk", "length": 3, "findings": [{"text": '"\\'}]}
        text = json.dumps(record, ensure_ascii=False)
        body = without_path(text)
        assert body.startswith('"encoding"') and json.loads(with_path(path, body)) == record
        assert with_path(path, body) == text


def test_cache_is_keyed_by_settings(tmp_path):
    corpus, cache = _corpus(tmp_path), tmp_path / "cache"
    run("scan", "--format", "json", "--cache-dir", cache, corpus)
    other = run("scan", "--format", "json", "--select", "MOJ", "--cache-dir", cache, corpus)
    assert "from the cache" not in other.stderr
    assert all(f["code"].startswith("MOJ") for d in _docs(other.stdout).values() for f in d["findings"])
    fresh = run("scan", "--format", "json", "--no-cache", "--cache-dir", tmp_path / "unused", corpus)
    assert "from the cache" not in fresh.stderr and not (tmp_path / "unused").exists()


def test_cache_is_keyed_by_the_code(tmp_path):
    """A checkout updated in place keeps its version number; its cached records must not answer."""
    import os

    from cleancn.cache import code_fingerprint

    package = tmp_path / "pkg"
    (package / "detectors").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    module = package / "detectors" / "spam.py"
    module.write_text("RULE = 1\n", encoding="utf-8")
    before = code_fingerprint(package)
    assert code_fingerprint(package) == before
    module.write_text("RULE = 2\n", encoding="utf-8")
    st = module.stat()
    os.utime(module, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert code_fingerprint(package) != before


def test_baseline_ignores_known_findings_survives_moves_and_reports_stale(tmp_path):
    corpus, base = _corpus(tmp_path), tmp_path / "baseline.json"
    target = corpus / "spam_injected.txt"
    before = run("scan", "--format", "json", "--no-cache", "--write-baseline", base, corpus)
    assert before.exit_code == 1  # the examples hold damaged pages
    entries = json.loads(base.read_text(encoding="utf-8"))["entries"]
    assert entries and {"path", "code", "text", "occurrence"} <= set(entries[0])

    accepted = run("scan", "--format", "json", "--no-cache", "--baseline", base, corpus)
    assert accepted.exit_code == 0, accepted.stderr
    assert all(not d["findings"] for d in _docs(accepted.stdout).values())

    # Move every line down: the entries still match (keyed by text, not line).
    target.write_text("新加的一段正文，与原文无关。\n\n" + target.read_text(encoding="utf-8"), encoding="utf-8")
    moved = run("scan", "--format", "json", "--no-cache", "--baseline", base, corpus)
    assert moved.exit_code == 0 and "stale" not in moved.stderr

    # A new problem fails; a fixed one is reported as stale.
    text = (EXAMPLES / "broken_entities.txt").read_text(encoding="utf-8")
    (corpus / "broken_entities.txt").write_text(text.replace("&ldquo;", "“") + "\n联系微信：abc12345 加V信领取优惠\n",
                                                encoding="utf-8")
    changed = run("scan", "--format", "json", "--no-cache", "--baseline", base, corpus)
    assert "stale entry MOJ109" in changed.stderr
    new = _docs(changed.stdout)[str(corpus / "broken_entities.txt")]["findings"]
    assert new and all(f["code"] != "MOJ109" for f in new)


def test_bad_baseline_is_a_usage_error(tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    r = run("scan", "--baseline", bad, EXAMPLES / "clean_article.txt")
    assert r.exit_code == 2 and "not a cleancn baseline" in r.output


# The parts of SARIF 2.1.0 (OASIS standard, sections 3.13-3.30) that cleancn writes, as a JSON schema:
# required properties, value ranges, enums, and closed property sets, so a misspelt or misplaced
# property fails. Written from the specification text; not the full official schema.
_MSG = {"type": "object", "required": ["text"], "additionalProperties": False,
        "properties": {"text": {"type": "string"}, "markdown": {"type": "string"}}}
_LEVEL = {"enum": ["none", "note", "warning", "error"]}
_BAG = {"type": "object"}
SARIF_SUBSET = {
    "type": "object", "required": ["version", "runs"], "additionalProperties": False,
    "properties": {
        "version": {"const": "2.1.0"}, "$schema": {"type": "string", "format": "uri"},
        "runs": {"type": "array", "items": {
            "type": "object", "required": ["tool"], "additionalProperties": False,
            "properties": {
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                "tool": {"type": "object", "required": ["driver"], "additionalProperties": False, "properties": {
                    "driver": {"type": "object", "required": ["name"], "additionalProperties": False, "properties": {
                        "name": {"type": "string"}, "version": {"type": "string"},
                        "semanticVersion": {"type": "string"}, "informationUri": {"type": "string"},
                        "rules": {"type": "array", "items": {
                            "type": "object", "required": ["id"], "additionalProperties": False, "properties": {
                                "id": {"type": "string"}, "name": {"type": "string"},
                                "shortDescription": _MSG, "fullDescription": _MSG, "help": _MSG,
                                "helpUri": {"type": "string"}, "properties": _BAG,
                                "defaultConfiguration": {"type": "object", "additionalProperties": False,
                                                         "properties": {"level": _LEVEL, "enabled": {"type": "boolean"}}},
                            }}}}}}},
                "invocations": {"type": "array", "items": {
                    "type": "object", "required": ["executionSuccessful"], "properties": {
                        "executionSuccessful": {"type": "boolean"},
                        "toolExecutionNotifications": {"type": "array", "items": {
                            "type": "object", "required": ["message"], "properties": {"message": _MSG}}}}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"], "additionalProperties": False, "properties": {
                        "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": -1},
                        "level": _LEVEL, "message": _MSG, "properties": _BAG,
                        "locations": {"type": "array", "items": {
                            "type": "object", "additionalProperties": False, "properties": {
                                "physicalLocation": {
                                    "type": "object", "additionalProperties": False, "properties": {
                                        "artifactLocation": {"type": "object", "additionalProperties": False,
                                                             "properties": {"uri": {"type": "string"},
                                                                            "uriBaseId": {"type": "string"}}},
                                        "region": {"type": "object", "additionalProperties": False, "properties": {
                                            "startLine": {"type": "integer", "minimum": 1},
                                            "startColumn": {"type": "integer", "minimum": 1},
                                            "endLine": {"type": "integer", "minimum": 1},
                                            "endColumn": {"type": "integer", "minimum": 1},
                                            "charOffset": {"type": "integer", "minimum": -1},
                                            "charLength": {"type": "integer", "minimum": 0},
                                            "snippet": {"type": "object", "additionalProperties": False,
                                                        "properties": {"text": {"type": "string"}}},
                                        }}}}}}}}}}}}}},
}


def test_sarif_report_is_valid_and_points_at_the_right_characters(tmp_path):
    import jsonschema

    out = tmp_path / "r.sarif"
    r = run("scan", "--format", "sarif", "--no-cache", "-o", out, EXAMPLES)
    assert r.exit_code in (0, 1)
    log = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(log, SARIF_SUBSET)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert len({x["id"] for x in rules}) == len(rules)
    assert run_["results"]
    for res in run_["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        text = (REPO / loc["artifactLocation"]["uri"]).read_text(encoding="utf-8") \
            if not loc["artifactLocation"]["uri"].startswith("/") else open(loc["artifactLocation"]["uri"], encoding="utf-8").read()
        region = loc["region"]
        # columnKind unicodeCodePoints: offsets count code points, as Python str indices do.
        assert text[region["charOffset"]:region["charOffset"] + region["charLength"]] == region["snippet"]["text"]
        line = text.split("\n")[region["startLine"] - 1]
        assert line[region["startColumn"] - 1:].startswith(region["snippet"]["text"].split("\n")[0])


def test_pre_commit_hook_definition():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    ids = {h["id"]: h for h in hooks}
    assert {"cleancn-scan"} <= set(ids)
    for h in hooks:
        assert h["entry"].split()[0] == "cleancn" and h["language"] == "python"
        assert {"name", "types_or"} <= set(h) or {"name", "files"} <= set(h)
