/* Tapping a shape of the body map ticks its checkbox (the shape is also its <label>, so
   this works without JavaScript too); here it ticks in place instead of also moving
   focus and scrolling to the list, and the change autosaves like any other. */
document.addEventListener("click", function (event) {
  var spot = event.target.closest ? event.target.closest(".body-map-spot") : null;
  var box = spot ? document.getElementById(spot.htmlFor) : null;
  if (!box) return;
  event.preventDefault();
  box.checked = !box.checked;
  box.dispatchEvent(new Event("input", { bubbles: true }));
  box.dispatchEvent(new Event("change", { bubbles: true }));
});
