// The setup wizard's second-factor page: "Set up a passkey" asks this device for a new
// passkey (allauth's webauthn-json does the encoding), puts it in the form and sends it.
// Without JavaScript or WebAuthn the page offers the authenticator app only.
(function () {
  "use strict";
  var button = document.querySelector("[data-setup-passkey]");
  var options = document.getElementById("passkey-options");
  var input = document.getElementById("id_credential");
  if (!button || !options || !input || !window.PublicKeyCredential || !window.webauthnJSON) {
    return;
  }
  var messages = JSON.parse(document.getElementById("passkey-messages").textContent);
  button.hidden = false;
  var unsupported = document.querySelector("[data-passkey-unsupported]");
  if (unsupported) unsupported.hidden = true;
  function say(text) {
    var box = document.querySelector("[data-passkey-error]");
    if (!box) {
      box = document.createElement("p");
      box.className = "callout callout-warn";
      box.setAttribute("role", "alert");
      box.setAttribute("data-passkey-error", "");
      button.parentNode.parentNode.insertBefore(box, button.parentNode);
    }
    box.textContent = text;
  }
  button.addEventListener("click", function () {
    var creation = JSON.parse(options.textContent).creation_options;
    button.disabled = true;
    window.webauthnJSON.create(creation).then(
      function (credential) {
        input.value = JSON.stringify(credential);
        input.form.submit();
      },
      function () {
        button.disabled = false;
        say(messages.failed);
      }
    );
  });
})();
