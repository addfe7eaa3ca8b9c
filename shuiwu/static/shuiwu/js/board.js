/* The dispatch board's map: open orders as points coloured by SLA state; redrawn with the list. */
(function () {
  "use strict";
  var map, layer;

  function draw() {
    var el = document.getElementById("board-map");
    if (!el) return;
    if (!map || map.getContainer() !== el) {
      if (map) map.remove();
      map = L.map(el, { preferCanvas: true, scrollWheelZoom: true });
      el.classList.add("no-tiles");
      layer = null;
      fetch("/assets/map/features.geojson?kind=pipe&system=supply", { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { features: [] }; })
        .then(function (net) {
          L.geoJSON(net, { style: { color: "#9ecae1", weight: 1.2 }, interactive: false }).addTo(map).bringToBack();
        });
    }
    fetch(el.dataset.url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
      var fresh = L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, { radius: f.properties.priority === 1 ? 9 : 7, color: "#fff", weight: 1.5,
            fillColor: f.properties.colour, fillOpacity: 0.95 });
        },
        onEachFeature: function (f, l) {
          var p = f.properties;
          l.bindPopup('<a href="' + p.url + '"><strong>' + p.number + "</strong></a><br>" +
            L.Util.template("{t}<br>{s} {team}", { t: p.title, s: p.state, team: p.team }));
        },
      });
      var first = !layer;
      if (layer) layer.remove();
      layer = fresh.addTo(map);
      if (first) {
        var b = layer.getBounds();
        if (b.isValid()) map.fitBounds(b, { padding: [20, 20], maxZoom: 16, animate: false });
        else map.setView([30.698, 121.015], 14);
      }
      document.body.dataset.boardMap = String(data.features.length);
    });
  }
  draw();
  document.body.addEventListener("htmx:afterSettle", draw);
})();
