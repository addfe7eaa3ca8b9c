/* A small map on a record's page: the record and its neighbours. */
(function () {
  "use strict";
  var el = document.getElementById("asset-map");
  var data = document.getElementById("asset-features");
  if (!el || !data) return;
  var collection = JSON.parse(JSON.parse(data.textContent));
  var focus = el.dataset.focus ? Number(el.dataset.focus) : null;
  var map = L.map(el, { preferCanvas: true, scrollWheelZoom: false });
  el.classList.add("no-tiles");
  var layer = L.geoJSON(collection, {
    style: function (f) {
      return { color: f.id === focus ? "#d62728" : "#2171b5", weight: f.id === focus ? 5 : 3,
               fillOpacity: 0.1 };
    },
    pointToLayer: function (f, latlng) {
      return L.circleMarker(latlng, { radius: f.id === focus ? 8 : 5, color: "#fff", weight: 1,
        fillColor: f.id === focus ? "#d62728" : "#2171b5", fillOpacity: 1 });
    },
    onEachFeature: function (f, l) { l.bindTooltip(f.properties.code + " " + (f.properties.name || "")); },
  }).addTo(map);
  var bounds = layer.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 18 });
  L.control.scale({ imperial: false }).addTo(map);
})();
