/* Acolher search page: searches the saved offline pack on the device.
 *
 * Online, the server answers the plain GET form. When the page did not come
 * from the server for this query (the service worker answered with the
 * saved search page because the reader is offline or the network is too
 * slow), or the form is sent while offline, the query is answered from the
 * language's saved index (/<lang>/search-index.json, saved with the pack)
 * by MiniSearch, and the page says it searched the saved copy. Without a
 * saved pack, it explains how to save one.
 *
 * normalise() and tokens() do what portal/search/normalise.py does, step by
 * step: the server, the saved index and this page agree on every script.
 */
(function () {
  "use strict";

  const ARABIC = {
    "\u06cc": "\u064a", "\u0649": "\u064a", "\u06d2": "\u064a", "\u06a9": "\u0643",
    "\u0629": "\u0647", "\u06c3": "\u0647", "\u06c1": "\u0647", "\u06be": "\u0647", "\u06c0": "\u0647",
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627", "\u0640": "",
  };
  const ARABIC_RE = new RegExp("[" + Object.keys(ARABIC).join("") + "]", "g");
  const MARKS = /[\u0300-\u036f\u064b-\u065f\u0670\u06d6-\u06ed\u093c\u09bc]/g;
  const SPACES = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
  const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;
  const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u{20000}-\u{3134f}]/u;
  const DIGIT = /\p{Nd}/u;

  function digitValue(char) {
    const code = char.codePointAt(0);
    if (code < 0x80) return char;
    let zero = code;
    while (zero > 0 && code - zero < 60 && DIGIT.test(String.fromCodePoint(zero - 1))) zero -= 1;
    return String((code - zero) % 10);
  }

  function normalise(text) {
    let out = String(text || "").replace(SPACES, " ").normalize("NFKC").toLowerCase();
    out = out.replace(ARABIC_RE, (c) => ARABIC[c]).replace(/\p{Nd}/gu, digitValue);
    return out.normalize("NFD").replace(MARKS, "").normalize("NFC");
  }

  function tokens(text) {
    const found = [];
    for (const token of normalise(text).match(TOKEN) || []) {
      if (!CJK.test(token)) { found.push(token); continue; }
      let word = "";
      for (const char of token) {
        if (CJK.test(char)) {
          if (word) { found.push(word); word = ""; }
          found.push(char);
        } else {
          word += char;
        }
      }
      if (word) found.push(word);
    }
    return found;
  }

  function build(data) {
    const mini = new MiniSearch({
      fields: ["t", "x", "s", "b"],
      tokenize: (value) => value.split(" ").filter(Boolean),
      processTerm: (term) => term,
      searchOptions: { processTerm: (term) => term },
    });
    mini.addAll(data.docs.map((doc, id) => ({ id, t: doc[4], x: doc[5], s: doc[6], b: doc[7] })));
    return { mini, docs: data.docs };
  }

  /* The saved index's best documents for ``query``: words in the title
   * count most, then terms and synonyms, summary and body; a word may be
   * the start of a longer one, and longer words may have a typo. */
  function find(engine, query) {
    const words = tokens(query).join(" ");
    if (!words) return [];
    const options = {
      boost: { t: 4, x: 3, s: 2, b: 1 }, prefix: true,
      fuzzy: (term) => (term.length >= 6 ? 0.2 : term.length >= 3 ? 1 : false),
      boostDocument: (id) => engine.docs[id][8] || 1,
    };
    let hits = engine.mini.search(words, { ...options, combineWith: "AND" });
    if (!hits.length) hits = engine.mini.search(words, { ...options, combineWith: "OR" });
    return hits.slice(0, 20).map((hit) => engine.docs[hit.id]);
  }

  window.AcolherSearch = { normalise, tokens, build, find };

  const box = document.getElementById("search-results");
  const form = document.querySelector(".search-form");
  const input = document.getElementById("search-q");
  if (!box || !form || !input) return;
  const text = box.dataset;
  let engine = null;

  function say(message) {
    const p = document.createElement("p");
    p.className = "notice";
    p.textContent = message;
    return p;
  }

  function formatDate(iso) {
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "long" }).format(new Date(iso));
    } catch (error) { return iso; }
  }

  async function savedIndex() {
    if (!("caches" in window)) return null;
    try {
      const response = await caches.match(text.index, { ignoreVary: true, ignoreSearch: true });
      if (!response) return null;
      return { data: await response.json(), savedAt: response.headers.get("x-saved-at") };
    } catch (error) {
      return null;
    }
  }

  async function searchSaved(query) {
    box.replaceChildren();
    const saved = await savedIndex();
    if (!saved || typeof MiniSearch === "undefined") {
      box.append(say(text.noPack));
      return;
    }
    if (!engine) engine = build(saved.data);
    const found = find(engine, query);
    box.append(say(text.saved.replace("{date}", formatDate(saved.savedAt))));
    const heading = document.createElement("h2");
    heading.textContent = (found.length ? text.heading : text.none).replace("{query}", query);
    box.append(heading);
    if (!found.length) return;
    const list = document.createElement("ol");
    list.className = "guide-list";
    for (const doc of found) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = doc[0];
      link.textContent = doc[2];
      const label = document.createElement("span");
      label.className = "tag";
      label.textContent = text["label" + doc[1].split(/[-_]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("")] || "";
      item.append(link, " ", label);
      if (doc[3]) {
        const summary = document.createElement("p");
        summary.textContent = doc[3];
        item.append(summary);
      }
      list.append(item);
    }
    box.append(list);
  }

  const wanted = (new URLSearchParams(location.search).get("q") || "").slice(0, 200).trim();
  if (wanted && wanted !== text.query) {
    // Not the server's answer to this query: the saved copy of the page.
    input.value = wanted;
    searchSaved(wanted);
  }
  form.addEventListener("submit", (event) => {
    if (navigator.onLine !== false) return; // the worker falls back to the saved copy if the server is unreachable
    event.preventDefault();
    const query = input.value.slice(0, 200).trim();
    if (!query) return;
    history.replaceState(null, "", "?q=" + encodeURIComponent(query));
    searchSaved(query);
  });
})();
