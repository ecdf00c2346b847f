/* Video placeholders (articles/blocks/embed.py). The page carries only a link to the video
   and our own copy of its thumbnail; this file shows the two buttons and builds the player's
   iframe when the visitor clicks "Play", or on load when the server-confirmed consent state
   (consent.js's "consent:change") accepts the provider's group. "Always allow" is recorded
   as an ordinary cookie choice through amConsent.allow (consent.js), so it is logged and
   withdrawn like any other. */
(function (w, d) {
  "use strict";
  var boxes = d.querySelectorAll("[data-embed]");
  if (!boxes.length) return;

  function play(box, autoplay) {
    var src = box.getAttribute("data-player");
    if (!src || box.hasAttribute("data-playing")) return;
    var url = new URL(src), frame = d.createElement("iframe");
    if (autoplay) url.searchParams.set("autoplay", "1");
    frame.className = "embed__player";
    frame.src = url.href;
    frame.title = box.getAttribute("data-title") + " (" + box.getAttribute("data-provider") + " video player)";
    frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    box.insertBefore(frame, box.firstChild);
    box.setAttribute("data-playing", "");
    if (autoplay) frame.focus();
  }

  function allowed(accepted) {
    boxes.forEach(function (box) {
      if (accepted.indexOf(box.getAttribute("data-group")) > -1) play(box, false);
    });
  }

  boxes.forEach(function (box) {
    box.querySelector(".embed__actions").hidden = false;
    box.querySelector("[data-embed-play]").addEventListener("click", function () { play(box, true); });
    box.querySelector("[data-embed-always]").addEventListener("click", function () {
      var C = w.amConsent;
      play(box, true);
      if (C && C.allow) C.allow(box.getAttribute("data-group"));
    });
  });

  d.addEventListener("consent:change", function (e) { allowed(e.detail.accepted || []); });
  var C = w.amConsent;
  if (C && C.confirmed && C.state) allowed(C.state.a || []);
})(window, document);
