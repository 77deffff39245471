// The setup wizard's working hours: "Copy Monday to Tuesday–Friday" without a round trip.
// Without JavaScript the same button submits the form and the server copies instead.
(function () {
  "use strict";
  var button = document.querySelector("[data-copy-monday]");
  if (!button) return;
  button.addEventListener("click", function (event) {
    var form = button.form;
    event.preventDefault();
    ["tue", "wed", "thu", "fri"].forEach(function (day) {
      form.querySelectorAll("input[name^='mon_']").forEach(function (monday) {
        var copy = form.elements[monday.name.replace(/^mon_/, day + "_")];
        if (copy) copy.value = monday.value;
      });
    });
    var status = document.getElementById("copy-status");
    if (!status) {
      status = document.createElement("p");
      status.id = "copy-status";
      status.setAttribute("role", "status");
      button.parentNode.insertAdjacentElement("afterend", status);
    }
    status.textContent = button.getAttribute("data-copied");
  });
})();
