/* The hotline form's map: a click sets the call's place and asks for open orders and outages nearby. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var el = document.getElementById("hotline-map");
  var map = L.map(el, { preferCanvas: true }).setView([config.origin[1], config.origin[0]], 15);
  if (config.tiles) L.tileLayer(config.tiles, { attribution: config.attribution }).addTo(map);
  else el.classList.add("no-tiles");
  fetch(config.network, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    var net = L.geoJSON(data, { style: { color: "#6baed6", weight: 1.5, opacity: 0.8 }, interactive: false }).addTo(map);
    var b = net.getBounds();
    if (b.isValid() && !document.getElementById("id_lon").value) map.fitBounds(b, { animate: false });
  });
  var marker = null;
  var lon = document.getElementById("id_lon"), lat = document.getElementById("id_lat");

  function place(latlng, announce) {
    lon.value = latlng.lng.toFixed(7);
    lat.value = latlng.lat.toFixed(7);
    if (marker) marker.setLatLng(latlng);
    else marker = L.marker(latlng).addTo(map);
    document.getElementById("location-note").textContent = latlng.lat.toFixed(5) + ", " + latlng.lng.toFixed(5);
    if (announce) document.body.dispatchEvent(new Event("location-chosen"));
  }
  map.on("click", function (e) { place(e.latlng, true); });
  if (lon.value && lat.value) {
    var start = L.latLng(Number(lat.value), Number(lon.value));
    map.setView(start, 17);
    place(start, true);
  }
  // Choosing a nearby order links the call to it instead of opening a new one.
  document.body.addEventListener("change", function (e) {
    if (!e.target.classList.contains("link-choice")) return;
    document.getElementById("id_link_to").value = e.target.value;
    document.getElementById("id_open_order").checked = false;
  });
  // Typing a known address finds its place.
  var address = document.getElementById("id_address");
  var locateUrl = document.getElementById("locate-url").dataset.url;
  address.addEventListener("change", function () {
    if (!address.value.trim()) return;
    fetch(locateUrl + "?address=" + encodeURIComponent(address.value.trim()), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (hit) {
        if (!hit.found) return;
        var latlng = L.latLng(hit.lat, hit.lon);
        map.setView(latlng, 17);
        place(latlng, true);
        document.getElementById("location-note").textContent = hit.label;
      });
  });
  window.shuiwuHotline = { map: map, place: place };
})();
