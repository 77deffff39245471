// The installable app: registers the service worker (/sw.js, which keeps only static files
// and the offline page), and turns the "add to home screen" hint into a button where the
// browser offers installing (the beforeinstallprompt event).
(function () {
  "use strict";
  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    });
  }

  var offer = null;
  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault();
    offer = event;
    document.querySelectorAll("[data-install-button]").forEach(function (button) {
      button.hidden = false;
    });
    document.querySelectorAll("[data-install-manual]").forEach(function (text) {
      text.hidden = true;
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-install-button]");
    if (!button || !offer) return;
    offer.prompt();
    offer.userChoice.finally(function () {
      offer = null;
      button.hidden = true;
    });
  });

  window.addEventListener("appinstalled", function () {
    document.querySelectorAll("[data-install-hint]").forEach(function (hint) {
      hint.hidden = true;
    });
  });
})();
