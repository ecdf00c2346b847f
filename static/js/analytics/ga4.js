/* Google Analytics 4 configuration, an external file so the page's Content-Security-Policy
   needs no 'unsafe-inline'. consent.js inserts it (with gtag.js) only once analytics is
   accepted; the measurement id comes from this script's data attribute. gtag() and the
   Consent Mode defaults were set up by the boot script in <head>. */
(function (w, d) {
  "use strict";
  var id = d.currentScript && d.currentScript.getAttribute("data-measurement-id");
  if (!id || !w.gtag) return;
  w.gtag("js", new Date());
  w.gtag("config", id);
})(window, document);
