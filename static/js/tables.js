/* Sortable tables: sort buttons on the column headers (ascending, descending, original; cells
   without data-sort-value stay last), and scroll cues (a shadow, a hint) on wide tables. */
(function () {
  "use strict";

  var NEXT = { ascending: "descending", descending: "original", original: "ascending" };

  function sortValue(row, index, type) {
    var cell = row.cells[index];
    if (!cell || !cell.hasAttribute("data-sort-value")) return null;
    var raw = cell.getAttribute("data-sort-value");
    if (type === "number") {
      var number = parseFloat(raw);
      return isNaN(number) ? null : number;
    }
    return raw;
  }

  function compare(a, b, type) {
    if (type === "number") return a - b;
    return a.localeCompare(b, undefined, { sensitivity: "base", numeric: true });
  }

  function sortedRows(rows, index, type, direction) {
    var keyed = rows.map(function (row, position) {
      return { row: row, value: sortValue(row, index, type), position: position };
    });
    var present = keyed.filter(function (k) { return k.value !== null; });
    var missing = keyed.filter(function (k) { return k.value === null; });
    present.sort(function (a, b) {
      var order = compare(a.value, b.value, type);
      if (direction === "descending") order = -order;
      return order || a.position - b.position;
    });
    return present.concat(missing).map(function (k) { return k.row; });
  }

  function enhance(table) {
    var body = table.tBodies[0];
    if (!table.tHead || !body || body.rows.length < 2) return;
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var original = Array.prototype.slice.call(body.rows);
    var initialSort = headers.map(function (th) { return th.getAttribute("aria-sort"); });
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    (table.closest("[data-sortable-table]") || table.parentNode).appendChild(status);

    // The server's own order may already be a sort (the block's default); start from it.
    var current = { index: initialSort.findIndex(Boolean), state: "original" };
    if (current.index >= 0) current.state = initialSort[current.index];

    function show(rows, index, state) {
      rows.forEach(function (row) { body.appendChild(row); });
      headers.forEach(function (th, i) {
        var value = state === "original" ? initialSort[i] : (i === index ? state : null);
        if (value) th.setAttribute("aria-sort", value);
        else th.removeAttribute("aria-sort");
      });
      var label = index >= 0 ? headers[index].textContent.trim() : "";
      status.textContent = state === "original"
        ? "Table in its original order."
        : "Sorted by " + label + ", " + state + ".";
    }

    headers.forEach(function (th, index) {
      var type = th.getAttribute("data-sort-type");
      if (!type) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      var indicator = document.createElement("span");
      indicator.className = "sort-indicator";
      indicator.setAttribute("aria-hidden", "true");
      button.appendChild(indicator);
      th.appendChild(button);

      button.addEventListener("click", function () {
        var state = current.index === index ? NEXT[current.state] : "ascending";
        current = { index: index, state: state };
        if (state === "original") show(original, index, state);
        else show(sortedRows(original, index, type, state), index, state);
      });
    });
  }

  // Scroll cues, the shadows and the "more columns" hint (docs/design.md, Tables).
  function cueScroll(frame) {
    var region = frame.querySelector(".table-region");
    if (!region) return;
    frame.setAttribute("data-scroll-cue", "");
    function update() {
      var left = Math.abs(region.scrollLeft);
      var overflows = region.scrollWidth - region.clientWidth > 1;
      frame.toggleAttribute("data-overflows", overflows);
      frame.toggleAttribute("data-more-start", left > 1);
      frame.toggleAttribute("data-more-end", left + region.clientWidth < region.scrollWidth - 1);
    }
    region.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    update();
  }

  function init() {
    var tables = document.querySelectorAll("[data-sortable-table] table");
    Array.prototype.forEach.call(tables, enhance);
    Array.prototype.forEach.call(document.querySelectorAll(".table-frame"), cueScroll);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
