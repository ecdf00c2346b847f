/* Matomo tracking, an external file so the page's Content-Security-Policy needs no
   'unsafe-inline'. consent.js inserts it only once analytics is accepted; the server URL
   (ending in "/") and the site id come from this script's data attributes. */
(function (w, d) {
  "use strict";
  var s = d.currentScript,
    base = s && s.getAttribute("data-matomo-base"),
    site = s && s.getAttribute("data-site-id"),
    paq = (w._paq = w._paq || []),
    tracker;
  if (!base || !site) return;
  paq.push(["trackPageView"]);
  paq.push(["enableLinkTracking"]);
  paq.push(["setTrackerUrl", base + "matomo.php"]);
  paq.push(["setSiteId", site]);
  tracker = d.createElement("script");
  tracker.async = true;
  tracker.src = base + "matomo.js";
  d.head.appendChild(tracker);
})(window, document);
