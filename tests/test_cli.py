"""The CLI end to end: scan/clean/rules/explain, exit codes, bad input, JSON golden for examples/."""
import json
import os
from pathlib import Path

from click.testing import CliRunner

from cleancn.cli import main

from conftest import REPO

EXAMPLES = REPO / "examples"
GOLDEN = REPO / "tests" / "golden" / "examples.json"


def run(*args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)


def _scan_examples():
    r = run("scan", "--format", "json", "--jobs", "1", EXAMPLES)
    assert r.exit_code in (0, 1), r.output
    data = json.loads(r.stdout)
    for d in data["documents"]:
        d["path"] = Path(d["path"]).name
    data["tool"]["version"] = "*"
    return data


def test_examples_match_golden():
    data = _scan_examples()
    if os.environ.get("CLEANCN_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert data == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_examples_verdicts():
    docs = {d["path"]: d for d in _scan_examples()["documents"]}
    assert docs["clean_article.txt"]["verdict"] == "clean" and not docs["clean_article.txt"]["findings"]
    for name, detector in [("pinyin_residue.txt", "mojibake"), ("spam_injected.txt", "spam"),
                           ("duplicate_heading.txt", "duplicate"), ("merger_rumor.txt", "claim")]:
        assert any(f["detector"] == detector for f in docs[name]["findings"]), name


def test_exit_codes(tmp_path):
    clean = tmp_path / "ok.txt"
    clean.write_text("成都与重庆加强合作，推动经济圈建设。", encoding="utf-8")
    assert run("scan", clean).exit_code == 0
    assert run("scan", EXAMPLES / "spam_injected.txt").exit_code == 1
    assert run("scan", "--fail-under", "0", EXAMPLES / "spam_injected.txt").exit_code == 0
    assert run("scan", "--fail-on", "MOJ109", EXAMPLES / "broken_entities.txt").exit_code == 1
    assert run("scan", tmp_path / "missing.txt").exit_code == 2
    assert run("explain", "NOPE").exit_code == 2


def test_bad_inputs_one_line_each_and_run_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bom_only.txt").write_bytes(b"\xef\xbb\xbf")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (tmp_path / "latin.txt").write_bytes(b"caf\xe9 \xff\xfe\xfd bad \x80\x81")
    (tmp_path / "gbk.txt").write_bytes("这是一个用GBK编码的中文文件，内容是关于成都的城市发展。".encode("gbk"))
    (tmp_path / "big5.txt").write_bytes("這是一個用大五碼編碼的中文檔案，內容是關於台北的城市發展。".encode("big5"))
    (tmp_path / "utf16.txt").write_bytes("UTF-16 的中文文字，带字节序标记。".encode("utf-16"))
    (tmp_path / "空格 目录").mkdir()
    (tmp_path / "空格 目录" / "文件 一.txt").write_text("路径里有空格和中文。", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "loop")
    r = run("scan", "--format", "json", "--jobs", "1", tmp_path)
    assert r.exit_code == 2
    data = json.loads(r.stdout)
    paths = {Path(d["path"]).name: d for d in data["documents"]}
    assert paths["gbk.txt"]["encoding"] == "gb18030"
    assert paths["big5.txt"]["encoding"] == "big5"
    assert paths["utf16.txt"]["encoding"] == "utf-16-le"
    assert "文件 一.txt" in paths
    errors = {Path(e["path"]).name: e["message"] for e in data["errors"]}
    assert "binary" in errors["binary.txt"] and "empty" in errors["empty.txt"] and "empty" in errors["bom_only.txt"]
    assert "invalid UTF-8 at byte" in errors["latin.txt"]
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("error")]
    assert len(lines) == 4 and all("Traceback" not in ln for ln in r.stderr.splitlines())


def test_clean_file_dir_stdout_and_inputs_untouched(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for f in EXAMPLES.glob("*.txt"):
        (src / f.name).write_bytes(f.read_bytes())
    before = {f.name: f.read_bytes() for f in src.iterdir()}
    r = run("clean", src, "-o", tmp_path / "out", "--jobs", "1")
    assert r.exit_code == 0, r.output
    assert {f.name: f.read_bytes() for f in src.iterdir()} == before
    out = (tmp_path / "out" / "pinyin_residue.txt").read_text(encoding="utf-8")
    assert "(nèi)" not in out and "內江" in out
    assert (tmp_path / "out" / "clean_article.txt").read_bytes() == before["clean_article.txt"]
    r = run("clean", EXAMPLES / "broken_entities.txt", "-o", "-")
    assert "两家" in r.stdout and "&amp;" not in r.stdout


def test_clean_in_place_with_backup(tmp_path):
    f = tmp_path / "a.txt"
    original = "內(nèi)江發(fā)展很快，內(nèi)江很好。"
    f.write_text(original, encoding="utf-8")
    assert run("clean", f, "--in-place").exit_code == 0
    assert f.read_text(encoding="utf-8") == "內江發展很快，內江很好。"
    assert (tmp_path / "a.txt.bak").read_text(encoding="utf-8") == original


def test_jsonl_records_and_rejects(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('{"id": 1, "text": "內(nèi)江發(fā)展很快，內(nèi)江好。"}\nnot json\n{"id": 3}\n', encoding="utf-8")
    r = run("clean", f, "-o", tmp_path / "out.jsonl", "--jsonl-field", "text", "--jobs", "1")
    assert r.exit_code == 2  # two bad records reported
    recs = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert recs[0]["id"] == 1 and recs[0]["text"] == "內江發展很快，內江好。" and "score" in recs[0]["cleancn"]
    rejects = (tmp_path / "out.jsonl.rejects").read_text(encoding="utf-8").splitlines()
    assert rejects == ["not json", '{"id": 3}']
    assert ":2" in r.stderr and ":3" in r.stderr


def test_rules_and_explain():
    r = run("rules")
    assert "MOJ101" in r.stdout and "CLM402" in r.stdout
    r = run("rules", "--claims")
    assert "zigong-neijiang-merger" in r.stdout
    from cleancn.codes import RULES

    for rule in RULES:
        page = run("explain", rule.code).stdout
        for section in ("## What it finds", "## Why it is bad", "## Example", "## Fix and its safety"):
            assert section in page, (rule.code, section)


def test_formats_render(tmp_path):
    for fmt in ("text", "jsonl", "sarif", "github"):
        r = run("scan", "--format", fmt, "--jobs", "1", EXAMPLES / "broken_entities.txt")
        assert r.exit_code in (0, 1) and r.stdout.strip(), fmt
    sarif = json.loads(run("scan", "--format", "sarif", EXAMPLES / "broken_entities.txt").stdout)
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"][0]["ruleId"] == "MOJ109"


def test_parallel_output_order_is_stable():
    one = run("scan", "--format", "json", "--jobs", "1", EXAMPLES).stdout
    two = run("scan", "--format", "json", "--jobs", "2", EXAMPLES).stdout
    assert one == two


def test_parallel_output_order_is_stable_across_many_batches(tmp_path):
    """Workers take batches of files; with early files long and late ones short, later batches finish
    first, and the report must still follow the input order."""
    from cleancn.runner import BATCH_ITEMS

    pages = sorted((EXAMPLES).glob("*.txt"))
    for i in range(BATCH_ITEMS * 5 + 1):
        body = pages[i % len(pages)].read_text(encoding="utf-8")
        (tmp_path / f"f{i:03d}.txt").write_text(body * max(1, 20 - i // 3), encoding="utf-8")
    one = run("scan", "--format", "json", "--jobs", "1", tmp_path).stdout
    two = run("scan", "--format", "json", "--jobs", "2", tmp_path).stdout
    assert one == two
    assert [d["path"] for d in json.loads(two)["documents"]] == [str(p) for p in sorted(tmp_path.glob("*.txt"))]


def test_parquet_records_cleaned_with_columns_kept_and_bad_rows_rejected(tmp_path):
    pa = __import__("pytest").importorskip("pyarrow", reason="the parquet extra (pyarrow) is not installed")
    import pyarrow.parquet as pq

    src = tmp_path / "in"
    src.mkdir()
    spam = "免费高清特黄a大片,九一h片在线免费看,a免费国产一级特黄aa大,国产精品国产主播在线观看\n今天天气很好，我们去公园散步。\n"
    table = pa.table({"id": [1, 2, 3, 4], "text": ["內(nèi)江市發(fā)展規(guī)劃。", spam, None, "清洁的句子。"],
                      "lang": ["zh", "zh", "zh", "zh"]})
    pq.write_table(table, src / "corpus.parquet")
    out, rej = tmp_path / "out", tmp_path / "rejects"
    r = run("clean", src, "-o", out, "--jsonl-field", "text", "--rejects", rej, "--jobs", "2")
    assert "corpus.parquet:3: field 'text' is null" in r.stderr
    rows = pq.read_table(out / "corpus.parquet").to_pylist()
    assert [x["id"] for x in rows] == [1, 2, 4]  # row 3 went to the rejects, order kept
    assert rows[0]["text"] == "內江市發展規劃。" and rows[0]["lang"] == "zh"
    assert rows[1]["text"] == "今天天气很好，我们去公园散步。\n"
    assert rows[2]["text"] == "清洁的句子。" and rows[2]["cleancn_verdict"] == "clean"
    assert json.loads(rows[1]["cleancn_findings"])["spam"] == 1 and isinstance(rows[1]["cleancn_score"], int)
    rejected = [json.loads(x) for x in (rej / "corpus.parquet.rejects").read_text(encoding="utf-8").splitlines()]
    assert rejected == [{"id": 3, "text": None, "lang": "zh"}]
    assert pq.read_table(src / "corpus.parquet").to_pylist()[0]["text"] == "內(nèi)江市發(fā)展規(guī)劃。"  # input untouched

    # Without the column flag, a .parquet file is named in a one-line error and the run goes on.
    r = run("scan", src / "corpus.parquet", EXAMPLES / "clean_article.txt")
    assert "needs --jsonl-field" in r.stderr and "clean_article.txt" in r.stdout


def test_huge_and_unreadable_inputs_are_named_and_skipped(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    line = "这是一行没有换行符的超长文本。" * 80_000  # ~3.6 MB on one line
    (corpus / "huge.txt").write_text(line, encoding="utf-8")
    (corpus / "ok.txt").write_text("正常的文件。", encoding="utf-8")
    locked = corpus / "locked.txt"
    locked.write_text("读不到的文件。", encoding="utf-8")
    locked.chmod(0)
    cfg = tmp_path / "cleancn.toml"
    cfg.write_text("max-bytes = 1000000\n", encoding="utf-8")
    r = run("scan", "--format", "json", "--no-cache", "--config", cfg, corpus)
    data = json.loads(r.stdout)
    errors = {Path(e["path"]).name: e["message"] for e in data["errors"]}
    assert "file too large" in errors["huge.txt"] and "max_bytes" in errors["huge.txt"]
    assert "ok.txt" in {Path(d["path"]).name for d in data["documents"]}
    if os.geteuid() != 0:  # root reads a mode-000 file anyway
        assert "cannot read" in errors["locked.txt"]
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    # Under the default limit (256 MB) the same line is scanned like any document.
    r = run("scan", "--format", "json", "--no-cache", corpus / "huge.txt")
    assert r.exit_code == 0 and json.loads(r.stdout)["documents"][0]["length"] == len(line)


def test_pipes_and_devices_never_hang_the_run(tmp_path):
    """A named pipe found in a directory would wait for a writer forever, and /dev/zero never ends: both
    are named and skipped. A pipe named on the command line (``<(zcat corpus.gz)``) is read, bounded."""
    import threading

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("正常的文件。", encoding="utf-8")
    os.mkfifo(corpus / "pipe.txt")
    os.symlink("/dev/zero", corpus / "zero.txt")
    r = run("scan", "--format", "json", "--no-cache", "--jobs", "1", corpus)
    data = json.loads(r.stdout)
    errors = {Path(e["path"]).name: e["message"] for e in data["errors"]}
    assert "named pipe" in errors["pipe.txt"] and "character device" in errors["zero.txt"]
    assert [Path(d["path"]).name for d in data["documents"]] == ["ok.txt"] and r.exit_code == 2

    named = tmp_path / "named_pipe"
    os.mkfifo(named)
    writer = threading.Thread(target=lambda: named.write_text("管道里的中文文本。", encoding="utf-8"))
    writer.start()
    r = run("scan", "--format", "json", "--no-cache", "--jobs", "1", named)
    writer.join(timeout=10)
    assert r.exit_code == 0 and json.loads(r.stdout)["documents"][0]["length"] == 9


def test_worker_serialised_records_equal_the_records():
    """JSON formats get records serialised by the workers plus a digest; both must say what the
    records say (document by document, and in the summary and exit status)."""
    from cleancn.batch import Source
    from cleancn.config import Config
    from cleancn.report import Summary
    from cleancn.runner import run as run_items

    def items():
        for p in sorted(EXAMPLES.glob("*.txt")):
            yield ("file", Source(str(p), p, p.name))

    plain = list(run_items(items(), Config(), jobs=2))
    serial = list(run_items(items(), Config(), jobs=2, serialise=True))
    assert [json.loads(o.record_json) for o in serial] == [o.record for o in plain]
    totals = []
    for outcomes in (plain, serial):
        s = Summary()
        for o in outcomes:
            s.add(o.record)
        totals.append(s.record())
    assert totals[0] == totals[1] and totals[0]["findings"] > 0
    for o in serial:
        assert set(o.record) >= {"path", "length", "score", "verdict", "by_code"} and "findings" not in o.record


def test_text_report_same_cells_plain_and_in_colour():
    """Into a file the text report is plain aligned columns (no rich); on a terminal rich draws the
    same cells in colour."""
    import io
    import re

    from cleancn.formatters.text import TextFormatter
    from cleancn.report import Summary

    record = json.loads(run("scan", "--format", "json", "--no-cache", EXAMPLES / "spam_injected.txt").stdout)
    rec = record["documents"][0]
    outputs = []
    for color in (False, True):
        out = io.StringIO()
        fmt = TextFormatter(out, color=color, statistics=True)
        fmt.begin()
        fmt.document(rec)
        summary = Summary()
        summary.add(rec)
        fmt.end(summary)
        outputs.append(re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue()))
    plain, colour = outputs
    for f in rec["findings"]:
        cells = [f"{f['line']}:{f['column']}", f["code"], "delete" if f["replacement"] == "" else "flag"]
        for text in (plain, colour):
            line = next((ln for ln in text.splitlines() if ln.startswith(cells[0] + " ")), None)
            assert line is not None and all(c in line for c in cells), (cells, text)
    for text in (plain, colour):
        assert f"{len(rec['findings'])} findings" in text and "findings per code" in text


def test_plain_text_report_does_not_import_rich(tmp_path):
    """A one-file scan into a pipe must not pay for importing rich (~50 ms of its start-up)."""
    import subprocess
    import sys

    code = ("import sys; from cleancn.cli import main\n"
            "try:\n    main(['scan', '--no-cache', '-o', sys.argv[1], sys.argv[2]])\n"
            "except SystemExit:\n    pass\n"
            "assert 'rich' not in sys.modules, 'rich imported'\n")
    out = tmp_path / "report.txt"
    proc = subprocess.run([sys.executable, "-c", code, str(out), str(EXAMPLES / "spam_injected.txt")],
                          capture_output=True, text=True, env={**os.environ, "CLEANCN_CACHE_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    assert "SPM201" in out.read_text(encoding="utf-8")
