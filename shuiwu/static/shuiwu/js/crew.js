/* The crew's phone posts its position every few minutes while on duty (browser geolocation). */
(function () {
  "use strict";
  var el = document.getElementById("crew-position");
  if (!el || !el.dataset.onDuty || !navigator.geolocation) return;
  var csrf = document.cookie.match(/csrftoken=([^;]+)/);

  function send(pos) {
    var body = new URLSearchParams({ lon: pos.coords.longitude, lat: pos.coords.latitude });
    fetch(el.dataset.url, { method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf ? csrf[1] : "" } });
  }
  function locate() { navigator.geolocation.getCurrentPosition(send, function () {}, { maximumAge: 60000 }); }
  locate();
  setInterval(locate, 180000);
})();
