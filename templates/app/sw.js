// backward-walk's service worker (served at /sw.js by plans/views/app.py).
// Pages: network first; offline, the saved copy, but only to its owner while their session
// lasts. Static files: from the cache. Logs posted offline wait in IndexedDB, each with its
// owner, and go to the queue endpoint (plans/views/queue.py) when the connection returns. Its
// answer is final: accepted (gone from the phone), refused (kept, and shown on Today as "Not
// saved" until the person has told us again) or conflict (already logged). A log is only ever
// sent into its owner's account. Reminders pushed by the worker (notifications/push.py) are
// shown as notifications; a tap opens the page they name, Today unless it is one of ours.
"use strict";
const VERSION = "{{ version }}";
const STATIC_CACHE = "bw-static-" + VERSION;
const PAGE_CACHE = "bw-pages";
const FILES = {{ files_json|safe }};
const TODAY = "{{ today }}";
const LOGIN = "{{ login }}";
const QUEUE = "{{ queue }}";
const OWNER_COOKIE = "{{ owner_cookie }}";
const OWNER_HEADER = "{{ owner_header }}";
const NOT_SAVED_PAGE = {{ not_saved_page|safe }};
const ICON = "{{ icon }}";
// Pages kept for offline use: Today, the guided session, the plan, progress.
const PAGES = [/^\/today\/$/, /^\/today\/\d{4}-\d{2}-\d{2}\/go\/$/, /^\/plan\/$/, /^\/progress\/$/];
// The logs a page posts (plans/urls.py: mark_done, log_day, rate_session, morning_pain), each
// with the kind the queue endpoint knows it by.
const LOGS = [
  [/^\/today\/(\d{4}-\d{2}-\d{2})\/done\/$/, "done"],
  [/^\/today\/(\d{4}-\d{2}-\d{2})\/$/, "log"],
  [/^\/today\/(\d{4}-\d{2}-\d{2})\/rate\/$/, "rate"],
  [/^\/today\/(\d{4}-\d{2}-\d{2})\/morning\/$/, "morning"],
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC_CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("bw-static-") && k !== STATIC_CACHE).map((k) => caches.delete(k))))
      // The first outbox kept no owner, so nobody can tell whose its logs were: never sent.
      .then(() => new Promise((resolve) => {
        const gone = indexedDB.deleteDatabase("bw-outbox");
        gone.onsuccess = gone.onerror = gone.onblocked = () => resolve();
      }))
      .then(() => self.clients.claim())
  );
});

function logKind(path) {
  for (const [pattern, kind] of LOGS) {
    const found = pattern.exec(path);
    if (found) return { kind, day: found[1] };
  }
  return null;
}

const matches = (patterns, path) => patterns.some((p) => p.test(path));

// --- Whose pages: the session marker -----------------------------------------------------------
// The server sets a cookie naming the signed-in person with the same lifetime as the session
// cookie, and deletes it on sign-out (plans/middleware.py, OfflineOwnerMiddleware); each page
// it sends names its owner in a header, kept with the page in the cache. The Cache API keeps
// pages after the session ends (it ignores no-store), so a saved page is shown only while the
// marker exists and names that page's owner. Without the Cookie Store API the marker cannot be
// read here, and no saved page is shown (the safe side).
async function sessionOwner() {
  if (!self.cookieStore) return null;
  try {
    const marker = await self.cookieStore.get(OWNER_COOKIE);
    return marker ? marker.value : null;
  } catch (e) {
    return null;
  }
}

function keepable(response) {
  return response && response.ok && response.type === "basic" && !response.redirected && !!response.headers.get(OWNER_HEADER);
}

// Drops every saved page that is not `owner`'s (all of them when there is no owner).
async function forgetPagesNotOf(owner) {
  const cache = await caches.open(PAGE_CACHE);
  const requests = await cache.keys();
  await Promise.all(requests.map(async (request) => {
    const saved = await cache.match(request);
    if (!owner || !saved || saved.headers.get(OWNER_HEADER) !== owner) await cache.delete(request);
  }));
}

async function savedPage(path) {
  const owner = await sessionOwner();
  if (!owner) {
    await caches.delete(PAGE_CACHE);
    return null;
  }
  const cache = await caches.open(PAGE_CACHE);
  for (const candidate of [path, TODAY]) {
    const saved = await cache.match(candidate);
    if (saved && saved.headers.get(OWNER_HEADER) === owner) return saved;
  }
  await forgetPagesNotOf(owner);
  return null;
}

// Offline with no page saved for the person signed in: a plain page that says so.
function notSavedPage() {
  return new Response(NOT_SAVED_PAGE, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'self'; script-src 'none'",
      "Cache-Control": "no-store",
    },
  });
}

// The windows whose page is the saved copy (the network failed): their page says so. The
// page cannot tell by itself: navigator.onLine only knows whether there is a network at all,
// and some browsers keep it true for a page the worker answered.
const SAVED_COPY = new Set();

async function networkFirst(request, clientId) {
  const path = new URL(request.url).pathname;
  try {
    const response = await fetch(request);
    if (keepable(response)) await (await caches.open(PAGE_CACHE)).put(path, response.clone());
    return response;
  } catch (e) {
    if (clientId) SAVED_COPY.add(clientId);
    return (await savedPage(path)) || notSavedPage();
  }
}

async function cacheFirst(request) {
  const saved = await caches.match(request, { ignoreSearch: true });
  return saved || fetch(request);
}

// --- The queue (IndexedDB): logs waiting, logs refused, and whose phone it was last -----------
const DB = "bw-queue";
const STORES = ["pending", "refused", "meta"];

function openQueue(retry = true) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => {
      for (const name of STORES) {
        if (!open.result.objectStoreNames.contains(name)) open.result.createObjectStore(name, { keyPath: "key" });
      }
    };
    open.onsuccess = () => {
      const db = open.result;
      if (STORES.every((name) => db.objectStoreNames.contains(name)) || !retry) { resolve(db); return; }
      // An empty database opened by another page (the sign-in page counts what waits): anew.
      db.close();
      const gone = indexedDB.deleteDatabase(DB);
      gone.onsuccess = gone.onerror = () => openQueue(false).then(resolve, reject);
    };
    open.onerror = () => reject(open.error);
  });
}

// Runs `work(store)` in one transaction on `name`; resolves with what `work` returned (a
// request's result once the transaction is complete, or a plain value).
async function inStore(name, mode, work) {
  const db = await openQueue();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(name, mode);
    const result = work(tx.objectStore(name));
    tx.oncomplete = () => { db.close(); resolve(result instanceof IDBRequest ? result.result : result); };
    tx.onerror = () => { db.close(); reject(tx.error); };
    tx.onabort = () => { db.close(); reject(tx.error); };
  });
}

const all = (name) => inStore(name, "readonly", (store) => store.getAll());
const remove = (name, key) => inStore(name, "readwrite", (store) => store.delete(key));
const put = (name, value) => inStore(name, "readwrite", (store) => store.put(value));

async function lastOwner() {
  const row = await inStore("meta", "readonly", (store) => store.get("owner"));
  return row ? row.value : null;
}

// Another person's logs are never sent nor shown: dropped from this phone.
async function forgetLogsNotOf(owner) {
  for (const name of ["pending", "refused"]) {
    for (const item of await all(name)) {
      if (item.owner !== owner) await remove(name, item.key);
    }
  }
}

// A page of `owner` is open: whatever this phone kept for someone else goes.
async function signedIn(owner) {
  if (!owner) return;
  await forgetLogsNotOf(owner);
  await forgetPagesNotOf(owner);
  await put("meta", { key: "owner", value: owner });
}

async function queueLog(request, found) {
  const form = new URLSearchParams(await request.text());
  // The page's owner (static/js/offline.js adds it to each log form); else the last person
  // whose page was open. Nobody known: not kept, and the browser says it could not be sent.
  const owner = form.get("owner") || (await lastOwner());
  if (!owner) return Response.error();
  form.delete("owner");
  form.delete("csrfmiddlewaretoken");
  const fields = Object.fromEntries(form);
  const path = new URL(request.url).pathname;
  // One entry per form: tapping twice offline keeps one, as the server would; it keeps its
  // first place in the line (a rating is sent after the log it rates).
  const key = [owner, path, Object.keys(fields).sort().join(",")].join("|");
  const before = await inStore("pending", "readonly", (store) => store.get(key));
  await put("pending", { key, owner, kind: found.kind, day: found.day, fields, at: before ? before.at : Date.now() });
  if (self.registration.sync) {
    try { await self.registration.sync.register("bw-queue"); } catch (e) { /* the page asks instead */ }
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

// One item to the endpoint: its JSON answer, or null (offline again, or not an answer: a
// CSRF or outage page). Null leaves the item waiting.
async function send(item, token) {
  try {
    const response = await fetch(QUEUE, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, Accept: "application/json" },
      body: JSON.stringify({ owner: item.owner, kind: item.kind, day: item.day, fields: item.fields }),
    });
    const answer = await response.json();
    return answer && answer.outcome ? answer : null;
  } catch (e) {
    return null;
  }
}

async function sendQueued() {
  const items = (await all("pending")).sort((a, b) => a.at - b.at);
  if (!items.length) return;
  // Who is signed in, and a fresh CSRF token, from Today itself. Signed out: the logs wait.
  const page = await fetch(TODAY, { credentials: "same-origin" });
  if (!page.ok || page.url.includes(LOGIN)) return;
  const html = await page.text();
  const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html);
  const owner = /<script [^>]*data-owner="([^"]+)"/.exec(html);
  if (!token || !owner) return;
  await signedIn(owner[1]);
  let accepted = 0;
  let refused = 0;
  for (const item of items) {
    if (item.owner !== owner[1]) continue; // never sent into someone else's account
    const answer = await send(item, token[1]);
    if (!answer || answer.outcome === "signed_out") break;
    await remove("pending", item.key);
    if (answer.outcome === "accepted" || (answer.outcome === "conflict" && answer.same)) {
      accepted += 1;
    } else {
      await put("refused", { ...item, outcome: answer.outcome, reason: answer.reason || "", what: answer.what || "", again: answer.again || null });
      refused += 1;
    }
  }
  if (accepted || refused) await tell({ type: "sent", accepted, refused });
}

// What a page of `owner` shows: how many logs wait, the days with a one-tap log waiting (their
// ratings can be given offline too), and the refused logs.
async function stateFor(owner) {
  const pending = (await all("pending")).filter((item) => item.owner === owner);
  const refused = (await all("refused")).filter((item) => item.owner === owner).sort((a, b) => a.at - b.at);
  return {
    type: "state",
    pending: pending.length,
    doneDays: pending.filter((item) => item.kind === "done").map((item) => item.day),
    refused,
  };
}

// A page of `owner` is open. If the session marker names someone else, the page is an old
// one (another person has signed in since): it is shown nothing and changes nothing. Else
// whatever is not theirs goes, and the page is told what waits.
async function hello(owner, source) {
  const marker = await sessionOwner();
  if (!owner || (marker && marker !== owner)) {
    if (source) source.postMessage({ type: "state", pending: 0, doneDays: [], refused: [] });
    return;
  }
  await signedIn(owner);
  if (source) source.postMessage({ ...(await stateFor(owner)), savedCopy: SAVED_COPY.has(source.id) });
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

async function clearAll() {
  const keys = await caches.keys();
  await Promise.all(keys.map((key) => caches.delete(key)));
  await new Promise((resolve) => {
    const gone = indexedDB.deleteDatabase(DB);
    gone.onsuccess = gone.onerror = gone.onblocked = () => resolve();
  });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const found = request.method === "POST" ? logKind(url.pathname) : null;
  if (found) {
    const copy = request.clone();
    event.respondWith(fetch(request).catch(() => queueLog(copy, found)));
  } else if (request.method === "GET" && request.mode === "navigate" && matches(PAGES, url.pathname)) {
    event.respondWith(networkFirst(request, event.resultingClientId));
  } else if (request.method === "GET" && FILES.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag === "bw-queue") event.waitUntil(flush());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const source = event.source;
  if (data.type === "hello") {
    event.waitUntil(hello(data.owner, source).catch(() => {}));
  } else if (data.type === "dismiss") {
    event.waitUntil(inStore("refused", "readonly", (store) => store.get(data.key))
      .then((item) => (item && item.owner === data.owner ? remove("refused", data.key) : null))
      .then(() => stateFor(data.owner)).then((state) => source && source.postMessage(state)).catch(() => {}));
  } else if (data.type === "flush") event.waitUntil(flush().catch(() => {}));
  else if (data.type === "warm") event.waitUntil(warm(data.urls || []));
  else if (data.type === "clear") event.waitUntil(clearAll());
});

// --- Reminders on the phone (Web Push) ----------------------------------------------------------
// The message is {title, body, url, tag}, already in words fit for a lock screen.
self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (e) { /* not ours, or garbled: a plain reminder to open the app */ }
  const options = { body: message.body || "", icon: ICON, data: { url: message.url || TODAY } };
  if (message.tag) options.tag = message.tag;
  event.waitUntil(self.registration.showNotification(message.title || "backward-walk", options));
});

// Only a page of this site is opened; an open window of it is brought forward instead.
function pageToOpen(url) {
  try {
    const target = new URL(url, self.location.origin);
    return target.origin === self.location.origin ? target.href : new URL(TODAY, self.location.origin).href;
  } catch (e) {
    return new URL(TODAY, self.location.origin).href;
  }
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = pageToOpen((event.notification.data || {}).url || TODAY);
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
    const open = windows.find((client) => client.url === target && "focus" in client);
    return open ? open.focus() : self.clients.openWindow(target);
  }));
});
