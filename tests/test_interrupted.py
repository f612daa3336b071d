"""An interrupted run leaves no half-written report, output or rejects file; a re-run replaces them."""
import json

import pytest
from click.testing import CliRunner

from cleancn import runner
from cleancn.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def interrupt(monkeypatch):
    """Calling it makes the next run get Ctrl-C on its third document (in this process: --jobs 1)."""
    def install():
        real, seen = runner._work, []

        def work(item):
            seen.append(item)
            if len(seen) == 3:
                raise KeyboardInterrupt
            return real(item)

        monkeypatch.setattr(runner, "_work", work)
    return install


def _corpus(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(6):
        (d / f"{i}.txt").write_text(f"第{i}篇文章。內(nèi)江發(fā)展很快，內(nèi)江好。", encoding="utf-8")
    return d


def _leftovers(folder):
    return sorted(p.name for p in folder.rglob("*") if "cleancn-tmp" in p.name)


def test_interrupted_scan_keeps_the_previous_report(tmp_path, interrupt):
    d = _corpus(tmp_path)
    report = tmp_path / "report.json"
    assert run("scan", "--format", "json", "--jobs", "1", "--no-cache", "-o", report, d).exit_code == 1
    before = report.read_text(encoding="utf-8")
    assert len(json.loads(before)["documents"]) == 6
    interrupt()
    r = CliRunner().invoke(main, ["scan", "--format", "json", "--jobs", "1", "--no-cache", "-o", str(report), str(d)])
    assert r.exit_code != 0
    assert report.read_text(encoding="utf-8") == before  # the old report, whole
    assert _leftovers(tmp_path) == []


def test_interrupted_jsonl_clean_leaves_nothing_half_written(tmp_path, interrupt):
    interrupt()
    src = tmp_path / "c.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": f"第{i}篇。"}, ensure_ascii=False) + "\n"
                           for i in range(6)) + "not json\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = CliRunner().invoke(main, ["clean", str(src), "-o", str(out), "--jsonl-field", "text", "--jobs", "1"])
    assert r.exit_code != 0
    assert not out.exists() and not (tmp_path / "out.jsonl.rejects").exists()
    assert _leftovers(tmp_path) == []


def test_rerun_replaces_rejects_instead_of_adding_to_them(tmp_path):
    src = tmp_path / "c.jsonl"
    src.write_text('{"id": 1, "text": "你好，世界。"}\nnot json\n', encoding="utf-8")
    for _ in range(2):
        run("clean", src, "-o", tmp_path / "out.jsonl", "--jsonl-field", "text", "--jobs", "1")
    assert (tmp_path / "out.jsonl.rejects").read_text(encoding="utf-8") == "not json\n"


def test_report_to_a_missing_folder_is_a_usage_error(tmp_path):
    r = CliRunner().invoke(main, ["scan", "-o", str(tmp_path / "no" / "r.json"), str(tmp_path)])
    assert r.exit_code == 2 and "cannot write the report" in r.output
