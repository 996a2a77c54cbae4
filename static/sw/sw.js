/* Acolher service worker.
 *
 * /sw.js prepends `const ACOLHER = {version, assets, offline, languages}`:
 * the hashed shell of this deployment.
 *
 * Caches:
 *   shell-<version>   the app shell and every language's offline page
 *   pages             pages the reader opened (trimmed when large)
 *   assets            other static files seen while reading
 *   pack-<key>        packs the reader saved on purpose (never evicted)
 *   acolher-meta      one record per saved pack
 *
 * Pages already on the device open from the cache at once and are
 * revalidated in the background; the page asks for the outcome ("status")
 * to tell the reader they are offline or that a newer copy exists. Pages not
 * on the device come from the network, or the offline page in the reader's
 * language when there is none.
 *
 * Searches with a query go to the network first; offline or when it is too
 * slow, the saved search page answers and searches the saved pack.
 *
 * "/" (the installed app's start page) opens the language last read on this
 * device, or the language of a saved pack, online and offline; with neither,
 * the server chooses from the browser's languages.
 */
"use strict";

const SHELL = "shell-" + ACOLHER.version;
const PAGES = "pages";
const ASSETS = "assets";
const PACK = "pack-";
const META = "acolher-meta";
const NETWORK_TIMEOUT = 12000;
const SEARCH_TIMEOUT = 5000; // a search waits less: the saved pack can answer it
const MAX_PAGES = 300;
const status = new Map();

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL).then((cache) =>
      cache.addAll([...ACOLHER.assets, ...Object.values(ACOLHER.offline)])
    )
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(
      names.filter((name) => name.startsWith("shell-") && name !== SHELL)
        .map((name) => caches.delete(name))
    );
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  // The editors' workspace is never cached: the browser asks the server.
  if (url.pathname === "/editor" || url.pathname.startsWith("/editor/")) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(event, url));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(asset(request, url.pathname));
  } else if (DIRECTORY_DATA.test(url.pathname)) {
    event.respondWith(directoryData(request, url.pathname));
  }
});

/* The directory's compact data (nearest-to-me on the device): the network
   when it answers in time, else the copy saved with a pack or on the last
   visit, so the search works with no connection. */
const DIRECTORY_DATA = /^\/[a-z]{2,3}\/services\/directory\.json$/;

async function directoryData(request, path) {
  try {
    const response = await withTimeout(fetch(request), NETWORK_TIMEOUT);
    if (response.ok) {
      const copy = await stamp(response.clone(), { "x-hash": hashOf(response) });
      caches.open(PAGES).then((cache) => cache.put(path, copy)).catch(() => {});
    }
    return response;
  } catch (error) {
    const saved = await findSaved(path);
    if (saved) return saved;
    return new Response("{}", { status: 503, headers: { "content-type": "application/json" } });
  }
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  const reply = event.ports[0] ? (data) => event.ports[0].postMessage(data) : () => {};
  const handlers = {
    "skip-waiting": () => self.skipWaiting(),
    status: () => (status.get(message.path) || Promise.resolve({ fromCache: false })).then(reply),
    keep: () => keep(message.path).then(reply, () => reply(false)),
    "pack-state": () => readRecord(message.key).then(reply),
    "save-pack": () => savePack(message.url, message.key, reply),
    "remove-pack": () => removePack(message.key).then(reply),
    "refresh-packs": () => refreshPacks(message.force).then(() => reply(true)),
  };
  const handler = handlers[message.type];
  if (handler) event.waitUntil(Promise.resolve(handler()).catch(() => reply({ type: "error" })));
});

function languageOf(path) {
  const code = path.split("/")[1];
  return ACOLHER.languages.includes(code) ? code : ACOLHER.languages[0];
}

function isReaderPage(path) {
  return ACOLHER.languages.includes(path.split("/")[1]);
}

async function stamp(response, extra) {
  const headers = new Headers(response.headers);
  headers.set("x-saved-at", new Date().toISOString());
  for (const [name, value] of Object.entries(extra || {})) headers.set(name, value);
  return new Response(await response.blob(), { status: response.status, headers });
}

function hashOf(response) {
  return response && (response.headers.get("x-hash") ||
    (response.headers.get("etag") || "").replace(/^W\//, "").replace(/"/g, "").replace(/-(br|gzip)$/, ""));
}

/* The newest saved copy of a page, in any page or pack cache. */
async function findSaved(path) {
  try {
    const names = (await caches.keys()).filter((n) => n === PAGES || n.startsWith(PACK));
    let best;
    for (const name of names) {
      const found = await (await caches.open(name)).match(path, { ignoreVary: true, ignoreSearch: true });
      if (found && (!best || found.headers.get("x-saved-at") > best.headers.get("x-saved-at"))) best = found;
    }
    return best;
  } catch (error) {
    return undefined; // a broken cache must never cost the reader the page
  }
}

async function fetchAndKeep(request, path) {
  const response = await fetch(request);
  const type = response.headers.get("content-type") || "";
  if (response.ok && type.startsWith("text/html") && isReaderPage(path)) {
    try {
      const cache = await caches.open(PAGES);
      await cache.put(path, await stamp(response.clone(), { "x-hash": hashOf(response) }));
      trimPages(cache);
    } catch (error) { /* storage full: the page still shows */ }
  }
  return response;
}

async function trimPages(cache) {
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_PAGES)).map((key) => cache.delete(key)));
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); });
  });
}

const LAST_LANGUAGE = "/__acolher/last-language";

async function rememberLanguage(path) {
  try {
    await (await caches.open(META)).put(LAST_LANGUAGE, new Response(languageOf(path)));
  } catch (error) { /* storage full: "/" falls back to the saved packs */ }
}

/* The language "/" opens on this device, or undefined. */
async function deviceLanguage() {
  try {
    const meta = await caches.open(META);
    const last = await meta.match(LAST_LANGUAGE);
    if (last) return await last.text();
    for (const request of await meta.keys()) {
      if (new URL(request.url).pathname === LAST_LANGUAGE) continue;
      const record = await (await meta.match(request)).json();
      if (record && ACOLHER.languages.includes(record.lang)) return record.lang;
    }
  } catch (error) { /* no preference known */ }
  return undefined;
}

async function navigate(event, url) {
  const path = url.pathname;
  if (path === "/") {
    const code = await deviceLanguage();
    if (code) return Response.redirect("/" + code + "/", 302);
  } else if (isReaderPage(path)) {
    event.waitUntil(rememberLanguage(path));
  }
  if (isReaderPage(path) && path.endsWith("/search") && url.search) return search(event, path);
  // A page asked with a query (the filters of the directory and the
  // courses) is not the saved page of its path: ask the network first, and
  // fall back to that page.
  const query = url.search !== "";
  const saved = isReaderPage(path) && !query ? await findSaved(path) : undefined;
  const network = query ? fetch(event.request) : fetchAndKeep(event.request, path);
  if (saved) {
    const savedAt = saved.headers.get("x-saved-at");
    const outcome = network.then(
      (fresh) => ({ fromCache: true, savedAt, offline: false,
        updated: fresh.ok && hashOf(fresh) !== hashOf(saved) }),
      () => ({ fromCache: true, savedAt, offline: true })
    );
    status.set(path, outcome);
    event.waitUntil(outcome);
    return saved;
  }
  status.set(path, Promise.resolve({ fromCache: false }));
  try {
    return await withTimeout(network, NETWORK_TIMEOUT);
  } catch (error) {
    const copy = query && isReaderPage(path) ? await findSaved(path) : undefined;
    return copy || offlinePage(path);
  }
}

/* A search with a query: the server's answer (never kept: it is one of many
 * queries), or, offline or after SEARCH_TIMEOUT, the saved search page,
 * whose script then searches the saved pack on the device. */
async function search(event, path) {
  status.set(path, Promise.resolve({ fromCache: false }));
  try {
    return await withTimeout(fetch(event.request), SEARCH_TIMEOUT);
  } catch (error) {
    const saved = await findSaved(path);
    return saved || offlinePage(path);
  }
}

async function offlinePage(path) {
  const code = path === "/" ? (await deviceLanguage()) || languageOf(path) : languageOf(path);
  const url = ACOLHER.offline[code];
  try {
    const page = await caches.match(url, { ignoreVary: true });
    if (page) return page;
  } catch (error) { /* fall through */ }
  try {
    return await fetch(url);
  } catch (error) {
    return fallbackPage(code, url);
  }
}

/* The last resort, built here: in the reader's language and direction. */
function fallbackPage(code, url) {
  const text = ACOLHER.fallback[code];
  const escape = (value) => String(value).replace(/[&<>"]/g, (c) => "&#" + c.charCodeAt(0) + ";");
  return new Response(
    '<!doctype html><html lang="' + escape(text.tag) + '" dir="' + escape(text.dir) + '">' +
    '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    "<title>" + escape(text.title) + " · Acolher</title>" +
    '<p><a href="#help">' + escape(text.help) + "</a></p>" +
    "<h1>" + escape(text.title) + '</h1><p><a href="' + escape(url) + '">' + escape(text.retry) + "</a></p>" +
    '<h2 id="help">' + escape(text.help) + '</h2><p><a href="tel:112" dir="ltr">112</a></p>',
    { status: 503, headers: { "content-type": "text/html; charset=utf-8" } }
  );
}

async function asset(request, path) {
  try {
    const hit = await caches.match(path, { ignoreVary: true, ignoreSearch: true });
    if (hit) return hit;
  } catch (error) { /* fall back to the network */ }
  const response = await fetch(request);
  if (response.ok) {
    caches.open(ASSETS).then((cache) => cache.put(path, response.clone())).catch(() => {});
  }
  return response;
}

/* The page was opened before this worker controlled it: keep it now. */
async function keep(path) {
  if (!isReaderPage(path) || await findSaved(path)) return true;
  await fetchAndKeep(new Request(path, { credentials: "same-origin" }), path);
  return true;
}

/* ---- Saved packs ---- */

function recordUrl(key) {
  return "/__acolher/packs/" + encodeURIComponent(key);
}

async function readRecord(key) {
  const found = await (await caches.open(META)).match(recordUrl(key));
  return found ? found.json() : null;
}

async function writeRecord(record) {
  const body = JSON.stringify(record);
  await (await caches.open(META)).put(recordUrl(record.key),
    new Response(body, { headers: { "content-type": "application/json" } }));
}

async function savedHashes(cache) {
  const hashes = new Map();
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    hashes.set(new URL(request.url).pathname, response && response.headers.get("x-hash"));
  }
  return hashes;
}

/* Download a pack, or bring a saved one up to date: only entries whose hash
 * changed are fetched and removed entries are deleted. The record that marks
 * the pack as saved is written only when every entry is on the device, so an
 * interrupted download leaves the previous pack in place and resumes later. */
async function savePack(manifestUrl, key, report) {
  let manifest;
  try {
    const response = await fetch(manifestUrl, { cache: "no-cache" });
    if (!response.ok) throw new Error("manifest " + response.status);
    manifest = await response.json();
  } catch (error) {
    report({ type: "offline" });
    return;
  }
  const previous = await readRecord(key);
  const cache = await caches.open(PACK + key);
  const have = await savedHashes(cache);
  const wanted = new Map(manifest.entries.map((entry) => [entry.url, entry.hash]));
  const todo = manifest.entries.filter((entry) => have.get(entry.url) !== entry.hash);
  const total = manifest.entries.length;
  let done = total - todo.length;
  const failed = [];
  report({ type: "progress", done, total });
  for (const entry of todo) {
    try {
      const response = await fetch(entry.url, { cache: "no-cache" });
      if (!response.ok) {
        failed.push({ url: entry.url, status: response.status });
        continue;
      }
      await cache.put(entry.url, await stamp(response, { "x-hash": entry.hash }));
      done += 1;
      report({ type: "progress", done, total });
    } catch (error) {
      if (error && error.name === "QuotaExceededError") {
        report({ type: "quota" });
        return;
      }
      failed.push({ url: entry.url, status: 0 });
      if (error instanceof TypeError) break; // the network is gone: resume next time
    }
  }
  for (const request of await cache.keys()) {
    if (!wanted.has(new URL(request.url).pathname)) await cache.delete(request);
  }
  if (failed.length) {
    report({ type: "failed", failed });
    return;
  }
  const now = new Date().toISOString();
  const unchanged = previous && previous.version === manifest.version && !todo.length;
  const record = {
    key, manifest: manifestUrl, version: manifest.version, lang: manifest.lang,
    topic: manifest.topic, size: manifest.total_size,
    savedAt: unchanged ? previous.savedAt : now, checkedAt: now,
  };
  try {
    await writeRecord(record);
  } catch (error) {
    report({ type: "quota" });
    return;
  }
  report({ type: "saved", record, fetched: todo.length });
}

async function removePack(key) {
  await caches.delete(PACK + key);
  await (await caches.open(META)).delete(recordUrl(key));
  return true;
}

const REFRESH_EVERY = 5 * 60 * 1000;

async function refreshPacks(force) {
  const meta = await caches.open(META);
  for (const request of await meta.keys()) {
    const record = await (await meta.match(request)).json();
    if (force || !record.checkedAt || Date.now() - Date.parse(record.checkedAt) > REFRESH_EVERY) {
      await savePack(record.manifest, record.key, () => {});
    }
  }
}
