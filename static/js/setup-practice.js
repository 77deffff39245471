// The setup wizard's practice page: "the country's time zone" and "the country's currency"
// say which they are for the country chosen. Without JavaScript the server picks them the
// same way when the form is sent.
(function () {
  "use strict";
  var data = document.getElementById("country-defaults");
  var country = document.getElementById("id_country");
  var zone = document.getElementById("id_time_zone");
  var currency = document.getElementById("id_currency");
  if (!data || !country || !zone || !currency) return;
  var defaults = JSON.parse(data.textContent);
  var words = JSON.parse(document.getElementById("country-words").textContent);
  function show() {
    var found = defaults[country.value] || {};
    zone.options[0].textContent = found.zone
      ? words.zone.replace("%(zone)s", found.zone.replace(/_/g, " "))
      : found.zones > 1
        ? words.zones
        : words.no_zone;
    currency.options[0].textContent = found.currency
      ? words.currency.replace("%(currency)s", found.currency)
      : words.no_currency;
  }
  country.addEventListener("change", show);
  show();
})();
