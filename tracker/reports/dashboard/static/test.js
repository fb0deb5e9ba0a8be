// One test's page (test.html?id=KEY): loads data/commits.js and the test's data file with <script>
// tags (file:// forbids fetch), then draws its history as SVG, its change points, releases and flame graphs.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var W = 1000, H = 340, L = 70, R = 16, T = 26, B = 34, MAX_DOTS = 6000;
  var state = { commits: null, series: null, key: new URLSearchParams(window.location.search).get("id") || "" };

  window.tracker = {
    commits: function (rows) { state.commits = rows; start(); },
    register: function (data) {
      state.series = Object.prototype.hasOwnProperty.call(data, state.key) ? data[state.key] : false;
      start();
    }
  };

  var chunk = /^[0-9a-fA-F]{2}/.test(state.key) ? state.key.slice(0, 2).toLowerCase() : "zz";
  var script = document.createElement("script");
  script.src = "data/t-" + chunk + ".js";
  script.onerror = function () { state.series = false; start(); };
  document.head.appendChild(script);

  function el(name, attributes, parent) {
    var node = document.createElementNS(SVG, name);
    for (var key in attributes) node.setAttribute(key, attributes[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function html(name, content, parent) {
    var node = document.createElement(name);
    if (content !== undefined) node.textContent = content;
    if (parent) parent.appendChild(node);
    return node;
  }

  function format(value, unit, digits) {
    if (value === null || value === undefined) return "-";
    var precision = digits || 3;
    if (unit === "s") {
      var units = [["s", 1], ["ms", 1e-3], ["µs", 1e-6], ["ns", 1e-9]];
      for (var i = 0; i < units.length; i++) {
        if (Math.abs(value) >= units[i][1] || units[i][0] === "ns") return Number((value / units[i][1]).toPrecision(precision)) + " " + units[i][0];
      }
    }
    return (Number(value.toPrecision(digits || 4)) + " " + unit).trim();
  }

  // Base64 variable-length quantities (5 bits a character, 32 = "more follows"), as the site writes them.
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  function unpack(text) {
    var out = [], value = 0, shift = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGITS.indexOf(text.charAt(i));
      value += (digit & 31) * Math.pow(2, shift);
      if (digit & 32) { shift += 5; continue; }
      out.push(value); value = 0; shift = 0;
    }
    return out;
  }

  // Each commit's raw values (sorted): the first as a signed distance from the drawn median, then the gaps.
  function samples(record, medians) {
    if (!record.s) return null;
    var codes = unpack(record.s), counts = typeof record.sn === "number" ? null : unpack(record.sn);
    var log = record.scale[0] === "log", k = 0, out = [];
    for (var i = 0; i < medians.length; i++) {
      var n = counts ? counts[i] : record.sn, shown = Math.min(n, record.sk), values = [], code = 0;
      for (var j = 0; j < shown; j++) {
        var c = codes[k++];
        code = j === 0 ? signed(c) : code + c;
        values.push(log ? medians[i] * Math.exp(code * record.ss) : medians[i] + code * record.ss);
      }
      out.push({ n: n, values: values });
    }
    return out;
  }

  function signed(c) { return c % 2 ? -(c + 1) / 2 : c / 2; }

  // The medians' codes come as signed steps from the commit before; the spread as signed distances
  // from them, 0 where a commit has none.
  function decode(record) {
    var code = 0, codes = unpack(record.v).map(function (step) { code += signed(step); return code; });
    var scale = record.scale, values = function (list, sign) {
      return list.map(function (c, i) {
        if (c === null) return null;
        var x = scale[1] + (sign ? codes[i] + sign * c : c) * scale[2];
        return scale[0] === "log" ? Math.exp(x) : x;
      });
    };
    var spread = function (text) { return unpack(text).map(function (c) { return c === 0 ? null : signed(c - 1); }); };
    var positions = [record.first];
    for (var i = 1; i < codes.length; i++) positions.push(positions[i - 1] + (record.steps ? record.steps[i - 1] : 1));
    var medians = values(codes);
    return {
      positions: positions,
      v: medians,
      samples: samples(record, medians),
      lo: record.lo ? values(spread(record.lo), -1) : null,
      hi: record.hi ? values(spread(record.hi), 1) : null,
      n: function (i) { return typeof record.n === "number" ? record.n : record.n[i]; }
    };
  }

  function commitUrl(sha) {
    var repo = document.getElementById("chart").getAttribute("data-repo");
    return repo ? repo + "/commit/" + encodeURIComponent(sha) : "";
  }

  function start() {
    if (state.commits === null || state.series === null) return;
    if (state.series === false) {
      document.getElementById("name").textContent = "No such test";
      html("p", "This site has no test with the id " + JSON.stringify(state.key) + "; pick one from the index.", document.getElementById("meta"));
      document.documentElement.setAttribute("data-ready", "missing");
      return;
    }
    var record = state.series, data = decode(record);
    document.title = record.name + " - tracker";
    document.getElementById("name").textContent = record.name;
    document.getElementById("meta").textContent = record.metric + ", " + (record.lower ? "lower" : "higher") +
      " is better; " + data.v.length + " measured commits" + (record.tags.length ? "; tags: " + record.tags.join(", ") : "");
    chart(record, data);
    changes(record, data);
    releases(record, data);
    flames(record);
    document.documentElement.setAttribute("data-points", String(data.v.length));
    document.documentElement.setAttribute("data-ready", "true");
  }

  function chart(record, data) {
    var all = data.v.concat(data.lo || [], data.hi || []).filter(function (v) { return v !== null; });
    var low = Math.min.apply(null, all), high = Math.max.apply(null, all);
    var pad = (high - low) * 0.06 || Math.abs(high) * 0.05 || 1;
    low -= pad; high += pad;
    var first = data.positions[0], last = data.positions[data.positions.length - 1];
    var x = function (p) { return L + (last > first ? (p - first) / (last - first) : 0.5) * (W - L - R); };
    var y = function (v) { return T + (high - v) / (high - low) * (H - T - B); };
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, tabindex: "0", role: "img",
      "aria-label": "History of " + record.name + ": " + data.v.length + " commits, " + record.changes.length + " change points" });
    axes(svg, low, high, y, record.unit, data, x);
    if (data.lo) band(svg, data, x, y);
    el("polyline", { "class": "line", points: data.v.map(function (v, i) { return x(data.positions[i]).toFixed(1) + "," + y(v).toFixed(1); }).join(" ") }, svg);
    if (data.samples && data.samples.reduce(function (sum, one) { return sum + one.values.length; }, 0) <= MAX_DOTS) {
      sampleDots(svg, data, x, y);
    }
    var dots = el("g", {}, svg);
    data.v.forEach(function (v, i) { el("circle", { "class": "pt", cx: x(data.positions[i]).toFixed(1), cy: y(v).toFixed(1), r: data.v.length > 300 ? 1.6 : 2.6 }, dots); });
    marks(svg, record, data, x);
    document.getElementById("chart").appendChild(svg);
    interact(svg, record, data, x, y);
  }

  function axes(svg, low, high, y, unit, data, x) {
    el("line", { "class": "axis", x1: L, x2: L, y1: T, y2: H - B }, svg);
    el("line", { "class": "axis", x1: L, x2: W - R, y1: H - B, y2: H - B }, svg);
    for (var i = 0; i <= 4; i++) {
      var v = low + (high - low) * i / 4;
      el("line", { "class": "axis", x1: L - 4, x2: W - R, y1: y(v), y2: y(v), "stroke-opacity": 0.35 }, svg);
      el("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end" }, svg).textContent = format(v, unit);
    }
    var count = Math.min(6, data.positions.length);
    for (var k = 0; k < count; k++) {
      var index = Math.round(k * (data.positions.length - 1) / Math.max(1, count - 1));
      var p = data.positions[index];
      var anchor = k === 0 ? "start" : k === count - 1 ? "end" : "middle";  // the outer labels stay inside
      el("text", { x: x(p), y: H - B + 16, "text-anchor": anchor }, svg).textContent = state.commits[p][0].slice(0, 7);
    }
  }

  // Every raw value as a faint dot (when there are few enough), clipped to the plot: an outlier
  // beyond the band does not squash the chart.
  function sampleDots(svg, data, x, y) {
    var clip = el("clipPath", { id: "plot" }, el("defs", {}, svg));
    el("rect", { x: L, y: T, width: W - L - R, height: H - T - B }, clip);
    var group = el("g", { "class": "samples", "clip-path": "url(#plot)" }, svg);
    data.samples.forEach(function (one, i) {
      var px = x(data.positions[i]).toFixed(1);
      one.values.forEach(function (v) { el("circle", { "class": "sample", cx: px, cy: y(v).toFixed(1), r: 1.2 }, group); });
    });
  }

  function band(svg, data, x, y) {
    var upper = [], lower = [];
    data.v.forEach(function (v, i) {
      var lo = data.lo[i] === null ? v : data.lo[i], hi = data.hi[i] === null ? v : data.hi[i];
      upper.push(x(data.positions[i]).toFixed(1) + "," + y(hi).toFixed(1));
      lower.unshift(x(data.positions[i]).toFixed(1) + "," + y(lo).toFixed(1));
    });
    el("polygon", { "class": "band", points: upper.concat(lower).join(" ") }, svg);
  }

  function marks(svg, record, data, x) {
    record.releases.forEach(function (release) {
      var px = x(data.positions[release[1]]);
      el("line", { "class": "release", x1: px, x2: px, y1: T, y2: H - B }, svg);
      var right = px > W - 90;
      el("text", { x: right ? px - 3 : px + 3, y: T - 4, "text-anchor": right ? "end" : "start" }, svg).textContent = release[0];
    });
    record.changes.forEach(function (change) {
      var px = x(data.positions[change[0]]);
      el("line", { "class": change[2] ? "change" : "change improvement", x1: px, x2: px, y1: T, y2: H - B }, svg);
      el("text", { x: px + 3, y: T + 10 }, svg).textContent = (change[1] > 0 ? "+" : "") + change[1].toFixed(1) + "%";
    });
  }

  function describe(record, data, i) {
    var commit = state.commits[data.positions[i]];
    var spread = data.lo && data.lo[i] !== null ? " (spread " + format(data.lo[i], record.unit) + " to " + format(data.hi[i], record.unit) + ")" : "";
    return commit[0].slice(0, 10) + (commit[2] ? " [" + commit[2] + "]" : "") + " " + commit[1] + "\n" +
      "median " + format(data.v[i], record.unit) + spread + ", " + data.n(i) + " samples" + (commit[3] ? ", " + commit[3].slice(0, 10) : "") +
      sampleText(record, data, i);
  }

  function sampleText(record, data, i) {
    var one = data.samples ? data.samples[i] : null;
    if (!one || !one.values.length) return "";
    var shown = one.values.map(function (v) { return format(v, record.unit, 4); }).join(", ");
    var what = one.values.length < one.n ? one.values.length + " of the " + one.n + " samples, evenly by rank" : "samples";
    return "\n" + what + ": " + shown;
  }

  function interact(svg, record, data, x, y) {
    var tip = document.getElementById("tip"), current = -1;
    var cursor = el("line", { "class": "cursor", y1: T, y2: H - B, visibility: "hidden" }, svg);
    var hot = el("circle", { "class": "hot", r: 5, visibility: "hidden" }, svg);
    var picked = el("g", { "class": "picked", "clip-path": data.samples ? "url(#plot)" : "" }, svg);
    function show(i) {
      current = Math.max(0, Math.min(data.v.length - 1, i));
      var px = x(data.positions[current]);
      cursor.setAttribute("x1", px); cursor.setAttribute("x2", px); cursor.setAttribute("visibility", "visible");
      hot.setAttribute("cx", px); hot.setAttribute("cy", y(data.v[current])); hot.setAttribute("visibility", "visible");
      while (picked.firstChild) picked.removeChild(picked.firstChild);
      ((data.samples && data.samples[current].values) || []).forEach(function (v) {
        el("circle", { "class": "sample picked", cx: px, cy: y(v).toFixed(1), r: 2.4 }, picked);
      });
      tip.textContent = describe(record, data, current);
      svg.style.cursor = commitUrl("x") ? "pointer" : "default";
    }
    function nearest(event) {
      var box = svg.getBoundingClientRect(), px = (event.clientX - box.left) / box.width * W, best = 0;
      for (var i = 1; i < data.v.length; i++) if (Math.abs(x(data.positions[i]) - px) < Math.abs(x(data.positions[best]) - px)) best = i;
      return best;
    }
    function open() {
      var url = current >= 0 ? commitUrl(state.commits[data.positions[current]][0]) : "";
      if (url) window.open(url, "_blank", "noopener");
    }
    svg.addEventListener("mousemove", function (event) { show(nearest(event)); });
    svg.addEventListener("click", function (event) { show(nearest(event)); open(); });
    svg.addEventListener("keydown", function (event) {
      var moves = { ArrowLeft: -1, ArrowRight: 1, PageUp: -10, PageDown: 10 };
      if (event.key in moves) show((current < 0 ? data.v.length : current) + moves[event.key]);
      else if (event.key === "Home") show(0);
      else if (event.key === "End") show(data.v.length - 1);
      else if (event.key === "Enter") open();
      else return;
      event.preventDefault();
    });
    svg.addEventListener("focus", function () { if (current < 0) show(data.v.length - 1); });
    var at = new URLSearchParams(window.location.search).get("at");  // ?at=N shows point N, as a hover would
    if (at !== null && /^\d+$/.test(at)) show(Number(at));
  }

  function table(parent, headings, rows) {
    if (!rows.length) { html("p", "None.", parent); return; }
    var t = html("table", undefined, parent), head = html("tr", undefined, html("thead", undefined, t)), body = html("tbody", undefined, t);
    headings.forEach(function (h) { html("th", h, head).setAttribute("scope", "col"); });
    rows.forEach(function (row) {
      var tr = html("tr", undefined, body);
      row.forEach(function (cell) {
        var td = html("td", undefined, tr);
        if (cell && cell.url) { var a = html("a", cell.text, td); a.href = cell.url; } else td.textContent = cell;
      });
    });
  }

  function commitCell(sha) { var url = commitUrl(sha); return url ? { text: sha.slice(0, 10), url: url } : sha.slice(0, 10); }

  function changes(record, data) {
    table(document.getElementById("changes"), ["Commit", "Type", "Subject", "Change", "Kind"], record.changes.slice().reverse().map(function (change) {
      var commit = state.commits[data.positions[change[0]]];
      return [commitCell(commit[0]), commit[2], commit[1], (change[1] > 0 ? "+" : "") + change[1].toFixed(1) + "%", change[2] ? "regression" : "improvement"];
    }));
  }

  function releases(record, data) {
    table(document.getElementById("releases"), ["Release", "Commit", "Median", "Change from the release before"], record.releases.slice().reverse().map(function (release, k, list) {
      var i = release[1], before = list[k + 1], value = data.v[i];
      var change = before ? ((value - data.v[before[1]]) / Math.abs(data.v[before[1]]) * 100) : null;
      return [release[0], commitCell(state.commits[data.positions[i]][0]), format(value, record.unit), change === null ? "-" : (change > 0 ? "+" : "") + change.toFixed(1) + "%"];
    }));
  }

  function flames(record) {
    if (!record.flame) return;
    var box = document.getElementById("flame");
    document.getElementById("flames").hidden = false;
    [[record.flame, "Newest profile"], [record.diff, "Differential against " + record.against + " (red grew, blue shrank)"]].forEach(function (item) {
      if (!item[0]) return;
      var figure = html("figure", undefined, box), caption = html("figcaption", undefined, figure);
      var link = html("a", item[1], caption);
      link.href = item[0];
      figure.className = "flame";
      var object = html("object", undefined, figure);
      object.type = "image/svg+xml";
      object.data = item[0];
      object.setAttribute("aria-label", item[1]);
    });
  }
})();
