// Reminders on this phone (Web Push), on /account/ and the questionnaire's result page
// (templates/partials/_push_choice.html). Without JavaScript the block stays hidden and
// everything comes by email; in a browser that cannot show notifications it says so.
// Turning on: the browser asks the person, subscribes with the site's public key, and the
// subscription is saved for them (notifications/views/push.py). Turning off forgets it in the
// browser, then on the server. Each visit tells the server what this browser holds, so a
// subscription the browser renewed by itself is not lost. The words come from the page.
(function () {
  "use strict";
  var block = document.getElementById("push-choice");
  if (!block) return;
  var on = block.querySelector("[data-push-on]");
  var off = block.querySelector("[data-push-off]");
  var status = block.querySelector("[data-push-status]");
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  block.hidden = false;

  function say(text) { status.textContent = text || ""; }
  function show(subscribed) {
    on.hidden = subscribed;
    off.hidden = !subscribed;
    on.disabled = off.disabled = false;
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window) || !window.isSecureContext) {
    on.hidden = off.hidden = true;
    say(block.dataset.unsupported);
    return;
  }

  // The public key as the browser takes it: base64url text to bytes.
  function keyBytes(text) {
    var raw = atob((text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  // POSTs JSON; resolves with the answer, or rejects with the server's own words if it has any.
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (response.ok) return answer;
        var problem = new Error(answer.error || block.dataset.failed);
        problem.words = answer.error;
        throw problem;
      });
    });
  }

  function failed(problem) {
    say((problem && problem.words) || block.dataset.failed);
  }

  function currentSubscription() {
    return navigator.serviceWorker.getRegistration("/").then(function (registration) {
      return registration ? registration.pushManager.getSubscription() : null;
    });
  }

  function turnOn() {
    on.disabled = true;
    say(block.dataset.working);
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        show(false);
        say(block.dataset.blocked);
        return null;
      }
      return navigator.serviceWorker.register(block.dataset.worker, { scope: "/" })
        .then(function () { return navigator.serviceWorker.ready; })
        .then(function (registration) {
          return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(block.dataset.key) });
        })
        .then(function (subscription) {
          return post(block.dataset.subscribe, { subscription: subscription.toJSON(), asked: true });
        })
        .then(function (answer) { show(true); say(answer.message); });
    }).catch(function (problem) { show(false); failed(problem); });
  }

  function turnOff() {
    off.disabled = true;
    say(block.dataset.working);
    currentSubscription().then(function (subscription) {
      if (!subscription) return { message: "" };
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () {
        return post(block.dataset.unsubscribe, { endpoint: endpoint });
      });
    }).then(function (answer) { show(false); say(answer.message); })
      .catch(function (problem) { show(false); failed(problem); });
  }

  on.addEventListener("click", turnOn);
  off.addEventListener("click", turnOff);

  if (Notification.permission === "denied") say(block.dataset.blocked);
  currentSubscription().then(function (subscription) {
    show(!!subscription);
    if (subscription) return post(block.dataset.subscribe, { subscription: subscription.toJSON(), asked: false });
    return null;
  }).catch(function (problem) { if (problem && problem.words) say(problem.words); });
})();
