// Putting backward-walk on the home screen: Today's card and the help page (/account/phone/).
// Each part marked data-install-when="…" is shown only when it fits the phone in the hand:
//   prompt    the browser offered its own install prompt (beforeinstallprompt: Chrome and
//             Edge on Android and computers); the button opens it
//   ios       an iPhone or iPad, where Safari has no prompt: Share, then Add to Home Screen
//   other     neither: a link to the page with both sets of steps
//   installed the page runs from the home screen already (display-mode: standalone)
//   added     the person has just added it
// Without JavaScript the card shows its link to the help page and its "Hide this tip" button.
// Once the app is added, or runs from the home screen, Today's card goes, and is hidden on the
// account (the form's POST), so it does not come back on another phone either.
(function () {
  "use strict";
  if (!document.querySelector("[data-install]")) return;

  var standalone = window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
  // iPadOS says it is a Mac; a Mac has no touch screen.
  var ios = /iPad|iPhone|iPod/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  var offered = null; // the browser's install prompt, kept until the button is tapped
  var added = false;

  function showWhen(name, shown) {
    document.querySelectorAll('[data-install-when="' + name + '"]').forEach(function (part) {
      part.hidden = !shown;
    });
  }

  function update() {
    var open = !standalone && !added;
    showWhen("installed", standalone);
    showWhen("added", added);
    showWhen("prompt", open && offered !== null);
    showWhen("ios", open && ios && offered === null);
    showWhen("other", open && !ios && offered === null);
  }

  // The card is not needed on this phone any more, nor on the person's other phones.
  function hideCard() {
    document.querySelectorAll("[data-install-card]").forEach(function (card) {
      var form = card.querySelector("form[data-install-hide]");
      if (form && !card.hidden) {
        fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "manual" })
          .catch(function () { /* offline: the card comes back once, and can be hidden then */ });
      }
      card.hidden = true;
    });
  }

  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault(); // our button, in our words, opens it
    offered = event;
    update();
  });

  window.addEventListener("appinstalled", function () {
    added = true;
    offered = null;
    update();
    hideCard();
  });

  document.querySelectorAll("[data-install-button]").forEach(function (button) {
    button.addEventListener("click", function () {
      if (!offered) return;
      var prompt = offered;
      offered = null; // a prompt opens once
      prompt.prompt();
      prompt.userChoice.then(function (choice) {
        if (choice && choice.outcome === "accepted") {
          added = true;
          hideCard();
        }
        update();
      }, update);
    });
  });

  if (standalone) hideCard();
  update();
})();
