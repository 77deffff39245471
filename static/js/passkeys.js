// allauth's passkey buttons report a failed or cancelled ceremony as an "allauth.error"
// event (and only to the console otherwise): say it on the page, in words.
(function () {
  "use strict";
  document.addEventListener("allauth.error", function (event) {
    var tags = (event.detail && event.detail.tags) || [];
    if (tags.indexOf("webauthn") === -1) return;
    event.preventDefault();
    var main = document.getElementById("main");
    if (!main) return;
    var box = main.querySelector("[data-passkey-error]");
    if (!box) {
      box = document.createElement("p");
      box.className = "message message-error";
      box.setAttribute("role", "alert");
      box.setAttribute("data-passkey-error", "");
      main.insertBefore(box, main.firstChild);
    }
    box.textContent =
      "The passkey was not used (cancelled, timed out or not known here). " +
      "Try again, or use your password or an authenticator code.";
  });
})();
