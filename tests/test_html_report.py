"""--format html: a self-contained page rendered from the same records as the JSON report, checked
statically here and in a real browser (headless Chromium via Selenium) when one is installed."""
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleancn.cli import main

from conftest import REPO

EXAMPLES = REPO / "examples"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "report.html"
    r = run("scan", "--format", "html", "--no-cache", "-o", out, EXAMPLES)
    assert r.exit_code in (0, 1), r.output
    return out


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.external = []
        self.blocks = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe") and a.get("src") or tag == "link" and a.get("href"):
            self.external.append((tag, a))
        if tag == "script" and a.get("class") == "doc-data":
            self._in = []

    def handle_data(self, data):
        if self._in is not None:
            self._in.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in is not None:
            self.blocks.append(json.loads("".join(self._in)))
            self._in = None


def test_page_is_self_contained_and_built_from_the_json_records(report):
    page = report.read_text(encoding="utf-8")
    parser = _Page()
    parser.feed(page)
    assert parser.external == []  # no CDN, no network: works from file://
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)[^\"' ]+\.(js|css)", page)
    assert 'lang="zh"' in page or "lang: \"zh\"" in page
    js = json.loads(run("scan", "--format", "json", "--no-cache", EXAMPLES).stdout)
    assert [b["record"] for b in parser.blocks] == js["documents"]
    for b in parser.blocks:  # each block carries the document text the offsets point into
        for f in b["record"]["findings"]:
            assert b["text"][f["start"]:f["end"]] == f["text"]


def _browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("headless browser test needs Chromium and ChromeDriver (Debian: apt-get install chromium "
                    "chromium-driver); not installed here")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("headless browser test needs selenium (pip install '.[test]')")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        opts.add_argument(a)
    return webdriver.Chrome(service=Service(driver), options=opts)


FINDING_TEXT = """
const out = {};
for (const art of document.querySelectorAll('article.doc')) {
  const i = +art.dataset.doc, parts = {};
  for (const m of art.querySelectorAll('.pane:not([hidden]) mark.f, .pane mark.f')) {
    for (const k of m.dataset.f.split(',')) (parts[k] = parts[k] || []).push(m.textContent);
  }
  out[i] = parts;
}
return out;
"""


def test_in_a_real_browser(report, tmp_path):
    drv = _browser()
    try:
        drv.get(report.as_uri())
        docs = drv.execute_script("return window.cleancnReport.docs.map(d => ({i: d.i, rec: d.rec}))")
        assert docs, "no documents on the page"
        errors = [e for e in drv.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []
        for d in docs:
            drv.execute_script("window.cleancnReport.open(arguments[0])", d["i"])
        drv.set_script_timeout(30)
        drv.execute_async_script("""
          const done = arguments[arguments.length - 1];
          (function wait() { const all = [...document.querySelectorAll('article.doc .text[lang=zh]:not(.cleaned)')];
            if (all.length && all.every(b => b.dataset.complete === 'true')) done(); else setTimeout(wait, 20); })();""")
        # Highlights sit on the right characters: each finding's highlighted pieces spell its text.
        parts = drv.execute_script(FINDING_TEXT)
        checked = 0
        for d in docs:
            for k, f in enumerate(d["rec"]["findings"]):
                if f["start"] == f["end"]:
                    continue
                assert "".join(parts[str(d["i"])].get(str(k), [])) == f["text"], (d["rec"]["path"], f["code"])
                checked += 1
        assert checked > 20
        # Deletions are struck through, repairs show their replacement.
        assert drv.execute_script("return document.querySelectorAll('mark.del').length") > 0
        assert drv.execute_script("return document.querySelectorAll('ins.rep').length") > 0
        # The cleaned view is exactly what `cleancn clean` writes.
        for d in docs:
            path = Path(d["rec"]["path"])
            out = tmp_path / ("clean-" + path.name)
            run("clean", path, "-o", out)
            shown = drv.execute_script(
                "return document.querySelector('article[data-doc=\"' + arguments[0] + '\"] .text.cleaned').textContent",
                d["i"])
            assert shown == out.read_text(encoding="utf-8"), path.name
        # Filters: verdict and code.
        visible = "return [...document.querySelectorAll('article.doc')].filter(a => !a.hidden).map(a => +a.dataset.doc)"
        drv.find_element("id", "flt-verdict-clean").click()
        shown = drv.execute_script(visible)
        assert shown and all(d["rec"]["verdict"] != "clean" for d in docs if d["i"] in shown)
        assert any(d["rec"]["verdict"] == "clean" for d in docs)  # something was really filtered out
        drv.find_element("id", "flt-verdict-clean").click()
        from selenium.webdriver.support.ui import Select

        Select(drv.find_element("id", "flt-code")).select_by_value("SPM201")
        shown = set(drv.execute_script(visible))
        want = {d["i"] for d in docs if any(f["code"] == "SPM201" for f in d["rec"]["findings"])}
        assert shown == want and want
        Select(drv.find_element("id", "flt-code")).select_by_value("")
        # Keyboard: j moves focus to the next finding and the detail panel describes it.
        drv.find_element("tag name", "body").send_keys("j")
        focused = drv.execute_script("const a = document.activeElement; return a.tagName + ':' + (a.dataset.first || '')")
        assert focused.startswith("MARK:") and focused != "MARK:"
        drv.save_screenshot(str(tmp_path / "report.png"))
        assert (tmp_path / "report.png").stat().st_size > 10_000
    finally:
        drv.quit()


def test_document_text_cannot_break_out_of_its_data_block(tmp_path):
    evil = tmp_path / "evil.txt"
    evil.write_text("正文</script><script>window.pwned=1</script><!-- 內(nèi)江內(nèi)江內(nèi)江\n", encoding="utf-8")
    out = tmp_path / "r.html"
    run("scan", "--format", "html", "--no-cache", "-o", out, evil)
    page = out.read_text(encoding="utf-8")
    assert "<script>window.pwned" not in page and "<!-- 內" not in page
    parser = _Page()
    parser.feed(page)
    assert parser.blocks[0]["text"] == evil.read_text(encoding="utf-8")  # the text survives intact
