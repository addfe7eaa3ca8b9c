/* A small map around one point (a work order's place) with the network around it. */
(function () {
  "use strict";
  var el = document.getElementById("point-map");
  if (!el) return;
  var latlng = L.latLng(Number(el.dataset.lat), Number(el.dataset.lon));
  var map = L.map(el, { preferCanvas: true, scrollWheelZoom: false }).setView(latlng, 17);
  el.classList.add("no-tiles");
  var d = 0.004;
  var bbox = [latlng.lng - d, latlng.lat - d, latlng.lng + d, latlng.lat + d].join(",");
  fetch("/assets/map/features.geojson?kind=pipe&bbox=" + bbox, { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : { features: [] }; })
    .then(function (data) {
      L.geoJSON(data, { style: { color: "#6baed6", weight: 2 }, interactive: false }).addTo(map);
      L.circleMarker(latlng, { radius: 9, color: "#fff", weight: 2, fillColor: "#d62728", fillOpacity: 1 }).addTo(map);
    });
})();
