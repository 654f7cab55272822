// Signed-in pages: start the service worker, keep Today, the plan and today's guided session
// for offline use, say when a log is waiting on this phone, and ask for it to be sent when the
// connection returns. Signing out tells the worker to forget everything it kept.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var script = document.currentScript;
  var workerUrl = script && script.getAttribute("data-worker");
  if (!workerUrl) return;

  var note = document.getElementById("offline-note");
  var offlinePage = document.getElementById("offline-page");

  function toWorker(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage(message);
    });
  }

  function queuedCount() {
    return new Promise(function (resolve) {
      if (!("indexedDB" in window)) { resolve(0); return; }
      var open = indexedDB.open("bw-outbox", 1);
      open.onupgradeneeded = function () { open.result.createObjectStore("logs", { keyPath: "url" }); };
      open.onerror = function () { resolve(0); };
      open.onsuccess = function () {
        var db = open.result;
        try {
          var count = db.transaction("logs", "readonly").objectStore("logs").count();
          count.onsuccess = function () { db.close(); resolve(count.result); };
          count.onerror = function () { db.close(); resolve(0); };
        } catch (e) { db.close(); resolve(0); }
      };
    });
  }

  function showState() {
    if (offlinePage) offlinePage.hidden = navigator.onLine;
    queuedCount().then(function (count) {
      if (note) note.hidden = count === 0;
      document.documentElement.setAttribute("data-queued", String(count));
    });
  }

  function pagesToKeep() {
    var urls = ["/today/", "/plan/"];
    var player = document.querySelector("a.player-link");
    if (player) urls.push(player.getAttribute("href"));
    return urls;
  }

  navigator.serviceWorker.register(workerUrl, { scope: "/" }).then(function () {
    if (navigator.onLine) {
      toWorker({ type: "flush" });
      if (location.pathname === "/today/") toWorker({ type: "warm", urls: pagesToKeep() });
    }
  }, function () { /* no worker (private mode): the site works online as before */ });

  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data && event.data.type === "sent") {
      document.documentElement.setAttribute("data-sent", String(event.data.count));
      // The page on screen was the saved copy: show the real one, with the log on it.
      if (note && !note.hidden) location.replace(location.pathname);
      else showState();
    }
  });

  window.addEventListener("online", function () { showState(); toWorker({ type: "flush" }); });
  window.addEventListener("offline", showState);
  showState();

  // Signing out: the worker empties its caches and the outbox (the server's reply also says
  // Clear-Site-Data, which removes the worker itself).
  document.querySelectorAll('form[action$="/logout/"]').forEach(function (form) {
    form.addEventListener("submit", function () {
      if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage({ type: "clear" });
    });
  });
})();
