// The cosell console's live updates: listen to the server-sent events of
// /console/events/stream and refresh the part of the page an event
// concerns (the element with data-fragment, fetched again with
// ?fragment=<name>), or, on the Events page, add a row.
"use strict";
(function () {
  var body = document.body;
  var live = body.dataset.live;
  var state = document.getElementById("live-state");
  if (!live || live === "none") { if (state) state.textContent = ""; return; }

  // concerns says whether a note (see Note in events.go) touches this page.
  function concerns(n) {
    switch (live) {
      case "pipeline": return n.kind === "opportunity";
      case "record": return n.kind === "opportunity" && n.id === body.dataset.id;
      case "invitations": return n.kind === "invitation";
      case "engagements": return n.kind !== "opportunity";
      case "engagement": return n.kind !== "opportunity" && n.id === body.dataset.id;
    }
    return false;
  }

  var pending = null;
  function refresh() {
    var el = document.querySelector("[data-fragment]");
    if (!el) return;
    var url = new URL(location.href);
    url.searchParams.set("fragment", el.dataset.fragment);
    url.searchParams.delete("done");
    url.searchParams.delete("err");
    fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.text();
    }).then(function (html) {
      el.outerHTML = html;
      body.dataset.refreshed = String(Number(body.dataset.refreshed || 0) + 1);
    }).catch(function () { if (state) state.textContent = "refresh failed; reload the page"; });
  }

  function addRow(n) {
    var rows = document.getElementById("event-rows");
    var tr = document.createElement("tr");
    [n.time.replace("T", " ").replace(/\.\d+Z$/, "Z"), n.detailType, n.catalog, n.id, n.account].forEach(function (v) {
      var td = document.createElement("td");
      td.textContent = v;
      tr.appendChild(td);
    });
    rows.insertBefore(tr, rows.firstChild);
  }

  var es = new EventSource("/console/events/stream");
  es.onopen = function () { if (state) state.textContent = "live"; body.dataset.stream = "open"; };
  es.onerror = function () { if (state) state.textContent = "reconnecting…"; };
  es.onmessage = function (m) {
    var n = JSON.parse(m.data);
    if (live === "events") { addRow(n); return; }
    if (!concerns(n)) return;
    // Several events of one change arrive together: refresh once.
    clearTimeout(pending);
    pending = setTimeout(refresh, 100);
  };
})();
