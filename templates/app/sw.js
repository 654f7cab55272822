// backward-walk's service worker (served at /sw.js by plans/views/app.py).
// Pages: network first, the saved copy when offline. Static files: from the cache.
// One-tap logs posted offline wait in IndexedDB and are sent again when the connection
// returns, through the same endpoint (it keeps the first log of a day, so a retry is safe).
"use strict";
const VERSION = "{{ version }}";
const STATIC_CACHE = "bw-static-" + VERSION;
const PAGE_CACHE = "bw-pages";
const FILES = {{ files_json|safe }};
const TODAY = "{{ today }}";
const LOGIN = "{{ login }}";
// Pages kept for offline use: Today, the guided session, the plan, progress.
const PAGES = [/^\/today\/$/, /^\/today\/\d{4}-\d{2}-\d{2}\/go\/$/, /^\/plan\/$/, /^\/progress\/$/];
// The one-tap log and the "partly done" log (plans/urls.py: mark_done, log_day).
const LOGS = [/^\/today\/\d{4}-\d{2}-\d{2}\/done\/$/, /^\/today\/\d{4}-\d{2}-\d{2}\/$/];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC_CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("bw-static-") && k !== STATIC_CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

const matches = (patterns, path) => patterns.some((p) => p.test(path));

function keepable(response) {
  return response && response.ok && response.type === "basic" && !response.redirected;
}

async function networkFirst(request) {
  const cache = await caches.open(PAGE_CACHE);
  try {
    const response = await fetch(request);
    if (keepable(response)) await cache.put(new URL(request.url).pathname, response.clone());
    return response;
  } catch (error) {
    const path = new URL(request.url).pathname;
    const saved = (await cache.match(path)) || (await cache.match(TODAY));
    if (saved) return saved;
    throw error;
  }
}

async function cacheFirst(request) {
  const saved = await caches.match(request, { ignoreSearch: true });
  return saved || fetch(request);
}

// --- The outbox (IndexedDB) ---------------------------------------------------------------
function openOutbox() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("bw-outbox", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("logs", { keyPath: "url" });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function outbox(mode, work) {
  const db = await openOutbox();
  return new Promise((resolve, reject) => {
    const tx = db.transaction("logs", mode);
    const result = work(tx.objectStore("logs"));
    tx.oncomplete = () => { db.close(); resolve(result && result.result); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  });
}

async function queueLog(request) {
  const body = await request.text();
  const url = new URL(request.url).pathname;
  // Keyed on the address: tapping twice offline keeps one entry, as the server would.
  await outbox("readwrite", (store) => store.put({ url, body, type: request.headers.get("Content-Type"), at: Date.now() }));
  if (self.registration.sync) {
    try { await self.registration.sync.register("bw-outbox"); } catch (e) { /* the page asks instead */ }
  }
  return Response.redirect(TODAY + "?saved=offline", 303);
}

let flushing = null;
function flush() {
  if (!flushing) flushing = sendQueued().finally(() => { flushing = null; });
  return flushing;
}

async function tell(message) {
  const windows = await self.clients.matchAll({ type: "window" });
  windows.forEach((client) => client.postMessage(message));
}

async function sendQueued() {
  const items = await outbox("readonly", (store) => store.getAll());
  if (!items || !items.length) return;
  // A fresh CSRF token from Today: the one saved with the form may have been rotated by a
  // new sign-in since. Signed out means no token: the logs wait for the next sign-in.
  const page = await fetch(TODAY, { credentials: "same-origin" });
  if (!page.ok || page.url.includes(LOGIN)) return;
  const found = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(await page.text());
  if (!found) return;
  let sent = 0;
  for (const item of items) {
    const body = item.body.replace(/csrfmiddlewaretoken=[^&]*/, "csrfmiddlewaretoken=" + encodeURIComponent(found[1]));
    const response = await fetch(item.url, {
      method: "POST", body, credentials: "same-origin",
      headers: { "Content-Type": item.type || "application/x-www-form-urlencoded" },
    });
    if (response.ok && !response.url.includes(LOGIN)) {
      await outbox("readwrite", (store) => store.delete(item.url));
      sent += 1;
    }
  }
  if (sent) await tell({ type: "sent", count: sent });
}

async function clearAll() {
  const keys = await caches.keys();
  await Promise.all(keys.map((key) => caches.delete(key)));
  await new Promise((resolve) => {
    const gone = indexedDB.deleteDatabase("bw-outbox");
    gone.onsuccess = gone.onerror = gone.onblocked = () => resolve();
  });
}

async function warm(urls) {
  const cache = await caches.open(PAGE_CACHE);
  await Promise.all(urls.map(async (url) => {
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (keepable(response)) await cache.put(new URL(url, self.location).pathname, response);
    } catch (e) { /* offline now: kept from the last visit instead */ }
  }));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && matches(LOGS, url.pathname)) {
    const copy = request.clone();
    event.respondWith(fetch(request).catch(() => queueLog(copy)));
  } else if (request.method === "GET" && request.mode === "navigate" && matches(PAGES, url.pathname)) {
    event.respondWith(networkFirst(request));
  } else if (request.method === "GET" && FILES.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag === "bw-outbox") event.waitUntil(flush());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "flush") event.waitUntil(flush().catch(() => {}));
  else if (data.type === "warm") event.waitUntil(warm(data.urls || []));
  else if (data.type === "clear") event.waitUntil(clearAll());
});
