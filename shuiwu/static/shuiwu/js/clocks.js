/* Live SLA clocks: every element with data-due counts down to it (or up, once it is past). */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "zh-hans";
  var words = lang.indexOf("zh") === 0 ? { left: "剩", over: "超", paused: "已暂停" } :
    { left: "left", over: "over", paused: "paused" };

  function format(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    var text = (d ? d + "d " : "") + (h < 10 && d ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
    if (!d) text += ":" + ((s % 60) < 10 ? "0" : "") + (s % 60);
    return text;
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll(".sla[data-due]").forEach(function (el) {
      if (!el.dataset.label) el.dataset.label = el.textContent.replace("…", "").trim();
      if (el.dataset.paused) { el.textContent = el.dataset.label + " " + words.paused; return; }
      var left = new Date(el.dataset.due).getTime() - now;
      el.textContent = el.dataset.label + " " + (left >= 0 ? words.left + " " : words.over + " ") + format(left);
      if (left < 0) { el.classList.remove("sla-ok", "sla-at_risk"); el.classList.add("sla-breached"); }
    });
  }
  tick();
  setInterval(tick, 1000);
  document.body.addEventListener("htmx:afterSwap", tick);
})();
