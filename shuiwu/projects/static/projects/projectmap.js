/* Projects' pipes on a map, coloured by state (planned, laid, handed over, to be replaced).
   On a project's page the map can also draw a new pipe: click points, then save. */
(function () {
  "use strict";
  var el = document.getElementById("project-map");
  var cfgEl = document.getElementById("project-map-config");
  if (!el || !cfgEl) return;
  var config = JSON.parse(cfgEl.textContent);
  var renderer = L.canvas({ padding: 0.3, tolerance: 5 });
  var map = L.map(el, { preferCanvas: true, renderer: renderer, scrollWheelZoom: false })
    .setView([config.origin[1], config.origin[0]], 13);
  if (config.tiles) {
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 20 }).addTo(map);
  } else {
    el.classList.add("no-tiles");
  }
  L.control.scale({ imperial: false }).addTo(map);

  function esc(s) {
    return String(s === null || s === undefined ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function weight(d) { return d >= 500 ? 6 : d >= 300 ? 5 : d >= 200 ? 4 : 3; }

  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "map-legend");
    var html = "";
    Object.keys(config.states).forEach(function (k) {
      var s = config.states[k];
      html += '<div class="legend-row"><span class="swatch" style="background:' + s.colour +
        ';height:4px"></span>' + esc(s.label) + "</div>";
    });
    div.innerHTML = html;
    return div;
  };
  legend.addTo(map);

  fetch(config.features, { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (collection) {
      var layer = L.geoJSON(collection, {
        renderer: renderer,
        style: function (f) {
          var p = f.properties;
          var s = config.states[p.state] || { colour: "#666" };
          // A pipe to be replaced lies under its new pipe: drawn wider, it shows as a red edge.
          if (p.state === "replaced") return { color: s.colour, weight: weight(p.diameter || 0) + 6, opacity: 0.45 };
          return { color: s.colour, weight: weight(p.diameter || 0), opacity: 0.9,
                   dashArray: p.state === "planned" ? "6 4" : null };
        },
        onEachFeature: function (f, l) {
          var p = f.properties;
          var s = config.states[p.state] || { label: p.state };
          l.bindPopup('<div class="fw-semibold">' + esc(p.project_code) + " " + esc(p.project_name) + "</div>" +
            "<div>" + esc(p.code) + " · DN" + esc(Math.round(p.diameter || 0)) + " · " + esc(p.length) + " m · " +
            esc(s.label) + "</div>" +
            (config.projectUrl && !config.draw ? '<a class="btn btn-sm btn-primary mt-1" href="' +
              config.projectUrl.replace("{id}", p.project) + '">' + esc(config.labels.open) + "</a>" : ""));
        },
      }).addTo(map);
      var bounds = layer.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [25, 25], maxZoom: 17, animate: false });
      else {
        var note = document.getElementById("project-map-empty");
        if (note) note.classList.remove("d-none");
      }
      document.body.dataset.mapReady = String(collection.features.length);
    })
    .catch(function (err) { document.body.dataset.mapReady = "error"; console.error(err); });

  // Drawing a new pipe: each click adds a point; the hidden input carries [[lon, lat], …].
  var drawBtn = document.getElementById("draw-pipe");
  var input = document.getElementById("id_coordinates");
  if (config.draw && drawBtn && input) {
    var drawing = false, points = [], line = null;
    var count = document.getElementById("draw-count");
    drawBtn.addEventListener("click", function () {
      drawing = !drawing;
      drawBtn.classList.toggle("active", drawing);
      el.style.cursor = drawing ? "crosshair" : "";
      if (drawing) { points = []; if (line) { map.removeLayer(line); line = null; } input.value = ""; }
      if (count) count.textContent = "0";
    });
    map.on("click", function (e) {
      if (!drawing) return;
      points.push([e.latlng.lng, e.latlng.lat]);
      var latlngs = points.map(function (p) { return [p[1], p[0]]; });
      if (line) line.setLatLngs(latlngs);
      else line = L.polyline(latlngs, { color: "#d62728", weight: 4, dashArray: "6 4" }).addTo(map);
      input.value = JSON.stringify(points);
      if (count) count.textContent = String(points.length);
    });
  }
})();
