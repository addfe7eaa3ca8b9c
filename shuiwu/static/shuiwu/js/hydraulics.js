/* A run's results: nodes coloured by their lowest pressure, pipes by their highest velocity; a node's series. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("run-config").textContent);
  var L10N = config.labels;
  var mapEl = document.getElementById("run-map");
  var map = L.map(mapEl, { preferCanvas: true });
  mapEl.classList.add("no-tiles");
  var chart = echarts.init(document.getElementById("series-chart"));

  function colour(m) {
    if (m === undefined || m === null) return "#999";
    if (m < config.min_pressure_m) return "#d62728";
    if (m < 20) return "#ff7f0e";
    if (m <= 40) return "#2ca02c";
    return "#1f77b4";
  }
  var api = "/api/hydraulics/runs/" + config.run + "/";
  // The view first (from the nodes), then the layers: a canvas map needs a view before it draws.
  var bounds = Object.keys(config.nodes).map(function (code) { return [config.nodes[code][1], config.nodes[code][0]]; });
  if (bounds.length) map.fitBounds(bounds, { padding: [20, 20] }); else map.setView([30.7, 121.0], 13);
  Promise.all([
    fetch("/assets/map/features.geojson?kind=pipe&system=supply", { credentials: "same-origin" }).then(function (r) { return r.json(); }),
    fetch(api + "links/", { credentials: "same-origin" }).then(function (r) { return r.json(); })
  ]).then(function (got) {
    var pipes = got[0], links = got[1];
    L.geoJSON(pipes, {
      style: function (f) {
        var v = (links[f.properties.code] || {}).velocity_ms || 0;
        return { color: v > 1.0 ? "#08306b" : v > 0.5 ? "#2171b5" : v > 0.1 ? "#6baed6" : "#c6dbef", weight: 1 + Math.min(v, 2) * 2 };
      },
      onEachFeature: function (f, layer) {
        var v = links[f.properties.code];
        if (v) layer.bindTooltip(f.properties.code + " · " + v.velocity_ms + " m/s · " + v.flow_lps + " L/s");
        layer.on("click", function () { show({ link: f.properties.code }); });
      }
    }).addTo(map);
    Object.keys(config.nodes).forEach(function (code) {
      var ll = [config.nodes[code][1], config.nodes[code][0]];
      var m = config.pressure[code];
      L.circleMarker(ll, { radius: m < config.min_pressure_m ? 5 : 3, weight: 0, fillColor: colour(m), fillOpacity: 0.95 })
        .bindTooltip(code + " · " + (m === undefined ? "—" : m.toFixed(1) + " m · " + config.storeys[code] + " " + L10N.storeys))
        .on("click", function () { show({ node: code }); })
        .addTo(map);
    });
    mapEl.dataset.nodes = String(bounds.length);
  });

  function show(what) {
    var query = what.node ? "node=" + encodeURIComponent(what.node) : "link=" + encodeURIComponent(what.link);
    fetch(api + "series/?" + query, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) {
      document.getElementById("series-title").textContent = what.node || what.link;
      var series = what.node ?
        [{ name: L10N.pressure, type: "line", data: d.pressure_m, showSymbol: false,
           markLine: { symbol: "none", lineStyle: { color: "#d62728", type: "dashed" }, data: [{ yAxis: config.min_pressure_m }] } },
         { name: L10N.demand, type: "line", yAxisIndex: 1, data: d.demand_lps, showSymbol: false }] :
        [{ name: L10N.flow, type: "line", data: d.flow_lps, showSymbol: false },
         { name: L10N.velocity, type: "line", yAxisIndex: 1, data: d.velocity_ms, showSymbol: false }];
      chart.setOption({
        animation: false, tooltip: { trigger: "axis" }, legend: {}, grid: { left: 50, right: 50, bottom: 30 },
        xAxis: { type: "category", data: d.hours, name: L10N.hours },
        yAxis: [{ type: "value", scale: true }, { type: "value", scale: true }],
        series: series
      }, { replaceMerge: ["series"] });
    });
  }
  document.querySelectorAll("[data-node]").forEach(function (a) {
    a.addEventListener("click", function (e) { e.preventDefault(); show({ node: a.getAttribute("data-node") }); });
  });
  var first = document.querySelector("[data-node]");
  if (first) show({ node: first.getAttribute("data-node") });

  var form = document.getElementById("compare-form");
  if (form) form.addEventListener("submit", function (e) {
    e.preventDefault();
    var other = form.elements.other.value;
    if (!other) return;
    fetch(api + "compare/?other=" + other, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (rows) {
      var table = document.getElementById("compare-table");
      table.classList.remove("d-none");
      table.querySelector("tbody").innerHTML = rows.slice(0, 15).map(function (r) {
        var keys = Object.keys(r).filter(function (k) { return k !== "node"; });
        return "<tr><td>" + r.node + "</td>" + keys.map(function (k) {
          return '<td class="text-end">' + (r[k] === null ? "—" : Number(r[k]).toFixed(2)) + "</td>";
        }).join("") + "</tr>";
      }).join("");
    });
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
