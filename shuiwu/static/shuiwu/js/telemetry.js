/* The live telemetry overview: supply curves, plant outlets, a pressure map and active alarms, refreshed in place. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("overview-data").textContent);
  var L10N = JSON.parse(document.getElementById("overview-labels").textContent);
  var REFRESH_MS = 15000;
  var csrf = document.cookie.match(/csrftoken=([^;]+)/);

  function fmt(v, digits) {
    if (v === null || v === undefined) return "—";
    return Number(v).toLocaleString(undefined, { maximumFractionDigits: digits === undefined ? 0 : digits });
  }
  function text(id, value) { var el = document.getElementById(id); if (el) el.textContent = value; }
  function esc(s) { var d = document.createElement("div"); d.textContent = s == null ? "" : String(s); return d.innerHTML; }

  // -- supply curves
  var curves = echarts.init(document.getElementById("ov-curves"));
  var hours = []; for (var h = 0; h < 24; h++) hours.push((h < 10 ? "0" : "") + h + ":00");
  function drawCurves(supply) {
    curves.setOption({
      animation: false, tooltip: { trigger: "axis" }, legend: {}, grid: { left: 60, right: 20, bottom: 30 },
      xAxis: { type: "category", data: hours }, yAxis: { type: "value", name: "m³/h", scale: true },
      series: [
        { name: L10N.today + " " + supply.today.date, type: "line", data: supply.today.hourly, lineStyle: { width: 3 } },
        { name: L10N.yesterday, type: "line", data: supply.yesterday.hourly, lineStyle: { type: "dashed" } },
        { name: L10N.last_year, type: "line", data: supply.last_year.hourly, lineStyle: { type: "dotted" } }
      ]
    });
    text("ov-today", fmt(supply.totals.today));
    text("ov-yesterday", fmt(supply.totals.yesterday));
    text("ov-lastyear", fmt(supply.totals.last_year));
  }

  // -- plant outlets
  function drawPlants(plants) {
    var html = "";
    plants.forEach(function (p) {
      html += '<div class="plant-card mb-3"><div class="fw-semibold mb-1">' + esc(p.name) + '</div><div class="row g-2">';
      Object.keys(p.values).sort().forEach(function (m) {
        var v = p.values[m];
        html += '<div class="col-4"><a class="text-decoration-none" href="/telemetry/sensors/' + v.sensor + '/">' +
          '<div class="small text-body-secondary">' + esc(L10N.measures[m] || m) + '</div><div class="value">' +
          fmt(v.value, m === "totaliser" ? 0 : 3) + ' <small class="fs-6">' + esc(v.unit) + "</small></div></a></div>";
      });
      html += "</div></div>";
    });
    document.getElementById("ov-plants").innerHTML = html || "—";
  }

  // -- pressure map
  var mapEl = document.getElementById("ov-map");
  var map = L.map(mapEl, { preferCanvas: true });
  mapEl.classList.add("no-tiles");
  var markers = L.layerGroup().addTo(map);
  function colour(p) {
    if (p.value === null || p.flag) return "#999";
    if (p.value < 0.14) return "#d62728";
    if (p.value < 0.2) return "#ff7f0e";
    if (p.value <= 0.4) return "#2ca02c";
    return "#1f77b4";
  }
  function drawPressure(points, fit) {
    markers.clearLayers();
    var bounds = [];
    points.forEach(function (p) {
      var m = L.circleMarker([p.lat, p.lon], { radius: p.alarm ? 10 : 7, color: p.alarm ? "#000" : "#fff", weight: 2,
        fillColor: colour(p), fillOpacity: 0.95 });
      m.bindTooltip(esc(p.code) + " " + esc(p.name) + "<br>" + fmt(p.value, 3) + " MPa");
      m.on("click", function () { window.location = "/telemetry/sensors/" + p.id + "/"; });
      markers.addLayer(m);
      bounds.push([p.lat, p.lon]);
    });
    mapEl.dataset.points = String(bounds.length);
    if (fit && bounds.length) map.fitBounds(bounds, { padding: [30, 30] });
  }
  fetch("/assets/map/features.geojson?kind=pipe", { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : { features: [] }; })
    .then(function (pipes) {
      L.geoJSON(pipes, { style: { color: "#9ecae1", weight: 1.5 }, interactive: false }).addTo(map).bringToBack();
    });

  // -- alarms
  function drawAlarms(alarms, count) {
    text("ov-alarm-count", fmt(count));
    var list = document.getElementById("ov-alarms");
    if (!alarms.length) { list.innerHTML = '<li class="list-group-item text-body-secondary">' + esc(L10N.none) + "</li>"; return; }
    list.innerHTML = alarms.map(function (a) {
      var ack = a.state === "active" && L10N.can_ack ?
        ' <button class="btn btn-sm btn-outline-primary py-0 ms-1 text-nowrap" data-ack="' + a.id + '">' + esc(L10N.acknowledge) + "</button>" : "";
      return '<li class="list-group-item d-flex gap-2 align-items-start"><span class="badge text-bg-' + a.severity_colour + '">' +
        esc(a.severity_label) + '</span><div class="flex-grow-1"><a href="' + a.url + '">' + esc(a.message) + '</a>' +
        '<div class="text-body-secondary">' + new Date(a.raised_at).toLocaleString() + " · " + esc(a.state_label) +
        "</div></div>" + ack + "</li>";
    }).join("");
  }
  document.getElementById("ov-alarms").addEventListener("click", function (e) {
    var id = e.target.getAttribute("data-ack");
    if (!id) return;
    e.target.disabled = true;
    fetch(L10N.ack_api.replace("{id}", id), { method: "POST", credentials: "same-origin",
      headers: { "X-CSRFToken": csrf ? csrf[1] : "" } }).then(refresh);
  });

  function draw(d, fit) {
    drawCurves(d.supply);
    drawPlants(d.plants);
    drawPressure(d.pressure, fit);
    drawAlarms(d.alarms, d.alarm_count);
    text("ov-updated", new Date(d.now).toLocaleTimeString());
  }
  function refresh() {
    fetch(L10N.api, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d) draw(d, false); });
  }
  draw(data, true);
  setInterval(function () { if (!document.hidden) refresh(); }, REFRESH_MS);
  window.addEventListener("resize", function () { curves.resize(); });
})();
