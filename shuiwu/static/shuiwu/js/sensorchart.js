/* A sensor's chart: raw readings for short ranges, min/mean/max rollups for long ones; zooming in fetches finer data. */
(function () {
  "use strict";
  var el = document.getElementById("sensor-chart");
  var config = JSON.parse(document.getElementById("chart-config").textContent);
  var L10N = config.labels || {};
  var chart = echarts.init(el);
  var end = new Date(config.end);
  var loading = null;

  function url(start, stop) {
    return config.api + "?sensor=" + config.sensor + "&start=" + encodeURIComponent(start.toISOString()) +
      "&end=" + encodeURIComponent(stop.toISOString());
  }
  function load(start, stop, keepZoom) {
    if (loading) loading.abort();
    loading = new AbortController();
    chart.showLoading();
    fetch(url(start, stop), { credentials: "same-origin", signal: loading.signal })
      .then(function (r) { return r.json(); })
      .then(function (d) { chart.hideLoading(); draw(d, start, stop, keepZoom); })
      .catch(function () { chart.hideLoading(); });
  }
  function draw(d, start, stop, keepZoom) {
    var res = document.getElementById("chart-resolution");
    if (res) res.textContent = "· " + (L10N[d.resolution] || d.resolution) + " · " + d.points.length;
    var series;
    if (d.resolution === "raw") {
      series = [{ name: L10N.value, type: "line", showSymbol: false, sampling: "lttb",
        data: d.points.map(function (p) { return [p[0], p[1]]; }) }];
    } else {
      series = [
        { name: L10N.min, type: "line", showSymbol: false, lineStyle: { opacity: 0.4 }, data: d.points.map(function (p) { return [p[0], p[1]]; }) },
        { name: L10N.mean, type: "line", showSymbol: false, lineStyle: { width: 2 }, data: d.points.map(function (p) { return [p[0], p[2]]; }) },
        { name: L10N.max, type: "line", showSymbol: false, lineStyle: { opacity: 0.4 }, data: d.points.map(function (p) { return [p[0], p[3]]; }) }
      ];
    }
    if (config.threshold !== null && config.threshold !== undefined) {
      series[0].markLine = { symbol: "none", lineStyle: { color: "#d62728", type: "dashed" }, data: [{ yAxis: config.threshold }] };
    }
    chart.setOption({
      animation: false, tooltip: { trigger: "axis" }, legend: { show: d.resolution !== "raw" },
      grid: { left: 60, right: 20, bottom: config.fixed ? 30 : 70 },
      xAxis: { type: "time", min: start.getTime(), max: stop.getTime() },
      yAxis: { type: "value", name: config.unit, scale: true },
      dataZoom: config.fixed ? [] : [{ type: "inside", filterMode: "none" }, { type: "slider", filterMode: "none" }],
      graphic: d.points.length ? [] : [{ type: "text", left: "center", top: "middle", style: { text: L10N.empty || "" } }],
      series: series
    }, { replaceMerge: ["series", "graphic"] });
    if (!keepZoom) chart.dispatchAction({ type: "dataZoom", start: 0, end: 100 });
    current = { start: start, stop: stop, resolution: d.resolution };
  }
  var current = null;
  var zoomTimer = null;
  chart.on("datazoom", function () {
    if (!current || current.resolution === "raw") return;
    clearTimeout(zoomTimer);
    zoomTimer = setTimeout(function () {
      var opt = chart.getOption().dataZoom[0];
      var span = current.stop - current.start;
      var a = new Date(current.start.getTime() + span * opt.start / 100);
      var b = new Date(current.start.getTime() + span * opt.end / 100);
      if (b - a < span * 0.5) load(a, b, false);  // zoomed well in: fetch the finer resolution
    }, 400);
  });
  var ranges = document.getElementById("chart-ranges");
  if (ranges) {
    ranges.addEventListener("click", function (e) {
      var days = e.target.getAttribute("data-days");
      if (!days) return;
      ranges.querySelectorAll("button").forEach(function (b) { b.classList.toggle("active", b === e.target); });
      load(new Date(end.getTime() - days * 86400000), end, false);
    });
  }
  if (config.start) load(new Date(config.start), end, false);
  else load(new Date(end.getTime() - 7 * 86400000), end, false);
  window.addEventListener("resize", function () { chart.resize(); });
})();
