// Interactive flame graph: hover shows a frame's details, click zooms into it, search highlights.
// Frames are <g class="f"> with data-x / data-w (position and width at full view, in pixels)
// and data-d (depth). Plain ES5 so that any browser that opens an SVG runs it.
(function () {
  "use strict";
  var svg = document.documentElement;
  var frames = Array.prototype.slice.call(document.querySelectorAll("g.f"));
  var details = document.getElementById("details");
  var matched = document.getElementById("matched");
  var unzoom = document.getElementById("unzoom");
  var searchButton = document.getElementById("search");
  var left = parseFloat(svg.getAttribute("data-left"));
  var full = parseFloat(svg.getAttribute("data-width"));
  var charWidth = parseFloat(svg.getAttribute("data-char"));
  var highlight = "rgb(230,0,230)";
  var zoomed = null;
  var searchTerm = null;

  function num(g, name) { return parseFloat(g.getAttribute(name)); }
  function rect(g) { return g.getElementsByTagName("rect")[0]; }
  function label(g) { return g.getElementsByTagName("text")[0]; }

  function fit(g, width) {
    var text = label(g);
    var name = g.getAttribute("data-n");
    var room = Math.floor((width - 6) / charWidth);
    if (room < 3) { text.textContent = ""; return; }
    text.textContent = name.length <= room ? name : name.substring(0, room - 2) + "..";
  }

  function place(g, x, width) {
    var r = rect(g);
    r.setAttribute("x", x);
    r.setAttribute("width", Math.max(width, 0));
    label(g).setAttribute("x", x + 3);
    g.style.display = width < 0.1 ? "none" : "";
    fit(g, width);
  }

  function zoom(target) {
    var x = num(target, "data-x");
    var width = num(target, "data-w");
    var depth = num(target, "data-d");
    var ratio = full / width;
    zoomed = target;
    frames.forEach(function (g) {
      var gx = num(g, "data-x");
      var gw = num(g, "data-w");
      var gd = num(g, "data-d");
      var inside = gx >= x - 1e-6 && gx + gw <= x + width + 1e-6;
      if (gd < depth && gx <= x + 1e-6 && gx + gw >= x + width - 1e-6) {
        place(g, left, full);  // a caller of the zoomed frame: shown across
        g.setAttribute("class", "f parent");
      } else if (gd >= depth && inside) {
        place(g, left + (gx - x) * ratio, gw * ratio);
        g.setAttribute("class", "f");
      } else {
        g.style.display = "none";
      }
    });
    unzoom.style.opacity = "1";
  }

  function resetZoom() {
    zoomed = null;
    frames.forEach(function (g) {
      place(g, num(g, "data-x"), num(g, "data-w"));
      g.setAttribute("class", "f");
    });
    unzoom.style.opacity = "0.3";
  }

  function describe(g) {
    return g.getAttribute("data-info");
  }

  function search(term) {
    var pattern;
    try { pattern = new RegExp(term); } catch (error) { pattern = null; }
    searchTerm = term;
    var total = 0;
    var rootWidth = full;
    var covered = [];
    frames.forEach(function (g) {
      var r = rect(g);
      var name = g.getAttribute("data-n");
      var hit = pattern ? pattern.test(name) : name.indexOf(term) >= 0;
      if (hit) {
        r.setAttribute("fill", highlight);
        covered.push([num(g, "data-x"), num(g, "data-w")]);
      } else {
        r.setAttribute("fill", r.getAttribute("data-fill"));
      }
    });
    covered.sort(function (a, b) { return a[0] - b[0]; });
    var end = -Infinity;
    covered.forEach(function (span) {  // overlapping matches (a caller and its callee) count once
      var start = Math.max(span[0], end);
      var stop = span[0] + span[1];
      if (stop > start) { total += stop - start; }
      end = Math.max(end, stop);
    });
    matched.textContent = covered.length ? "Matched: " + (100 * total / rootWidth).toFixed(1) + "%" : "";
    searchButton.textContent = covered.length ? "Reset search" : "Search";
    svg.setAttribute("data-matches", String(covered.length));
  }

  function resetSearch() {
    searchTerm = null;
    frames.forEach(function (g) { var r = rect(g); r.setAttribute("fill", r.getAttribute("data-fill")); });
    matched.textContent = "";
    searchButton.textContent = "Search";
    svg.setAttribute("data-matches", "0");
  }

  frames.forEach(function (g) {
    rect(g).setAttribute("data-fill", rect(g).getAttribute("fill"));
    g.addEventListener("mouseover", function () { details.textContent = describe(g); });
    g.addEventListener("mouseout", function () { details.textContent = " "; });
    g.addEventListener("click", function () { zoom(g); });
  });
  unzoom.addEventListener("click", function () { if (zoomed) { resetZoom(); } });
  searchButton.addEventListener("click", function () {
    if (searchTerm !== null) { resetSearch(); return; }
    var term = window.prompt("Search for a frame (regular expression):", "");
    if (term) { search(term); }
  });
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "f") {
      event.preventDefault();
      var term = window.prompt("Search for a frame (regular expression):", searchTerm || "");
      if (term) { search(term); }
    } else if (event.key === "Escape") {
      resetSearch();
      if (zoomed) { resetZoom(); }
    }
  });

  // ?s=TERM searches and ?zoom=NAME zooms on the first frame of that name when the file opens.
  var query = window.location && window.location.search ? window.location.search.substring(1).split("&") : [];
  query.forEach(function (pair) {
    var parts = pair.split("=");
    var value = decodeURIComponent((parts[1] || "").replace(/\+/g, " "));
    if (parts[0] === "s" && value) { search(value); }
    if (parts[0] === "zoom" && value) {
      var target = frames.filter(function (g) { return g.getAttribute("data-n") === value; })[0];
      if (target) { zoom(target); }
    }
  });
  svg.setAttribute("data-ready", "true");
})();
