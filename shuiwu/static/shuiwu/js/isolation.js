/* The burst-isolation tool: click a pipe, see the valves to shut in order and who loses water; make it an outage. */
(function () {
  "use strict";
  var L10N = JSON.parse(document.getElementById("iso-labels").textContent);
  var config = JSON.parse(document.getElementById("iso-config").textContent);
  var csrf = document.cookie.match(/csrftoken=([^;]+)/);
  var mapEl = document.getElementById("iso-map");
  // A wide click tolerance: a pipe is a thin line and a finger or a mouse should not have to hit it exactly.
  var map = L.map(mapEl, { preferCanvas: true, renderer: L.canvas({ tolerance: 8 }) });
  mapEl.classList.add("no-tiles");
  var result = document.getElementById("iso-result");
  var overlay = L.layerGroup().addTo(map);
  var current = null;

  function esc(s) { var d = document.createElement("div"); d.textContent = s == null ? "" : String(s); return d.innerHTML; }
  function post(url, body) {
    return fetch(url, { method: "POST", credentials: "same-origin", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf[1] : "" } })
      .then(function (r) { return r.json().then(function (d) { return { ok: r.ok, data: d }; }); });
  }

  fetch("/assets/map/features.geojson?kind=pipe&system=supply", { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (pipes) {
      var layer = L.geoJSON(pipes, { style: { color: "#6baed6", weight: 2 } }).addTo(map);
      map.fitBounds(layer.getBounds());
      layer.on("click", function (e) { isolate({ pipe: e.layer.feature.properties.code }); });
      mapEl.dataset.ready = "1";
    });

  function isolate(body) {
    result.innerHTML = '<div class="spinner-border spinner-border-sm"></div>';
    post("/api/hydraulics/isolate/", body).then(function (res) {
      if (!res.ok) { result.innerHTML = '<div class="alert alert-warning mb-0">' + esc(res.data.detail || L10N.none) + "</div>"; return; }
      current = res.data;
      draw(res.data);
    });
  }

  function draw(d) {
    overlay.clearLayers();
    L.geoJSON(d.geometry, { style: { color: "#d62728", weight: 5 }, interactive: false }).addTo(overlay);
    d.valves.forEach(function (v) {
      if (v.lat === null) return;
      L.marker([v.lat, v.lon], { icon: L.divIcon({ className: "valve-order", html: "<b>" + v.order + "</b>", iconSize: [22, 22] }) })
        .bindTooltip(v.code).addTo(overlay);
    });
    d.inoperable.forEach(function (v) {
      if (v.lat === null) return;
      L.circleMarker([v.lat, v.lon], { radius: 7, color: "#000", fillColor: "#999", fillOpacity: 1 }).bindTooltip(v.code).addTo(overlay);
    });
    var html = "<h2 class=\"h5\">" + esc(d.pipe) + "</h2>";
    html += '<div class="small text-body-secondary mb-2">' + d.km + " km · " + esc(L10N.demand) + " " + d.demand_m3_per_day +
      " m³/d · " + esc(L10N.households) + " " + d.households + "</div>";
    html += '<div class="fw-semibold">' + esc(L10N.valves) + '</div><ol class="small" id="iso-valves">' +
      d.valves.map(function (v) { return "<li>" + esc(v.code) + (v.diameter ? " DN" + v.diameter : "") + "</li>"; }).join("") + "</ol>";
    if (d.inoperable.length) {
      html += '<div class="fw-semibold">' + esc(L10N.inoperable) + '</div><ul class="small">' +
        d.inoperable.map(function (v) { return "<li>" + esc(v.code) + "</li>"; }).join("") + "</ul>";
    }
    html += '<div class="fw-semibold">' + esc(L10N.points) + " (" + d.service_points.length + ", " + d.critical_count + " " +
      esc(L10N.critical) + ')</div><ul class="small" style="max-height: 16rem; overflow-y: auto" id="iso-points">' +
      d.service_points.map(function (p) {
        return "<li>" + (p.critical ? '<span class="badge text-bg-danger">' + esc(p.type_label) + "</span> " : "") +
          esc(p.code) + " " + esc(p.name) + "</li>";
      }).join("") + "</ul>";
    if (d.check) {
      html += '<div class="fw-semibold">' + esc(L10N.check) + '</div><div class="small mb-2" id="iso-check">' +
        (d.check.error ? esc(d.check.error) : d.check.nodes_below_minimum + " " + esc(L10N.below) +
          (d.check.worst.length ? " · " + d.check.worst.slice(0, 3).map(function (w) { return esc(w.node) + " " + w.min_pressure_m + " m"; }).join(", ") : "")) +
        "</div>";
    }
    if (config.can_outage) html += '<button class="btn btn-sm btn-danger" id="iso-outage">' + esc(L10N.outage) + "</button>";
    result.innerHTML = html;
    var button = document.getElementById("iso-outage");
    if (button) button.addEventListener("click", function () {
      button.disabled = true;
      var start = new Date();
      var restore = new Date(start.getTime() + 8 * 3600 * 1000);
      post("/api/hydraulics/isolate/outage/", { pipe: current.pipe, start: start.toISOString(), expected_restore: restore.toISOString() })
        .then(function (res) {
          if (res.ok) {
            button.outerHTML = '<div class="alert alert-success mt-2 mb-0">' + esc(L10N.created) + ' <a href="' + res.data.url + '">' +
              esc(res.data.number) + "</a></div>";
          } else {
            button.disabled = false;
            button.insertAdjacentHTML("afterend", '<div class="alert alert-danger mt-2">' + esc(JSON.stringify(res.data)) + "</div>");
          }
        });
    });
  }
})();
