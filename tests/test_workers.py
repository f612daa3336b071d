"""Worker processes that die: the run must go on, in order, and never wait forever."""
import json
import os
import signal

import pytest
from click.testing import CliRunner

from cleancn import runner
from cleancn.cli import main
from cleancn.config import Config

pytestmark = pytest.mark.skipif(os.name == "nt", reason="workers are forked, so the patches reach them")

CRASH = "这一行让处理它的进程退出。"


@pytest.fixture(autouse=True)
def deadline():
    """A hung pool fails the test instead of the CI job."""
    def hung(*_):
        raise TimeoutError("the run hung")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.fixture
def crashing_worker(monkeypatch):
    """A worker dies as if killed (os._exit: no exception, no clean-up) on a document holding CRASH."""
    parent = os.getpid()
    real = runner._run_doc

    def run_doc(doc, *args, **kw):
        if CRASH in doc.text and os.getpid() != parent:
            os._exit(9)
        return real(doc, *args, **kw)

    monkeypatch.setattr(runner, "_run_doc", run_doc)


def _items(n, bad):
    return [("text", f"doc{i}", CRASH if i in bad else f"第{i}篇文章，内容正常。", {}) for i in range(n)]


def test_a_dead_worker_loses_only_its_document(crashing_worker):
    outcomes = list(runner.run(_items(40, {5, 30}), Config(), jobs=2))
    assert [o.display for o in outcomes] == [f"doc{i}" for i in range(40)]  # every item, in order
    errors = {o.display: o.error for o in outcomes if o.error}
    assert set(errors) == {"doc5", "doc30"}
    assert all("worker process died" in e for e in errors.values())
    assert all(o.record["length"] > 0 for o in outcomes if not o.error)


def test_a_worker_that_cannot_start_raises_instead_of_hanging(monkeypatch):
    class Broken:
        def __init__(self, config):
            raise RuntimeError("rules could not be read")

    monkeypatch.setattr(runner, "Pipeline", Broken)
    with pytest.raises(RuntimeError, match="rules could not be read"):
        list(runner.run(_items(20, set()), Config(), jobs=2))


def test_clean_jsonl_keeps_a_record_that_killed_its_worker(crashing_worker, tmp_path):
    src = tmp_path / "c.jsonl"
    records = [{"id": i, "text": CRASH if i == 3 else f"第{i}篇文章，内容正常。"} for i in range(20)]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = CliRunner().invoke(main, ["clean", str(src), "-o", str(out), "--jsonl-field", "text", "--jobs", "2"],
                           catch_exceptions=False)
    assert r.exit_code == 2 and "worker process died" in r.stderr
    kept = [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert kept == [i for i in range(20) if i != 3]
    rejected = [json.loads(x) for x in (tmp_path / "out.jsonl.rejects").read_text(encoding="utf-8").splitlines()]
    assert [(x["id"], x["text"]) for x in rejected] == [(3, CRASH)]
    assert "worker process died" in rejected[0]["cleancn"]["error"]
