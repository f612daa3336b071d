// cleancn review page. Plain DOM, no dependencies. Each document's record and text come from a JSON block;
// its DOM is built only when it is opened, a few thousand pieces per frame. Highlights are the records'
// [start, end) offsets (code points) into the original text.
(function () {
  "use strict";
  var meta = JSON.parse(document.getElementById("report-meta").textContent);
  var DETECTORS = ["spam", "mojibake", "duplicate", "claim"];
  var VERDICTS = ["dirty", "suspect", "clean"];
  var docsEl = document.getElementById("docs");
  var state = { verdicts: new Set(VERDICTS), detectors: new Set(DETECTORS), code: "", inline: true };

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "class") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }

  // Python offsets count code points; JS strings are UTF-16. Work on arrays of code points.
  function codePoints(s) { return Array.from(s); }

  // --- documents ----------------------------------------------------------------------------------
  var docs = Array.prototype.map.call(document.querySelectorAll("script.doc-data"), function (block, i) {
    var parsed = JSON.parse(block.textContent);
    var rec = parsed.record;
    var codes = {}, dets = {};
    rec.findings.forEach(function (f) { codes[f.code] = (codes[f.code] || 0) + 1; dets[f.detector] = (dets[f.detector] || 0) + 1; });
    var d = { i: i, rec: rec, text: parsed.text, codes: codes, dets: dets, rendered: false };
    return d;
  });
  docs.sort(function (a, b) { return a.rec.score - b.rec.score || a.i - b.i; });

  // --- overview -----------------------------------------------------------------------------------
  function overview() {
    var s = meta.summary, ov = document.getElementById("overview");
    ov.appendChild(el("div", { class: "stat" }, [el("b", { text: String(s.documents) }), "documents"]));
    ov.appendChild(el("div", { class: "stat" }, [el("b", { text: String(s.findings) }), "findings"]));
    var v = el("div", { class: "stat" }, [el("span", { text: "Verdicts" })]);
    var vc = el("div", { class: "chips" });
    VERDICTS.forEach(function (k) { vc.appendChild(el("span", { class: "chip badge v-" + k, text: k + " " + (s.by_verdict[k] || 0) })); });
    v.appendChild(vc); ov.appendChild(v);
    var d = el("div", { class: "stat" }, [el("span", { text: "Findings by detector" })]);
    var dc = el("div", { class: "chips" });
    DETECTORS.forEach(function (k) { dc.appendChild(el("span", { class: "chip", text: k + " " + (s.by_detector[k] || 0) })); });
    d.appendChild(dc); ov.appendChild(d);
    ov.appendChild(chart());
    if (meta.errors.length) {
      var errs = el("div", { class: "stat errors" }, [el("span", { text: meta.errors.length + " input(s) could not be read" })]);
      var ul = el("ul");
      meta.errors.forEach(function (e) { ul.appendChild(el("li", { text: e.path + ": " + e.message })); });
      errs.appendChild(ul); ov.appendChild(errs);
    }
  }

  function chart() {
    var bins = new Array(10).fill(0);
    docs.forEach(function (d) { bins[Math.min(9, Math.floor(d.rec.score / 10))]++; });
    var max = Math.max.apply(null, bins.concat([1])), W = 300, H = 110, bw = W / 10;
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", W); svg.setAttribute("height", H + 30); svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Score distribution: " + bins.map(function (n, i) { return (i * 10) + "-" + (i * 10 + 9) + ": " + n; }).join(", "));
    bins.forEach(function (n, i) {
      var h = Math.round(H * n / max), r = document.createElementNS(ns, "rect");
      r.setAttribute("x", i * bw + 2); r.setAttribute("y", H - h + 12); r.setAttribute("width", bw - 4); r.setAttribute("height", h);
      svg.appendChild(r);
      var t = document.createElementNS(ns, "text");
      t.setAttribute("x", i * bw + bw / 2); t.setAttribute("y", H + 26); t.setAttribute("text-anchor", "middle"); t.textContent = i * 10;
      svg.appendChild(t);
      if (n) { var c = document.createElementNS(ns, "text"); c.setAttribute("x", i * bw + bw / 2); c.setAttribute("y", H - h + 10);
        c.setAttribute("text-anchor", "middle"); c.textContent = n; svg.appendChild(c); }
    });
    return el("figure", { class: "chart" }, [svg, el("figcaption", { class: "help", text: "documents by score (0 worst, 100 clean)" })]);
  }

  // --- filters ------------------------------------------------------------------------------------
  function filters() {
    var f = document.getElementById("filters");
    function group(title, values, set, name) {
      var fs = el("fieldset", null, [el("legend", { text: title })]);
      values.forEach(function (v) {
        var id = "flt-" + name + "-" + v;
        var cb = el("input", { type: "checkbox", id: id, "data-filter": name, value: v });
        cb.checked = true;
        cb.addEventListener("change", function () { if (cb.checked) set.add(v); else set.delete(v); apply(); });
        fs.appendChild(el("label", { for: id }, [cb, " " + v]));
      });
      return fs;
    }
    f.appendChild(group("Verdict", VERDICTS, state.verdicts, "verdict"));
    f.appendChild(group("Detector", DETECTORS, state.detectors, "detector"));
    var codes = Object.keys(meta.summary.by_code).sort();
    var sel = el("select", { id: "flt-code", "aria-label": "Code" }, [el("option", { value: "", text: "any code" })]);
    codes.forEach(function (c) { sel.appendChild(el("option", { value: c, text: c + " (" + meta.summary.by_code[c] + ")" })); });
    sel.addEventListener("change", function () { state.code = sel.value; apply(); });
    f.appendChild(el("fieldset", null, [el("legend", { text: "Code" }), sel]));
    var inl = el("input", { type: "checkbox", id: "opt-inline" });
    inl.checked = true;
    inl.addEventListener("change", function () { state.inline = inl.checked; document.body.classList.toggle("hide-ins", !inl.checked); });
    f.appendChild(el("fieldset", null, [el("legend", { text: "Display" }), el("label", { for: "opt-inline" }, [inl, " repairs inline"])]));
    f.appendChild(el("p", { class: "help", text: "Keys: j / k next and previous finding, Enter opens a document." }));
  }

  function docVisible(d) {
    if (!state.verdicts.has(d.rec.verdict)) return false;
    if (state.code && !d.codes[state.code]) return false;
    if (state.detectors.size < DETECTORS.length && d.rec.findings.length &&
        !Object.keys(d.dets).some(function (k) { return state.detectors.has(k); })) return false;
    return true;
  }

  function findingOn(f) { return state.detectors.has(f.detector) && (!state.code || f.code === state.code); }

  function apply() {
    docs.forEach(function (d) {
      d.node.hidden = !docVisible(d);
      if (d.rendered) d.node.querySelectorAll("mark.f").forEach(function (m) {
        var on = m.dataset.f.split(",").some(function (k) { return findingOn(d.rec.findings[+k]); });
        m.classList.toggle("off", !on);
        if (on) m.setAttribute("tabindex", m.dataset.first ? "0" : "-1"); else m.removeAttribute("tabindex");
      });
    });
  }

  // --- one document -------------------------------------------------------------------------------
  function list() {
    docs.forEach(function (d) {
      var r = d.rec;
      var counts = Object.keys(d.dets).map(function (k) { return k + " " + d.dets[k]; }).join(" · ") || "no findings";
      var head = el("button", { class: "doc-head", "aria-expanded": "false", "aria-controls": "doc-body-" + d.i }, [
        el("span", { class: "badge v-" + r.verdict, text: r.verdict }),
        el("span", { class: "score", text: "score " + r.score }),
        el("span", { class: "path", text: r.path }),
        el("span", { class: "counts", text: counts })]);
      var body = el("div", { class: "doc-body", id: "doc-body-" + d.i, hidden: "" });
      var node = el("article", { class: "doc", "data-doc": String(d.i), "data-verdict": r.verdict }, [head, body]);
      head.addEventListener("click", function () { toggle(d); });
      d.node = node; d.head = head; d.body = body;
      docsEl.appendChild(node);
    });
  }

  function toggle(d, open) {
    var show = open === undefined ? d.body.hidden : open;
    if (show && !d.rendered) render(d);
    d.body.hidden = !show;
    d.head.setAttribute("aria-expanded", String(show));
  }

  function tooltip(f) {
    var t = f.code + " (" + f.detector + "): " + f.message;
    if (f.replacement !== null) t += f.replacement === "" ? "\n→ deleted" : "\n→ " + JSON.stringify(f.replacement);
    if (f.stance) t += "\nstance: " + f.stance;
    var c = f.claim_id && meta.claims[f.claim_id];
    if (c) {
      t += "\nverdict: " + c.verdict + " — " + c.explanation;
      (c.evidence || []).forEach(function (e) { t += "\nevidence: " + e.publisher + (e.date ? " (" + e.date + ")" : "") + (e.summary ? ": " + e.summary : ""); });
    }
    return t;
  }

  // Split the text at every finding boundary; each piece knows the findings covering it.
  function segments(cps, findings) {
    var cuts = new Set([0, cps.length]);
    findings.forEach(function (f) { cuts.add(f.start); cuts.add(f.end); });
    var pts = Array.from(cuts).sort(function (a, b) { return a - b; });
    var out = [];
    for (var i = 0; i + 1 < pts.length; i++) {
      var a = pts[i], b = pts[i + 1], cover = [];
      findings.forEach(function (f, k) { if (f.start <= a && b <= f.end && f.start < f.end) cover.push(k); });
      out.push({ a: a, b: b, cover: cover });
    }
    return out;
  }

  function primary(findings, cover) {
    // An applied edit (replacement not null) decides the look; otherwise the first flag.
    for (var j = 0; j < cover.length; j++) if (findings[cover[j]].replacement !== null) return cover[j];
    return cover[0];
  }

  function originalPane(d) {
    var cps = codePoints(d.text), fs = d.rec.findings;
    var box = el("div", { class: "text", lang: "zh", tabindex: "0", "aria-label": "original text" });
    var segs = segments(cps, fs), seen = new Set(), lastSeg = {};
    segs.forEach(function (s, si) { s.cover.forEach(function (k) { lastSeg[k] = si; }); });
    var i = 0;
    function chunk() {  // long documents are drawn a few thousand pieces per frame
      var frag = document.createDocumentFragment(), stop = Math.min(segs.length, i + 3000);
      for (; i < stop; i++) {
        var s = segs[i], piece = cps.slice(s.a, s.b).join("");
        if (!s.cover.length) { frag.appendChild(document.createTextNode(piece)); continue; }
        var k = primary(fs, s.cover), f = fs[k];
        var cls = "f d-" + f.detector + (f.replacement === "" ? " del" : f.replacement !== null ? " rep-src" : " flag");
        var m = el("mark", { class: cls, "data-f": s.cover.join(","), title: s.cover.map(function (x) { return tooltip(fs[x]); }).join("\n\n") });
        m.textContent = piece;
        s.cover.forEach(function (x) { if (!seen.has(x)) { seen.add(x); m.dataset.first = (m.dataset.first ? m.dataset.first + "," : "") + x; } });
        if (m.dataset.first) { m.setAttribute("tabindex", "0"); m.id = "f-" + d.i + "-" + m.dataset.first.split(",")[0]; }
        m.addEventListener("focus", function (ev) { show(d, ev.target); });
        m.addEventListener("click", function (ev) { show(d, ev.target); });
        frag.appendChild(m);
        // A repair shows its replacement right after the last piece it covers.
        s.cover.forEach(function (x) {
          var g = fs[x];
          if (lastSeg[x] === i && g.replacement && g.replacement.length) frag.appendChild(el("ins", { class: "rep", "data-for": String(x), text: g.replacement }));
        });
      }
      box.appendChild(frag);
      if (i < segs.length) requestAnimationFrame(chunk); else { apply(); box.dataset.complete = "true"; }
    }
    chunk();
    return box;
  }

  function cleanedText(d) {  // exactly cleancn's apply_edits: replacements in offset order
    var cps = codePoints(d.text), out = [], pos = 0;
    d.rec.findings.filter(function (f) { return f.replacement !== null; })
      .sort(function (a, b) { return a.start - b.start || a.end - b.end; })
      .forEach(function (f) { out.push(cps.slice(pos, f.start).join(""), f.replacement); pos = f.end; });
    out.push(cps.slice(pos).join(""));
    return out.join("");
  }

  function show(d, mark) {
    document.querySelectorAll("mark.f.current").forEach(function (m) { m.classList.remove("current"); });
    mark.classList.add("current");
    var panel = d.body.querySelector(".detail");
    panel.textContent = "";
    mark.dataset.f.split(",").forEach(function (k) {
      var f = d.rec.findings[+k];
      panel.appendChild(el("div", null, [el("span", { class: "code", text: f.code }), " " + f.message +
        (f.replacement === null ? " (flag only)" : f.replacement === "" ? " (deleted)" : " → " + f.replacement) +
        " · line " + f.line + ", column " + f.column]));
      var c = f.claim_id && meta.claims[f.claim_id];
      if (c) panel.appendChild(el("div", { lang: "zh", text: "Registry: " + c.claim + " — " + c.verdict + ". " + c.explanation }));
    });
  }

  function render(d) {
    var r = d.rec;
    var views = el("div", { class: "views", role: "radiogroup", "aria-label": "View" });
    var panes = el("div", { class: "panes" });
    var orig = el("div", { class: "pane" }, [el("h3", { text: "Original, with findings" }), originalPane(d)]);
    var clean = el("div", { class: "pane", hidden: "" }, [el("h3", { text: "Cleaned (what cleancn clean writes)" }),
      el("div", { class: "text cleaned", lang: "zh", tabindex: "0", text: cleanedText(d) })]);
    [["original", "Original"], ["cleaned", "Cleaned"], ["side", "Side by side"]].forEach(function (v, n) {
      var id = "view-" + d.i + "-" + v[0];
      var rb = el("input", { type: "radio", name: "view-" + d.i, id: id, value: v[0] });
      rb.checked = n === 0;
      rb.addEventListener("change", function () {
        orig.hidden = v[0] === "cleaned"; clean.hidden = v[0] === "original"; panes.classList.toggle("side", v[0] === "side");
      });
      views.appendChild(el("label", { for: id }, [rb, " " + v[1]]));
    });
    panes.appendChild(orig); panes.appendChild(clean);
    d.body.appendChild(el("p", { class: "help", text: r.length + " characters · " + r.encoding + " · " + r.findings.length + " findings" }));
    d.body.appendChild(views);
    d.body.appendChild(el("div", { class: "detail", "aria-live": "polite", text: "Select a highlight to see the finding." }));
    d.body.appendChild(panes);
    d.rendered = true;
  }

  // --- keyboard: j / k through the findings of open, visible documents ----------------------------
  document.addEventListener("keydown", function (ev) {
    if (ev.target && /INPUT|SELECT|TEXTAREA/.test(ev.target.tagName)) return;
    if (ev.key !== "j" && ev.key !== "k") return;
    var marks = Array.prototype.filter.call(document.querySelectorAll("mark.f[data-first]:not(.off)"), function (m) {
      return m.offsetParent !== null;
    });
    if (!marks.length) return;
    var cur = marks.indexOf(document.activeElement);
    var next = ev.key === "j" ? (cur + 1) % marks.length : (cur <= 0 ? marks.length - 1 : cur - 1);
    marks[next].focus(); marks[next].scrollIntoView({ block: "center" });
    ev.preventDefault();
  });

  overview(); filters(); list();
  // Open the worst document so the page shows damage at once.
  if (docs.length && docs[0].rec.findings.length) toggle(docs[0], true);
  apply();
  window.cleancnReport = { docs: docs, open: function (i) { docs.forEach(function (d) { if (d.i === i) toggle(d, true); }); } };
})();
