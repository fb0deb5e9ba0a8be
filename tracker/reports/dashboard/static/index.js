// Filters of the index table: name search, tag, regressed only. The form's fields follow the query
// (?q=...&tag=...&regressed=1), so a filtered view can be linked; without this script the table shows every row.
(function () {
  "use strict";
  var form = document.querySelector("form.filters");
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.tests tbody tr"));
  var names = rows.map(function (row) { return row.querySelector("th").textContent.toLowerCase(); });
  var tags = rows.map(function (row) { return " " + (row.getAttribute("data-tags") || "") + " "; });
  var params = new URLSearchParams(window.location.search);
  form.elements.q.value = params.get("q") || "";
  form.elements.tag.value = params.get("tag") || "";
  form.elements.regressed.checked = params.get("regressed") === "1";

  function apply() {
    var query = form.elements.q.value.trim().toLowerCase();
    var tag = form.elements.tag.value;
    var regressed = form.elements.regressed.checked;
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var visible = (!query || names[i].indexOf(query) >= 0) &&
        (!tag || tags[i].indexOf(" " + tag + " ") >= 0) &&
        (!regressed || rows[i].hasAttribute("data-regressed"));
      rows[i].hidden = !visible;
      if (visible) shown++;
    }
    form.elements.count.value = shown + " of " + rows.length + " shown";
    document.documentElement.setAttribute("data-shown", String(shown));
  }

  function remember() {
    var next = new URLSearchParams();
    if (form.elements.q.value) next.set("q", form.elements.q.value);
    if (form.elements.tag.value) next.set("tag", form.elements.tag.value);
    if (form.elements.regressed.checked) next.set("regressed", "1");
    var search = next.toString();
    try {
      window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
    } catch (error) {
      // Some browsers refuse to change a file:// address; the filter still applies.
    }
  }

  form.addEventListener("input", function () { apply(); remember(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
  // Where the load time goes, for the benchmark: the page parsed (domInteractive), its scripts run
  // (DOMContentLoaded), the first paint, the load event.
  window.addEventListener("load", function () {
    var entry = performance.getEntriesByType("navigation")[0];
    var ms = entry ? entry.loadEventStart : performance.now();
    var paint = performance.getEntriesByName("first-contentful-paint")[0];
    var marks = entry ? ["domInteractive", "domContentLoadedEventEnd"].map(function (name) {
      return name + "=" + Math.round(entry[name]);
    }) : [];
    if (paint) marks.push("firstContentfulPaint=" + Math.round(paint.startTime));
    document.documentElement.setAttribute("data-load-ms", String(Math.round(ms)));
    document.documentElement.setAttribute("data-timing", marks.join(" "));
  });
})();
