/* Leak detections on a map: each detected pipe, red while open. */
(function () {
  "use strict";
  var el = document.getElementById("leak-map");
  var data = document.getElementById("leak-features");
  if (!el || !data) return;
  var collection = JSON.parse(data.textContent);
  var colours = { open: "#d62728", confirmed: "#ff7f0e", repaired: "#2ca02c", false: "#7f7f7f" };
  var map = L.map(el, { preferCanvas: true, scrollWheelZoom: false });
  el.classList.add("no-tiles");
  map.setView([30.7, 121.0], 12);
  var around = document.getElementById("leak-around");
  if (around) {
    L.geoJSON(JSON.parse(around.textContent), {
      style: function () { return { color: "#9ecae1", weight: 2 }; },
      onEachFeature: function (f, l) { l.bindTooltip(f.properties.code); }
    }).addTo(map);
  }
  var layer = L.geoJSON(collection, {
    style: function (f) { return { color: colours[f.properties.status] || "#d62728", weight: 6 }; },
    onEachFeature: function (f, l) {
      l.bindTooltip(f.properties.link + " · " + f.properties.status_label + " · " + f.properties.started);
      l.on("click", function () { window.location = f.properties.url; });
    }
  }).addTo(map);
  var b = layer.getBounds();
  if (b.isValid()) map.fitBounds(b, { padding: [40, 40], maxZoom: 16 });
  L.control.scale({ imperial: false }).addTo(map);
})();
