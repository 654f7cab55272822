// Signed-in pages: start the service worker, keep Today, the plan and today's guided session
// for offline use, say when a log is waiting on this phone, ask for it to be sent when the
// connection returns, and show on Today each log the server refused ("Not saved"), with a way
// to tell us again. Every log form carries its owner (the page's person), so the worker sends
// it only into their account. Signing out tells the worker to forget everything it kept.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var script = document.currentScript;
  var workerUrl = script && script.getAttribute("data-worker");
  var owner = script && script.getAttribute("data-owner");
  if (!workerUrl || !owner) return;

  var note = document.getElementById("offline-note");
  var offlinePage = document.getElementById("offline-page");
  var notSaved = document.getElementById("not-saved");

  Array.prototype.forEach.call(document.forms, function (form) {
    if (form.method !== "post" || !/^\/today\//.test(new URL(form.action, location.href).pathname)) return;
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = "owner";
    field.value = owner;
    form.appendChild(field);
  });

  function toWorker(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage(message);
    });
  }

  function ask() {
    toWorker({ type: "hello", owner: owner });
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  // When the fall happened, as the "I had a fall" form takes it: the moment it was logged,
  // if that was on the session's own day (otherwise the form asks).
  function fallTime(item) {
    var at = new Date(item.at);
    var day = at.getFullYear() + "-" + pad(at.getMonth() + 1) + "-" + pad(at.getDate());
    return day === item.day ? day + "T" + pad(at.getHours()) + ":" + pad(at.getMinutes()) : null;
  }

  function fallLink(item) {
    var fields = item.fields || {};
    var ticked = function (name) { return !!fields[name] && fields[name] !== "false"; };
    if (item.kind !== "log" || !ticked("fall")) return null;
    var query = new URLSearchParams();
    if (ticked("fall_injury")) query.set("injury", "1");
    if (ticked("fall_head_strike")) query.set("head", "1");
    var when = fallTime(item);
    if (when) query.set("when", when);
    var text = query.toString();
    return notSaved.getAttribute("data-fall-url") + (text ? "?" + text : "");
  }

  function showRefused(items) {
    if (!notSaved) return;
    var list = document.getElementById("not-saved-list");
    var template = document.getElementById("not-saved-item");
    list.textContent = "";
    items.forEach(function (item) {
      var row = template.content.firstElementChild.cloneNode(true);
      row.querySelector("[data-what]").textContent = item.what;
      row.querySelector("[data-why]").textContent = item.reason;
      var fall = row.querySelector("[data-fall]");
      var fallUrl = fallLink(item);
      if (fallUrl) { fall.href = fallUrl; fall.hidden = false; }
      var again = row.querySelector("[data-again]");
      if (item.again && item.again.url) {
        again.href = item.again.url;
        again.textContent = item.again.label;
        again.hidden = false;
      }
      row.querySelector("[data-dismiss]").addEventListener("click", function () {
        toWorker({ type: "dismiss", key: item.key, owner: owner });
      });
      list.appendChild(row);
    });
    notSaved.hidden = items.length === 0;
  }

  // The worker says whether this page is its saved copy (the network failed when it loaded).
  var savedCopy = false;

  function showState(state) {
    if (state && state.savedCopy) savedCopy = true;
    if (offlinePage) offlinePage.hidden = navigator.onLine && !savedCopy;
    if (!state) return;
    if (note) note.hidden = state.pending === 0;
    document.documentElement.setAttribute("data-queued", String(state.pending));
    // The two rating questions for a one-tap log still waiting on this phone.
    document.querySelectorAll("[data-offline-rate]").forEach(function (rows) {
      rows.hidden = state.doneDays.indexOf(rows.getAttribute("data-offline-rate")) === -1;
    });
    showRefused(state.refused);
  }

  function pagesToKeep() {
    var urls = ["/today/", "/plan/"];
    var player = document.querySelector("a.player-link");
    if (player) urls.push(player.getAttribute("href"));
    return urls;
  }

  navigator.serviceWorker.register(workerUrl, { scope: "/" }).then(function () {
    ask();
    if (navigator.onLine) {
      toWorker({ type: "flush" });
      if (location.pathname === "/today/") toWorker({ type: "warm", urls: pagesToKeep() });
    }
  }, function () { /* no worker (private mode): the site works online as before */ });

  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "state") showState(data);
    else if (data.type === "sent") {
      document.documentElement.setAttribute("data-sent", String(data.accepted));
      document.documentElement.setAttribute("data-refused", String(data.refused));
      // The page on screen was the saved copy: show the real one, with the logs on it (and
      // any refused log under "Not saved").
      if (note && !note.hidden) location.replace(location.pathname);
      else ask();
    }
  });

  window.addEventListener("online", function () { showState(null); toWorker({ type: "flush" }); });
  window.addEventListener("offline", function () { showState(null); });
  showState(null);

  // Signing out: the worker empties its caches and the queue (the server's reply also says
  // Clear-Site-Data, which removes the worker itself).
  document.querySelectorAll('form[action$="/logout/"]').forEach(function (form) {
    form.addEventListener("submit", function () {
      if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage({ type: "clear" });
    });
  });
})();
