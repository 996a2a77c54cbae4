// Acolher: progressive enhancement only. Every page works without this file.
(function () {
  "use strict";
  var doc = document;
  var lang = doc.documentElement.lang;

  // Close the language chooser with Escape and return focus to its button.
  doc.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = doc.querySelector("details.langs[open]");
    if (!open) return;
    open.removeAttribute("open");
    open.querySelector("summary").focus();
  });

  // ...and when keyboard focus moves past its last language.
  Array.prototype.forEach.call(doc.querySelectorAll("details.langs"), function (menu) {
    menu.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !menu.contains(event.relatedTarget)) menu.removeAttribute("open");
    });
  });

  if (!("serviceWorker" in navigator) || !window.caches) return;
  var sw = navigator.serviceWorker;
  var notes = doc.getElementById("sw-notes");
  var text = notes ? notes.dataset : {};
  var controlledAtLoad = !!sw.controller;
  var reloading = false;

  function formatDate(iso) {
    try {
      return new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short" }).format(new Date(iso));
    } catch (error) { return iso; }
  }

  function formatSize(bytes) {
    var kb = Math.max(1, Math.ceil(bytes / 1024));
    try {
      return new Intl.NumberFormat(lang, { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 }).format(kb);
    } catch (error) { return kb + " KB"; }
  }

  // Saved pages take about this many times their download size on the device:
  // pages arrive compressed (Brotli) but the cache keeps them decompressed,
  // with their headers. Measured on the starter content: 3.5 to 4.5.
  var STORAGE_FACTOR = 4;

  function formatMegabytes(bytes) {
    var mb = Math.max(0.1, Math.round(bytes / 104857.6) / 10);
    try {
      return new Intl.NumberFormat(lang, { style: "unit", unit: "megabyte", maximumFractionDigits: 1 }).format(mb);
    } catch (error) { return mb + " MB"; }
  }

  function note(message, actionLabel, action) {
    if (!notes) return;
    var p = doc.createElement("p");
    p.textContent = message + " ";
    if (actionLabel) {
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = actionLabel;
      button.addEventListener("click", action);
      p.appendChild(button);
    }
    notes.appendChild(p);
    notes.hidden = false;
  }

  function ask(worker, message) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { resolve(event.data); };
      worker.postMessage(message, [channel.port2]);
    });
  }

  function isSaved(path) {
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n === "pages" || n.indexOf("pack-") === 0; })
        .map(function (n) { return caches.open(n).then(function (c) { return c.match(path, { ignoreVary: true }); }); }));
    }).then(function (hits) { return hits.some(Boolean); }, function () { return false; });
  }

  function showUpdate(worker) {
    note(text.newVersion, text.reload, function () {
      reloading = true;
      worker.postMessage({ type: "skip-waiting" });
    });
  }

  sw.addEventListener("controllerchange", function () {
    if (reloading) window.location.reload();
  });

  sw.register("/sw.js").then(function (registration) {
    if (registration.waiting && sw.controller) showUpdate(registration.waiting);
    registration.addEventListener("updatefound", function () {
      var worker = registration.installing;
      worker.addEventListener("statechange", function () {
        if (worker.state === "installed" && sw.controller) showUpdate(worker);
      });
    });
  });

  sw.ready.then(function (registration) {
    var worker = sw.controller || registration.active;
    var path = window.location.pathname;
    var ready = controlledAtLoad ? Promise.resolve() : ask(worker, { type: "keep", path: path });
    ready.then(function () {
      if (controlledAtLoad) {
        ask(worker, { type: "status", path: path }).then(function (state) {
          if (state && state.offline) {
            note(text.offline.replace("{date}", formatDate(state.savedAt)));
            markUnsaved();
            listSaved(true);
          } else if (state && state.updated) {
            note(text.updated, text.reload, function () { window.location.reload(); });
          }
        });
      }
      showSavedState(path);
      listSaved(false);
      savePanel(worker);
    });
    if (navigator.onLine) worker.postMessage({ type: "refresh-packs" });
  });

  function showSavedState(path) {
    var element = doc.querySelector(".saved-state");
    if (!element) return;
    isSaved(path).then(function (saved) {
      if (!saved) return;
      element.textContent = text.saved;
      element.hidden = false;
    });
  }

  function markUnsaved() {
    var links = doc.querySelectorAll("main a[href^='/'], .breadcrumbs a[href^='/']");
    Array.prototype.forEach.call(links, function (link) {
      var path = new URL(link.href).pathname;
      if (path.indexOf("/static/") === 0) return;
      isSaved(path).then(function (saved) {
        if (saved) return;
        link.classList.add("not-saved");
        var mark = doc.createElement("span");
        mark.className = "small";
        mark.textContent = " " + text.notSaved;
        link.appendChild(mark);
      });
    });
  }

  // The offline page, and the home page when offline, list what is saved in
  // this language.
  function listSaved(offline) {
    var list = doc.getElementById("saved-pages");
    if (!list || (list.dataset.when === "offline" && !offline) || list.dataset.listed) return;
    list.dataset.listed = "1";
    var prefix = "/" + list.dataset.lang + "/";
    var seen = {};
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n === "pages" || n.indexOf("pack-") === 0; })
        .map(function (name) {
          return caches.open(name).then(function (cache) {
            return cache.keys().then(function (keys) {
              return Promise.all(keys.map(function (request) {
                var path = new URL(request.url).pathname;
                if (path.indexOf(prefix) !== 0 || /\/offline$/.test(path) || seen[path]) return null;
                seen[path] = true;
                return cache.match(request).then(function (response) { return response.text(); })
                  .then(function (html) {
                    var title = /<title>([^<]*)<\/title>/.exec(html);
                    return { path: path, title: title ? title[1].replace(/ · Acolher$/, "") : path };
                  });
              }));
            });
          });
        }));
    }).then(function (groups) {
      var pages = [].concat.apply([], groups).filter(Boolean);
      pages.sort(function (a, b) { return a.title.localeCompare(b.title, lang); });
      pages.forEach(function (page) {
        var item = doc.createElement("li");
        var link = doc.createElement("a");
        link.href = page.path;
        link.textContent = new DOMParser().parseFromString(page.title, "text/html").documentElement.textContent;
        item.appendChild(link);
        list.appendChild(item);
      });
      var empty = doc.getElementById("saved-empty");
      if (empty && pages.length) empty.hidden = true;
      var section = doc.getElementById("saved-section");
      if (section && pages.length) section.hidden = false;
    });
  }

  function savePanel(worker) {
    var panel = doc.getElementById("save-panel");
    if (!panel) return;
    var data = panel.dataset;
    var statusLine = panel.querySelector(".save-status");
    var bar = panel.querySelector("progress");
    var save = panel.querySelector(".save-button");
    var remove = panel.querySelector(".remove-button");
    var storage = panel.querySelector(".storage");
    var url = new URL(data.pack, window.location.href);
    var key = url.pathname.split("/").pop() + (url.searchParams.get("topic") ? "-" + url.searchParams.get("topic") : "");
    var plan = panel.querySelector(".save-plan");
    var manifest = null;
    var saved = null;
    panel.hidden = false;

    function say(message) { statusLine.textContent = message; }
    function showStorage() {
      if (!navigator.storage || !navigator.storage.estimate) return;
      navigator.storage.estimate().then(function (estimate) {
        storage.textContent = data.storage.replace("{used}", formatSize(estimate.usage || 0));
      });
    }
    function showPlan(size) {
      plan.textContent = data.plan.replace("{download}", formatSize(size))
        .replace("{storage}", formatMegabytes(size * STORAGE_FACTOR));
    }
    function showButton() {
      if (saved) save.textContent = data.update;
      else if (manifest) save.textContent = data.label.replace("{size}", formatSize(manifest.total_size));
    }
    function showRecord(record) {
      saved = record;
      remove.hidden = !record;
      if (record) {
        say(data.saved.replace("{date}", formatDate(record.savedAt)));
        if (!manifest && record.size) showPlan(record.size);
      }
      showButton();
    }
    // Offline with no record for this pack: its guides may still all be on
    // the device (saved with the whole language, or read one by one).
    function showOffline() {
      if (saved) return;
      var links = panel.parentNode.querySelectorAll(".guide-list a[href^='/'], .topics a[href^='/']");
      Promise.all(Array.prototype.map.call(links, function (link) {
        return isSaved(new URL(link.href).pathname);
      })).then(function (states) {
        if (saved) return;
        say(states.length && states.every(Boolean) ? data.allSaved : data.offline);
      });
    }

    showStorage();
    var state = ask(worker, { type: "pack-state", key: key }).then(showRecord);
    fetch(data.pack, { headers: { Accept: "application/json" } })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (body) {
        manifest = body;
        showPlan(body.total_size);
        showButton();
        save.disabled = false;
      }, function () { state.then(showOffline); });

    save.addEventListener("click", function () {
      if (!manifest) return;
      if (navigator.storage && navigator.storage.persist) navigator.storage.persist();
      var check = navigator.storage && navigator.storage.estimate ? navigator.storage.estimate() : Promise.resolve(null);
      check.then(function (estimate) {
        if (estimate && estimate.quota && estimate.quota - estimate.usage < manifest.total_size) {
          say(data.quota);
          return;
        }
        save.disabled = true;
        bar.hidden = false;
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) {
          var message = event.data || {};
          if (message.type === "progress") {
            bar.max = message.total;
            bar.value = message.done;
            say(data.progress.replace("{done}", message.done).replace("{total}", message.total));
            return;
          }
          save.disabled = false;
          bar.hidden = true;
          if (message.type === "saved") showRecord(message.record);
          else if (message.type === "quota") say(data.quota);
          else if (message.type === "failed") say(data.failed);
          else say(data.offline);
          showStorage();
        };
        worker.postMessage({ type: "save-pack", url: data.pack, key: key }, [channel.port2]);
      });
    });

    remove.addEventListener("click", function () {
      ask(worker, { type: "remove-pack", key: key }).then(function () {
        remove.hidden = true;
        say(data.removed);
        showStorage();
      });
    });
  }
})();

// Glossary terms in guides: a tap shows the explanation in place, read from
// the term's page (from the device when a pack saved it, so it works offline;
// else the network). Without this, or when that fails, the link just opens.
(function () {
  "use strict";
  var doc = document;
  var count = 0;

  function close(link) {
    var box = doc.getElementById(link.getAttribute("aria-controls"));
    if (box) box.remove();
    link.setAttribute("aria-expanded", "false");
  }

  function fromDevice(path) {
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n === "pages" || n.indexOf("pack-") === 0; })
        .map(function (n) { return caches.open(n).then(function (c) { return c.match(path, { ignoreVary: true }); }); }));
    }).then(function (hits) { return hits.filter(Boolean)[0]; }, function () {});
  }

  function add(box, tag, text) {
    var node = box.appendChild(doc.createElement(tag));
    node.textContent = text;
    return node;
  }

  function show(link, card) {
    var box = doc.createElement("span");
    var explanation = card.querySelector(".term-explanation");
    box.className = "term-pop";
    box.id = "term-pop-" + ++count;
    box.setAttribute("role", "note");
    box.tabIndex = -1;
    add(box, "strong", card.querySelector("h1").textContent);
    explanation.querySelectorAll("p, li").forEach(function (part) {
      var text = add(box, "span", part.textContent);
      if (explanation.lang) { text.lang = explanation.lang; text.dir = explanation.dir; }
    });
    add(box, "a", card.dataset.more).href = link.href;
    var shut = add(box, "button", card.dataset.close);
    shut.type = "button";
    shut.className = "button secondary";
    shut.onclick = function () { close(link); link.focus(); };
    link.after(box);
    link.setAttribute("aria-controls", box.id);
    link.setAttribute("aria-expanded", "true");
    box.focus();
  }

  doc.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.term");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || !window.fetch) return;
    event.preventDefault();
    if (link.getAttribute("aria-expanded") === "true") return close(link);
    fromDevice(new URL(link.href).pathname).then(function (saved) {
      return saved || fetch(link.href);
    }).then(function (response) {
      if (!response.ok) throw response;
      return response.text();
    }).then(function (html) {
      show(link, new DOMParser().parseFromString(html, "text/html").querySelector("[data-term-card]"));
    }).catch(function () { window.location.href = link.href; });
  });

  doc.addEventListener("keydown", function (event) {
    var open = event.key === "Escape" && doc.querySelector("a.term[aria-expanded=true]");
    if (open) { close(open); open.focus(); }
  });
})();
