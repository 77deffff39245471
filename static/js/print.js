/* Print buttons: a button with data-print prints the page. Buttons that only work with
   script sit in a [hidden] .report-print item, shown here once the script runs. */
(function () {
  "use strict";
  document.querySelectorAll(".report-print").forEach(function (item) { item.hidden = false; });
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (!button) return;
    event.preventDefault();
    window.print();
  });
})();
