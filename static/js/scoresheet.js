/* The reviewer's score sheet: the running total, each area's subtotal and the "comment
 * required" notes follow the points as they are typed. Progressive enhancement: without
 * JavaScript the server renders the same figures on every save.
 *
 * A points box carries data-points, data-area (its rubric area's code), data-low-max and
 * data-high-min (the call's comment bands in points) and its max attribute. The total is in
 * #sheet-total-value, subtotals in [data-area-subtotal="<code>"]; a criterion's block
 * ([data-criterion]) holds its [data-comment-needed] note.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-scoresheet]");
  if (!form) {
    return;
  }

  function pointsOf(input) {
    if (!/^\s*\d+\s*$/.test(input.value)) {
      return null;
    }
    var value = parseInt(input.value, 10);
    var max = parseInt(input.getAttribute("max"), 10);
    return value >= 0 && value <= max ? value : null;
  }

  function update() {
    var total = 0;
    var subtotals = {};
    form.querySelectorAll("input[data-points]").forEach(function (input) {
      var points = pointsOf(input);
      var area = input.getAttribute("data-area");
      subtotals[area] = (subtotals[area] || 0) + (points || 0);
      total += points || 0;
      var block = input.closest("[data-criterion]");
      var note = block && block.querySelector("[data-comment-needed]");
      if (note) {
        var low = parseInt(input.getAttribute("data-low-max"), 10);
        var high = parseInt(input.getAttribute("data-high-min"), 10);
        note.hidden = !(points !== null && (points <= low || points >= high));
      }
    });
    Object.keys(subtotals).forEach(function (area) {
      var cell = form.querySelector('[data-area-subtotal="' + area + '"]');
      if (cell) {
        cell.textContent = subtotals[area].toLocaleString();
      }
    });
    var totalCell = document.getElementById("sheet-total-value");
    if (totalCell) {
      totalCell.textContent = total.toLocaleString();
    }
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
})();
