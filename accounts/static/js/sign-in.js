// The sign-in page: whoever signs in next must neither see nor send what the last person kept
// on this phone. The pages saved for offline use and the logs still waiting are removed here
// (the service worker keeps its own files). If logs were waiting, the page says so, without
// saying what they were, so that their owner can log them again after signing in.
(function () {
  "use strict";
  var note = document.getElementById("queue-dropped");

  function waiting() {
    return new Promise(function (resolve) {
      if (!("indexedDB" in window)) { resolve(0); return; }
      var open = indexedDB.open("bw-queue");
      open.onerror = function () { resolve(0); };
      open.onsuccess = function () {
        var db = open.result;
        if (!db.objectStoreNames.contains("pending")) { db.close(); resolve(0); return; }
        var count = db.transaction("pending", "readonly").objectStore("pending").count();
        count.onsuccess = function () { db.close(); resolve(count.result); };
        count.onerror = function () { db.close(); resolve(0); };
      };
    });
  }

  function forget(name) {
    return new Promise(function (resolve) {
      var gone = indexedDB.deleteDatabase(name);
      gone.onsuccess = gone.onerror = gone.onblocked = function () { resolve(); };
    });
  }

  var pages = "caches" in window ? caches.delete("bw-pages") : Promise.resolve();
  waiting().then(function (count) {
    if (note && count > 0) note.hidden = false;
    return Promise.all([pages, forget("bw-queue"), forget("bw-outbox")]);
  }).then(function () {
    document.documentElement.setAttribute("data-phone-cleared", "1");
  });
})();
