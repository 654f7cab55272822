// Follow-up questions (data-follows="<parent field>", data-follows-when="<value>" or ">0") are
// hidden until their parent answer needs them. Without JavaScript every question shows, and
// the server only requires a follow-up when its parent answer asks for it.
(function () {
  "use strict";
  var form = document.querySelector("form.q-form");
  if (!form) return;
  var followers = form.querySelectorAll("[data-follows]");
  if (!followers.length) return;

  function needed(parent, when) {
    var inputs = form.querySelectorAll('[name="' + parent + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (when === ">0") {
        if (parseInt(input.value, 10) > 0) return true;
      } else if ((input.type === "checkbox" || input.type === "radio") && input.checked) {
        if (input.value === when) return true;
      }
    }
    return false;
  }

  function update() {
    followers.forEach(function (box) {
      var show = needed(box.dataset.follows, box.dataset.followsWhen);
      // A question with an error stays in view, so the person can see what to fix.
      box.hidden = !show && !box.classList.contains("q-question-error");
    });
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
