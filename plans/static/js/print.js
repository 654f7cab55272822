// Print buttons: shown only when this script runs (a page without JavaScript has the
// browser's own Print menu), and kept out of inline handlers for the strict CSP.
document.querySelectorAll("button[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
