/* Acolher directory: "nearest to me", worked out on the device.
   Loaded only on the directory page. With the reader's permission the
   browser's position is compared with the saved compact directory
   (/<lang>/services/directory.json, kept by the service worker and in
   offline packs): no server call with the position, no map, no geocoder.
   Whether a place is open is read from hours the server worked out with
   its opening-hours library, in Portugal's time. */
"use strict";
(function () {
  var box = document.getElementById("nearest");
  if (!box || !("geolocation" in navigator) || !window.fetch) return;
  var text = box.dataset;
  var query = new URLSearchParams(location.search);
  var wanted = {
    kind: query.get("kind") || "", language: (query.get("language") || "").split("-")[0],
    open: query.get("open") === "1", district: query.get("district") || ""
  };

  function lisbonNow() {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Lisbon", year: "numeric", month: "2-digit", day: "2-digit",
      weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    var days = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
    return { date: parts.year + "-" + parts.month + "-" + parts.day, day: days[parts.weekday],
      minute: Number(parts.hour) * 60 + Number(parts.minute) };
  }

  function state(data, row, now) {
    var index = row[10];
    if (index < 0) return "unknown";
    if ((data.closed[row[0]] || []).indexOf(now.date) >= 0) return "closed";
    var spans = data.weeks[index];
    for (var i = 0; i < spans.length; i++) {
      if (spans[i][0] === now.day && spans[i][1] <= now.minute && now.minute < spans[i][2]) return "open";
    }
    return "closed";
  }

  function km(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180, dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 12742 * Math.asin(Math.sqrt(a));
  }

  /* The sort itself, kept apart so its time can be measured (bench/). */
  function nearest(data, lat, lon, now, limit) {
    var found = [];
    for (var i = 0; i < data.points.length; i++) {
      var row = data.points[i];
      if (row[5] === null) continue;
      if (wanted.kind && row[2] !== wanted.kind) continue;
      if (wanted.language && ("," + row[11] + ",").indexOf("," + wanted.language) < 0) continue;
      var open = state(data, row, now);
      if (wanted.open && open !== "open") continue;
      found.push({ row: row, km: km(lat, lon, row[5], row[6]), open: open });
    }
    found.sort(function (a, b) { return a.km - b.km; });
    return found.slice(0, limit);
  }
  window.acolherNearest = nearest;

  function element(tag, attrs, content) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (content) node.textContent = content;
    return node;
  }

  function show(data, found) {
    var list = element("ol", { "class": "points nearest-list" });
    found.forEach(function (item) {
      var row = item.row, li = element("li", { "class": "point" });
      var link = element("a", { href: document.getElementById("p-" + row[0]) ? "#p-" + row[0] : text.base + "/" + row[0] }, row[1]);
      li.appendChild(link);
      li.appendChild(element("span", { "class": "small" },
        text.km.replace("{km}", item.km < 10 ? item.km.toFixed(1) : Math.round(item.km)) +
        (row[7] ? " · " + text.approx : "")));
      li.appendChild(element("span", { "class": "state state-" + item.open }, text[item.open]));
      if (row[8]) li.appendChild(element("a", { "class": "tel", href: "tel:" + row[8], dir: "ltr" }, row[9]));
      list.appendChild(li);
    });
    var old = box.querySelector("ol");
    if (old) old.remove();
    box.appendChild(list);
  }

  function say(message) {
    var note = box.querySelector("p") || box.appendChild(element("p", { role: "status" }));
    note.textContent = message;
  }

  function run() {
    say(text.wait);
    var data = fetch(text.src).then(function (r) { return r.ok ? r.json() : Promise.reject(); });
    navigator.geolocation.getCurrentPosition(function (position) {
      data.then(function (loaded) {
        var started = performance.now();
        var found = nearest(loaded, position.coords.latitude, position.coords.longitude, lisbonNow(), 10);
        window.acolherNearestMs = performance.now() - started;
        say(text.heading);
        show(loaded, found);
      }, function () { say(text.nodata); });
    }, function () { say(text.denied); }, { maximumAge: 600000, timeout: 20000 });
  }

  var button = element("button", { type: "button", "class": "nearest-button" }, text.button);
  button.addEventListener("click", run);
  box.appendChild(button);
  box.hidden = false;
  if (location.hash === "#nearest") run();
})();
