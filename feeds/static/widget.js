/* Digitalisierungs-Veranstaltungen: the next events of a selection on any web page.
 *
 *   <div data-events data-region="sachsen" data-topic="ki" data-limit="5"></div>
 *   <script src="https://termine.example.org/widget.js" defer></script>
 *
 * data-region, data-city, data-topic: as in the feeds' addresses (region/sachsen/topic/ki.json);
 * data-limit: how many events (default 5); data-target: where links open (e.g. _blank). The
 * events come from the published JSON Feed beside this file; on another site the JSON files must
 * be served with "Access-Control-Allow-Origin: *" (README). The list is drawn in a shadow root,
 * so the page's own CSS cannot reach it, and in the page's font; event texts are only ever set
 * as text, never as HTML. When the list is drawn the element fires "events:loaded" (detail:
 * {ok, count}). Plain JavaScript, no dependencies. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script && script.src ? script.src.replace(/[^\/]*$/, "") : "";
  var DAYS = ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"];
  var NOTE = {cancelled: "Abgesagt: ", postponed: "Verschoben: "};
  var CSS = [
    ".w{all:initial;display:block;font-family:inherit;font-size:max(1em,12px);color:inherit;",
    "line-height:1.4;text-align:start;text-transform:none;letter-spacing:normal;word-spacing:normal;",
    "white-space:normal;text-indent:0;text-shadow:none;visibility:visible;font-style:normal;",
    "font-weight:normal;direction:ltr;writing-mode:horizontal-tb}",
    "ul{list-style:none;margin:0;padding:0}",
    "li{display:block;margin:0 0 .6em;padding:0}",
    ".when,.where{display:block;font-size:.9em;opacity:.85}",
    "a{color:inherit;text-decoration:underline;font-weight:600}",
    "p{margin:.4em 0}"
  ].join("");

  // The feeds' spelling of a name: lower case, umlauts written out, anything else "-".
  function slug(text) {
    var spelt = String(text || "").toLowerCase().replace(/ä/g, "ae").replace(/ö/g, "oe")
      .replace(/ü/g, "ue").replace(/ß/g, "ss");
    return spelt.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }
  function feedPath(o) {
    if (o.city) return "city/" + o.city;
    if (o.region && o.topic) return "region/" + o.region + "/topic/" + o.topic;
    if (o.region) return "region/" + o.region;
    if (o.topic) return "topic/" + o.topic;
    return "events";
  }
  function listFragment(o) {
    var parts = [];
    ["region", "city", "topic"].forEach(function (k) { if (o[k]) parts.push(k + "=" + o[k]); });
    return parts.length ? "#" + parts.join("&") : "";
  }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }
  // The date and time as the organiser gave them (the wall clock at the event's place).
  function when(ev) {
    var s = String(ev.start || ""), d = s.slice(0, 10).split("-");
    if (d.length !== 3) return "";
    var day = DAYS[new Date(Date.UTC(+d[0], +d[1] - 1, +d[2])).getUTCDay()];
    var text = day + " " + d[2] + "." + d[1] + "." + d[0];
    return s.length > 10 ? text + ", " + s.slice(11, 16) + " Uhr" : text;
  }
  function safeUrl(url) {
    return /^https?:\/\//i.test(String(url || "")) ? String(url) : null;
  }
  function element(name, className, text) {
    var el = document.createElement(name);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }
  function link(url, text, target) {
    var a = element("a", "", text);
    a.setAttribute("href", url);
    if (target) {
      a.setAttribute("target", target);
      a.setAttribute("rel", "noopener");
    }
    return a;
  }
  function frame(host) {
    // The host element stays visible whatever the page's CSS says about it.
    ["display:block", "visibility:visible", "opacity:1", "overflow:visible", "height:auto",
     "max-height:none"].forEach(function (rule) {
      var pair = rule.split(":");
      host.style.setProperty(pair[0], pair[1], "important");
    });
    var root = host.shadowRoot || host.attachShadow({mode: "open"});
    while (root.firstChild) root.removeChild(root.firstChild);
    root.appendChild(element("style", "", CSS));
    var box = element("div", "w");
    root.appendChild(box);
    return box;
  }
  function done(box, ok, count) {
    var host = box.getRootNode().host;
    host.dispatchEvent(new CustomEvent("events:loaded", {bubbles: true, detail: {ok: ok, count: count}}));
  }
  function show(box, feed, o) {
    var now = today(), shown = 0, list = element("ul");
    (feed.items || []).forEach(function (item) {
      var ev = item._event || {}, url = safeUrl(item.url);
      var last = String(ev.end || ev.start || "").slice(0, 10);
      if (shown >= o.limit || !ev.title || !url || last < now) return;
      if (o.city && o.topic && (ev.topics || []).indexOf(o.topic) < 0) return;
      var li = element("li");
      li.appendChild(element("span", "when", when(ev)));
      li.appendChild(link(url, (NOTE[ev.status] || "") + ev.title, o.target));
      var place = ev.city || (ev.attendance === "online" ? "Online" : "");
      if (place) li.appendChild(element("span", "where", place));
      list.appendChild(li);
      shown += 1;
    });
    box.textContent = "";
    if (shown) box.appendChild(list);
    else box.appendChild(element("p", "", "Zurzeit keine anstehenden Veranstaltungen."));
    var more = element("p");
    more.appendChild(link(base + "index.html" + listFragment(o), "Alle Termine", o.target));
    box.appendChild(more);
    done(box, true, shown);
  }
  function failed(box, o) {
    box.textContent = "";
    var p = element("p", "", "Die Termine konnten nicht geladen werden. ");
    p.appendChild(link(base + "index.html" + listFragment(o), "Zu den Terminen", o.target));
    box.appendChild(p);
    done(box, false, 0);
  }
  function load(host) {
    if (host.getAttribute("data-events-done")) return;
    host.setAttribute("data-events-done", "1");
    var limit = parseInt(host.getAttribute("data-limit"), 10);
    var o = {
      region: slug(host.getAttribute("data-region")),
      city: slug(host.getAttribute("data-city")),
      topic: slug(host.getAttribute("data-topic")),
      limit: limit > 0 ? Math.min(limit, 50) : 5,
      target: host.getAttribute("data-target") || ""
    };
    var box = frame(host);
    box.appendChild(element("p", "", "Termine werden geladen …"));
    fetch(base + feedPath(o) + ".json", {credentials: "omit"}).then(function (response) {
      if (response.status === 404) return {items: []};  // no event has ever had this selection
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (feed) { show(box, feed, o); }, function () { failed(box, o); });
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-events]"), load);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
