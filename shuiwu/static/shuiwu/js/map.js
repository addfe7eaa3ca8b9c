/* The network map: one GeoJSON request, drawn on a canvas so 15,000 pipes stay smooth. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var L_ = config.labels;
  var status = document.getElementById("map-status");
  var renderer = L.canvas({ padding: 0.3, tolerance: 4 });
  var map = L.map("network-map", { preferCanvas: true, renderer: renderer, zoomSnap: 0.25 })
    .setView([config.origin[1], config.origin[0]], 14);
  if (config.tiles) {
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 20 }).addTo(map);
  } else {
    document.getElementById("network-map").classList.add("no-tiles");
  }
  L.control.scale({ imperial: false }).addTo(map);

  var DIAMETER_CLASSES = [
    { max: 99, label: "< DN100", colour: "#9ecae1", weight: 1.2 },
    { max: 199, label: "DN100–199", colour: "#4292c6", weight: 1.8 },
    { max: 299, label: "DN200–299", colour: "#2171b5", weight: 2.6 },
    { max: 499, label: "DN300–499", colour: "#08519c", weight: 3.4 },
    { max: 799, label: "DN500–799", colour: "#08306b", weight: 4.2 },
    { max: Infinity, label: "≥ DN800", colour: "#041a3a", weight: 5 },
  ];
  var colourBy = "diameter";

  function diameterClass(d) {
    if (d === null || d === undefined) return { colour: "#999", weight: 1.2, label: "?" };
    for (var i = 0; i < DIAMETER_CLASSES.length; i++) if (d <= DIAMETER_CLASSES[i].max) return DIAMETER_CLASSES[i];
    return DIAMETER_CLASSES[DIAMETER_CLASSES.length - 1];
  }

  function pipeStyle(feature) {
    var p = feature.properties;
    var cls = diameterClass(p.diameter);
    var colour = cls.colour;
    if (p.system === "sewer" && colourBy === "diameter") colour = "#8c510a";
    if (colourBy === "material") colour = (config.materials[p.material || ""] || {}).colour || "#bbb";
    if (colourBy === "system") colour = (config.systems[p.system] || {}).colour || "#666";
    return {
      color: colour, weight: cls.weight, opacity: p.status === "planned" ? 0.6 : 0.9,
      dashArray: p.status === "planned" ? "6 4" : p.system === "sewer" ? "4 2" : null,
    };
  }

  function escapeHtml(s) {
    return String(s === null || s === undefined ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function card(feature) {
    var p = feature.properties;
    var kind = config.kinds[p.kind] || { label: p.kind };
    var rows = [[kind.label, config.systems[p.system] ? config.systems[p.system].label : p.system]];
    if (p.diameter) rows.push([L_.diameter, "DN" + Math.round(p.diameter) + " " + L_.mm]);
    if (p.material) rows.push([L_.material, (config.materials[p.material] || {}).label || p.material]);
    if (p.status) rows.push(["", config.statuses[p.status] || p.status]);
    var html = '<div class="asset-card"><div class="fw-semibold">' + escapeHtml(p.code) +
      (p.name ? " " + escapeHtml(p.name) : "") + "</div><table>";
    rows.forEach(function (r) { html += "<tr><th>" + escapeHtml(r[0]) + "</th><td>" + escapeHtml(r[1]) + "</td></tr>"; });
    html += '</table><a class="btn btn-sm btn-primary mt-1" href="' + config.assetUrl.replace("{id}", feature.id) +
      '">' + escapeHtml(L_.open) + "</a></div>";
    return html;
  }

  // Small point assets appear from these zoom levels on, so the network stays readable.
  var MIN_ZOOM = { valve: 17, hydrant: 16.5, service_point: 17, manhole: 17, process_unit: 17, meter_well: 16 };
  var layers = {};
  var overlays = {};
  var pipeLayers = [];
  var points = [];
  var supplyBounds = L.latLngBounds([]);
  var counts = {};

  function layerFor(key, label, visible) {
    if (!layers[key]) {
      layers[key] = L.featureGroup();
      overlays[label] = layers[key];
      if (visible) layers[key].addTo(map);
    }
    return layers[key];
  }

  function midpoint(coords) {
    var a = coords[0], b = coords[coords.length - 1];
    return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  }

  function addFeatures(collection) {
    var bounds = L.latLngBounds([]);
    var hidden = { manhole: true, service_point: true, process_unit: true };
    collection.features.forEach(function (f) {
      var p = f.properties;
      counts[p.kind] = (counts[p.kind] || 0) + 1;
      var kind = config.kinds[p.kind] || { label: p.kind, colour: "#666", radius: 4 };
      var layer;
      var isLine = f.geometry.type === "LineString" || f.geometry.type === "MultiLineString";
      if (isLine && p.kind === "pipe") {
        var sys = config.systems[p.system] || { label: p.system };
        var group = layerFor("pipe-" + p.system, config.kinds.pipe.label + " · " + sys.label, p.system !== "sewer");
        layer = L.geoJSON(f, { style: pipeStyle, renderer: renderer });
        pipeLayers.push(layer);
        if (p.system === "supply") supplyBounds.extend(layer.getBounds());
        group.addLayer(layer);
      } else if (isLine || f.geometry.type === "Point") {
        // Pumps and control valves are links in the model but points on the map.
        var c = isLine ? midpoint(f.geometry.coordinates) : f.geometry.coordinates;
        var focus = config.focus === p.kind;
        var g = layerFor("kind-" + p.kind, kind.label, focus || !hidden[p.kind]);
        layer = L.circleMarker([c[1], c[0]], {
          renderer: renderer, radius: kind.radius, color: "#fff", weight: 1, fillColor: kind.colour, fillOpacity: 0.95,
        });
        layer.feature = f;
        layer.minZoom = isLine ? 0 : MIN_ZOOM[p.kind] || 0;
        layer.baseRadius = kind.radius;
        g.addLayer(layer);
        points.push(layer);
      } else {
        return;
      }
      layer.bindPopup(function () { return card(f); });
      var b = layer.getBounds ? layer.getBounds() : L.latLngBounds([layer.getLatLng()]);
      bounds.extend(b);
    });
    return bounds;
  }

  function applyZoom() {
    var zoom = map.getZoom();
    points.forEach(function (m) {
      var visible = zoom >= m.minZoom;
      if (visible !== m.shown) {
        m.shown = visible;
        m.setStyle({ opacity: visible ? 1 : 0, fillOpacity: visible ? 0.95 : 0 });
        m.setRadius(visible ? m.baseRadius : 0);
      }
    });
  }
  map.on("zoomend", applyZoom);

  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "map-legend");
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  legend.addTo(map);

  function drawLegend() {
    var div = document.querySelector(".map-legend");
    var html = '<label class="small fw-semibold d-block mb-1">' + escapeHtml(L_.colourBy) + "</label>" +
      '<select class="form-select form-select-sm mb-2" id="colour-by">' +
      '<option value="diameter">' + escapeHtml(L_.diameter) + "</option>" +
      '<option value="material">' + escapeHtml(L_.material) + "</option>" +
      '<option value="system">' + escapeHtml(L_.system) + "</option></select><div class='legend-rows'>";
    function row(colour, label, weight) {
      return '<div class="legend-row"><span class="swatch" style="background:' + colour + ";height:" +
        Math.max(3, weight || 3) + 'px"></span>' + escapeHtml(label) + "</div>";
    }
    if (colourBy === "diameter") {
      DIAMETER_CLASSES.forEach(function (c) { html += row(c.colour, c.label, c.weight); });
      if (layers["pipe-sewer"]) html += row("#8c510a", config.systems.sewer.label, 3);
    } else if (colourBy === "material") {
      Object.keys(config.materials).forEach(function (k) { html += row(config.materials[k].colour, config.materials[k].label); });
    } else {
      Object.keys(config.systems).forEach(function (k) { html += row(config.systems[k].colour, config.systems[k].label); });
    }
    html += "</div>";
    div.innerHTML = html;
    var select = document.getElementById("colour-by");
    select.value = colourBy;
    select.addEventListener("change", function () {
      colourBy = select.value;
      pipeLayers.forEach(function (l) { l.setStyle(pipeStyle); });
      drawLegend();
    });
  }

  function loadDmas() {
    return fetch(config.dmas, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : { features: [] }; })
      .then(function (collection) {
        if (!collection.features.length) return;
        var layer = L.geoJSON(collection, {
          renderer: renderer,
          style: { color: "#6a51a3", weight: 1.5, dashArray: "5 4", fillColor: "#bcbddc", fillOpacity: 0.08 },
          onEachFeature: function (f, l) {
            l.bindTooltip(escapeHtml(f.properties.code + " " + (f.properties.name || "")), { sticky: true });
          },
        });
        overlays[L_.dmas] = layer;
        layer.addTo(map);
        layer.bringToBack();
      });
  }

  var started = performance.now();
  fetch(config.features, { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) throw new Error(r.status + " " + r.statusText); return r.json(); })
    .then(function (collection) {
      var fetched = performance.now();
      var bounds = addFeatures(collection);
      return loadDmas().then(function () {
        L.control.layers(null, overlays, { collapsed: window.innerWidth < 900 }).addTo(map);
        drawLegend();
        // Sewers draw along the same streets: shown by default only when there is no supply network to see.
        if (layers["pipe-sewer"] && (!layers["pipe-supply"] || config.focus === "sewer")) layers["pipe-sewer"].addTo(map);
        var home = supplyBounds.isValid() ? supplyBounds : bounds;
        if (home.isValid()) map.fitBounds(home, { padding: [20, 20], animate: false });
        applyZoom();
        var drawn = performance.now();
        var total = collection.features.length;
        status.textContent = total ? total.toLocaleString() + " " + L_.features : L_.none;
        status.classList.add("done");
        document.body.dataset.mapReady = "1";
        window.shuiwuMap = {
          map: map, counts: counts, features: total, pipes: counts.pipe || 0,
          timings: { fetchMs: Math.round(fetched - started), drawMs: Math.round(drawn - fetched) },
        };
      });
    })
    .catch(function (err) {
      status.textContent = String(err);
      status.classList.add("error");
      document.body.dataset.mapReady = "error";
    });
})();
