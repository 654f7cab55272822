// "Copy link" for read-only link fields (the calendar link on /account/).
// Without JavaScript the button stays hidden and the field is the way to copy. When the
// clipboard is not allowed (an old browser, a page not on https), the field's text is
// selected and the person is told how to copy it by hand.
(function () {
  "use strict";

  document.querySelectorAll("input[data-select-on-focus]").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
    field.addEventListener("click", function () { field.select(); });
  });

  document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copyTarget);
    var status = document.getElementById(button.dataset.copyStatus);
    if (!field) {
      return;
    }

    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }

    function copyByHand() {
      field.focus();
      field.select();
      say(button.dataset.manualText);
    }

    button.hidden = false;
    button.addEventListener("click", function () {
      if (!navigator.clipboard || !window.isSecureContext) {
        copyByHand();
        return;
      }
      navigator.clipboard.writeText(field.value).then(function () {
        say(button.dataset.copiedText);
      }, copyByHand);
    });
  });
}());
