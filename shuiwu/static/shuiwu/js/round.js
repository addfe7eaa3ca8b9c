/* A round on the map: the route, the checkpoints in order, the GPS track; on the phone, posts the track. */
(function () {
  "use strict";
  var el = document.getElementById("round-map");
  if (!el) return;
  var data = JSON.parse(document.getElementById("round-map-data").textContent);
  // A view first: Leaflet clips new lines against it.
  var map = L.map(el, { preferCanvas: true }).setView([30.698, 121.015], 14);
  el.classList.add("no-tiles");
  var bounds = L.latLngBounds([]);
  data.route.forEach(function (g) {
    var l = L.geoJSON(g, { style: { color: "#6baed6", weight: 4, opacity: 0.8 } }).addTo(map);
    bounds.extend(l.getBounds());
  });
  var trackLine = L.polyline(data.track.map(function (p) { return [p[1], p[0]]; }),
    { color: "#d62728", weight: 3 }).addTo(map);
  if (data.track.length) bounds.extend(trackLine.getBounds());
  data.points.forEach(function (p) {
    if (!p.lonlat) return;
    var latlng = [p.lonlat[1], p.lonlat[0]];
    var colour = p.skipped ? "#ff9f0e" : p.done ? "#2ca02c" : "#6c757d";
    L.marker(latlng, { icon: L.divIcon({ className: "cp-icon", html: '<span style="background:' + colour + '">' + p.n +
      "</span>", iconSize: [22, 22] }) }).bindTooltip(p.code + " " + (p.name || "")).addTo(map)
      .on("click", function () { var f = document.getElementById("cp-" + p.id); if (f) f.scrollIntoView(); });
    bounds.extend(latlng);
  });
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 17, animate: false });

  // On the phone page: collect GPS fixes and post them in batches while the round is open.
  var status = document.getElementById("gps-status");
  if (!status || !status.dataset.active || !navigator.geolocation) return;
  var csrf = document.cookie.match(/csrftoken=([^;]+)/);
  var pending = [], sent = 0;
  function flush() {
    if (!pending.length) return;
    var batch = pending.splice(0, pending.length);
    fetch(status.dataset.url, { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf[1] : "" },
      body: JSON.stringify({ points: batch }) })
      .then(function (r) { if (!r.ok) throw new Error(r.status); sent += batch.length;
        status.textContent = "GPS: " + sent; })
      .catch(function () { pending = batch.concat(pending); });
  }
  navigator.geolocation.watchPosition(function (pos) {
    var t = new Date(pos.timestamp).toISOString();
    if (pending.length && pending[pending.length - 1].t >= t) return;
    pending.push({ t: t, lon: pos.coords.longitude, lat: pos.coords.latitude, accuracy: pos.coords.accuracy });
    trackLine.addLatLng([pos.coords.latitude, pos.coords.longitude]);
  }, function () { status.textContent = "GPS: —"; }, { enableHighAccuracy: true, maximumAge: 5000 });
  setInterval(flush, 20000);
  window.addEventListener("pagehide", flush);
})();
