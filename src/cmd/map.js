(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var topics = data.topics, byId = {}, unlocks = {}, selected = -1, marked = [];
  var map = document.getElementById("map"), panel = document.getElementById("details");
  var edges = document.getElementById("edges");
  var STATES = { todo: "to do", doing: "in progress", done: "done", skipped: "skipped" };
  topics.forEach(function (t, i) { byId[t.id] = i; });
  topics.forEach(function (t, i) {
    t.r.forEach(function (p) { (unlocks[p] = unlocks[p] || []).push(i); });
  });
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function node(i) { return document.getElementById("t-" + topics[i].id); }
  function shown(e) { return e && e.offsetParent !== null; }
  function minutes(m) {
    var h = Math.floor(m / 60), r = m % 60;
    return h ? (r ? h + "h" + (r < 10 ? "0" : "") + r + "m" : h + "h") : r + "m";
  }
  function state(t) { return STATES[t.st] + (t.due ? ", due for review" : ""); }
  function link(u) { return /^https?:\/\/[^\/\s]/i.test(u); }
  function heading(text) { panel.appendChild(el("h3", null, text)); }
  function related(title, list) {
    if (!list.length) return;
    heading(title);
    var ul = el("ul");
    list.forEach(function (i) {
      var li = el("li"), b = el("button", "link", topics[i].t);
      b.type = "button";
      b.addEventListener("click", function () { select(i, true); });
      li.appendChild(b);
      li.appendChild(el("span", "muted", " · " + state(topics[i])));
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }
  function select(i, focus) {
    var t = topics[i], n;
    if (selected >= 0 && (n = node(selected))) n.setAttribute("aria-pressed", "false");
    marked.forEach(function (e) { e.classList.remove("pre", "post"); });
    marked = [];
    selected = i;
    n = node(i);
    if (n) {
      var d = n.closest("details");
      if (d && !d.open) d.open = true;
      n.setAttribute("aria-pressed", "true");
      if (focus) { n.focus(); n.scrollIntoView({ block: "nearest" }); }
    }
    var pre = t.r.map(function (id) { return byId[id]; }).filter(function (x) { return x !== undefined; });
    var post = unlocks[t.id] || [];
    pre.forEach(function (k) { var e = node(k); if (e) { e.classList.add("pre"); marked.push(e); } });
    post.forEach(function (k) { var e = node(k); if (e) { e.classList.add("post"); marked.push(e); } });
    panel.textContent = "";
    panel.appendChild(el("h2", null, t.t));
    var facts = [data.sections[t.s], t.k, state(t)];
    if (t.o) facts.push(t.o + ", not in the total");
    if (t.e) facts.push("estimate " + t.e);
    facts.push(t.m ? minutes(t.m) + " logged" : "no time logged");
    panel.appendChild(el("p", "muted", facts.join(" · ")));
    if (t.u) panel.appendChild(el("p", "summary", t.u));
    related("Prerequisites", pre);
    related("Unlocks", post);
    if (t.res.length) {
      heading("Resources");
      var ul = el("ul");
      t.res.forEach(function (r) {
        var li = el("li");
        if (r[2] && link(r[1])) {
          var a = el("a", null, r[0] || r[1]);
          a.href = r[1];
          a.rel = "noopener noreferrer";
          a.target = "_blank";
          li.appendChild(a);
        } else {
          li.appendChild(el("span", null, r[0]));
          if (r[1]) li.appendChild(el("span", "muted", " (" + r[1] + ": not a web link)"));
        }
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
    if (t.n.length) {
      heading("Notes");
      var notes = el("ul", "notes");
      t.n.forEach(function (x) { notes.appendChild(el("li", null, x[0] + " " + x[1] + ": " + x[2])); });
      panel.appendChild(notes);
      if (t.nx) panel.appendChild(el("p", "muted", "Earlier notes are not shown: `roadmap show " + t.id + "` has them all."));
    }
    draw();
  }
  function draw() {
    edges.textContent = "";
    edges.setAttribute("width", map.scrollWidth);
    edges.setAttribute("height", map.scrollHeight);
    if (selected < 0) return;
    var n = node(selected), t = topics[selected], box = map.getBoundingClientRect();
    if (!shown(n)) return;
    function line(a, b, cls) {
      if (!shown(a) || !shown(b)) return;
      var ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
      var x1 = ra.right - box.left, y1 = ra.top + ra.height / 2 - box.top;
      var x2 = rb.left - box.left, y2 = rb.top + rb.height / 2 - box.top;
      var dx = Math.max(24, Math.abs(x2 - x1) / 2);
      var p = document.createElementNS("http://www.w3.org/2000/svg", "path");
      p.setAttribute("d", "M" + x1 + "," + y1 + " C" + (x1 + dx) + "," + y1 + " " + (x2 - dx) + "," + y2 + " " + x2 + "," + y2);
      p.setAttribute("class", cls);
      edges.appendChild(p);
    }
    t.r.forEach(function (id) { if (byId[id] !== undefined) line(node(byId[id]), n, "pre"); });
    (unlocks[t.id] || []).forEach(function (k) { line(n, node(k), "post"); });
  }
  map.addEventListener("click", function (e) {
    var b = e.target.closest("button.node");
    if (b) select(+b.getAttribute("data-i"), false);
  });
  map.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" && e.key !== " ") return;
    var b = e.target.closest && e.target.closest("button.node");
    if (b) { e.preventDefault(); select(+b.getAttribute("data-i"), false); }
  });
  map.addEventListener("toggle", draw, true);
  // `map.html#topic=ID` opens with that topic selected.
  var wanted = location.hash.indexOf("#topic=") === 0 ? decodeURIComponent(location.hash.slice(7)) : "";
  if (byId.hasOwnProperty(wanted)) select(byId[wanted], false);
  map.addEventListener("scroll", draw, true);
  window.addEventListener("resize", draw);
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
})();
