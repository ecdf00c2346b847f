/* Demo analytics provider: first party and same origin, so the site and its browser tests
   can watch analytics start (or not) without the internet. consent.js only inserts this
   script after the visitor accepts analytics; it stops for good on a withdrawal. */
(function (w, d) {
  "use strict";
  var on = true,
    m = d.cookie.match(/(?:^|; )_am_analytics=([\w-]{1,64})/),
    id = m ? m[1] : Math.random().toString(36).slice(2) + Date.now().toString(36);
  if (!m) d.cookie = "_am_analytics=" + id + "; Max-Age=31536000; path=/; SameSite=Lax";

  function ping(event) {
    if (!on) return;
    var url = "/analytics/collect/?e=" + encodeURIComponent(event) + "&p=" + encodeURIComponent(location.pathname);
    if (navigator.sendBeacon) navigator.sendBeacon(url);
    else fetch(url, { method: "POST", keepalive: true, credentials: "same-origin" });
  }

  d.addEventListener("consent:change", function (e) {
    if (e.detail.accepted.indexOf("analytics") < 0) on = false;
  });
  w.amDemoAnalytics = { ping: ping, id: id };
  ping("pageview");
})(window, document);
