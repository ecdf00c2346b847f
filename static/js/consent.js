/* Consent in the browser. The page HTML is the same for every visitor; the boot script in
   <head> read the consent cookie (unverified: it only hides the banner) into window.amConsent.
   This file acts only on states the server confirmed (views.state_json), sends choices with
   fetch (the forms also work without it), starts inert <template> snippets only for accepted
   groups, expires cookies of refused groups, and runs the preferences dialog. Every word it
   shows comes from the page (the #consent-config JSON, in the page's language). */
(function (w, d) {
  "use strict";
  var C = w.amConsent,
    conf = d.getElementById("consent-config"),
    cfg = conf && JSON.parse(conf.textContent),
    dialog = d.getElementById("consent-dialog"),
    status = d.getElementById("consent-status"),
    banner = d.getElementById("consent-banner"),
    confirmation = d.getElementById("consent-confirmation"),
    html = d.documentElement,
    started = {},
    chosen = false,
    opener = null,
    focusAfterClose = null;
  if (!C || !cfg || !dialog) return;
  C.state = null;  // until the server confirms it

  function say(text) {
    status.textContent = "";
    setTimeout(function () { status.textContent = text; }, 60);
  }

  function has(list, item) { return list.indexOf(item) > -1; }

  // Google Consent Mode v2: defaults were set to denied in <head>; update on every choice.
  function consentMode(a) {
    var g = function (group) { return has(a, group) ? "granted" : "denied"; };
    w.gtag("consent", "update", {
      analytics_storage: g("analytics"),
      personalization_storage: g("personalisation"),
      ad_storage: "denied", ad_user_data: "denied", ad_personalization: "denied"
    });
  }

  function expire(group) {
    var names = d.cookie ? d.cookie.split("; ").map(function (c) { return c.split("=")[0]; }) : [],
      host = location.hostname.split(".");
    (cfg.cookies[group] || []).forEach(function (c) {
      var star = c[0].slice(-1) == "*", stem = star ? c[0].slice(0, -1) : c[0];
      names.forEach(function (n) {
        if (star ? n.indexOf(stem) : n != stem) return;
        var gone = n + "=; Max-Age=0; path=" + (c[1] || "/");
        d.cookie = gone;
        if (c[2]) d.cookie = gone + "; domain=" + c[2];
        for (var i = 0; i < host.length - 1; i++) d.cookie = gone + "; domain=." + host.slice(i).join(".");
      });
    });
  }

  function start(group) {
    if (started[group]) return;
    started[group] = 1;
    d.querySelectorAll('template[data-consent-group="' + group + '"]').forEach(function (t) {
      t.content.querySelectorAll("script").forEach(function (old) {
        var s = d.createElement("script");
        for (var i = 0; i < old.attributes.length; i++) s.setAttribute(old.attributes[i].name, old.attributes[i].value);
        s.text = old.text;
        d.head.appendChild(s);
      });
    });
  }

  function apply(st) {
    var a = st ? st.a : [];
    consentMode(a);
    cfg.optional.forEach(function (g) { if (has(a, g)) start(g); else expire(g); });
    d.dispatchEvent(new CustomEvent("consent:change", { detail: { accepted: a.slice() } }));
  }

  function focusPage() { (d.getElementById("main") || d.body).focus({ preventScroll: true }); }

  function shown(el) { return !!el && el.getClientRects().length > 0; }

  // The names come ready for a sentence in the page's language (consent_tags.client_config),
  // and so do the sentences: this script holds no words of its own.
  function names(list) {
    var n = list.map(function (g) { return cfg.sentenceNames[g] || g; });
    return n.length < 2 ? n.join("") : n.slice(0, -1).join(", ") + cfg.text.and + n[n.length - 1];
  }

  function fill(sentence, accepted, rejected) {
    return sentence.replace("{accepted}", accepted).replace("{rejected}", rejected);
  }

  // What the visitor chose, in one sentence, for the confirmation that replaces the banner.
  function summary(accepted) {
    var yes = cfg.optional.filter(function (g) { return has(accepted, g); }),
      no = cfg.optional.filter(function (g) { return !has(accepted, g); });
    if (!no.length) return fill(cfg.text.acceptedAll, names(yes), "");
    if (!yes.length) return fill(cfg.text.rejectedAll, "", names(no));
    return fill(cfg.text.mixed, names(yes), names(no));
  }

  // GOV.UK pattern: the banner gives way to a short confirmation, which takes focus without
  // scrolling the page (it sits where the banner was, so nothing below it moves far).
  function confirm(accepted) {
    d.getElementById("consent-confirmation-text").textContent = summary(accepted);
    confirmation.hidden = false;
    if (dialog.open) { opener = null; focusAfterClose = confirmation; dialog.close(); }
    else confirmation.focus({ preventScroll: true });
  }

  function send(url, body, quiet) {
    chosen = true;
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (r) {
      return r.json().then(function (j) { if (!r.ok) throw new Error(j.error); return j; });
    }).then(function (j) {
      var st = { id: (j.consentId || "").replace(/-/g, ""), v: j.version, t: Date.parse(j.decidedAt), a: j.accepted },
        fromBanner = shown(banner);
      C.state = C.ok(st) ? st : null;
      if (C.state) html.setAttribute("data-consent", "decided");
      apply(C.state);
      if (quiet) return;
      if (fromBanner && confirmation) return confirm(j.accepted || []);
      if (dialog.open) dialog.close(); else focusPage();
      say(cfg.text.saved);
    }).catch(function (e) {
      if (!quiet) say(e.message || cfg.text.failed);
    });
  }

  // "Always allow YouTube" (embeds.js): one more group, recorded like any other choice.
  C.allow = function (group) {
    var body = new URLSearchParams({ policy_version: cfg.version });
    (C.state ? C.state.a : []).concat(group).forEach(function (g) { body.append("cookie_groups", g); });
    return send(cfg.preferencesUrl, body, true);
  };

  d.addEventListener("submit", function (e) {
    var f = e.target, b = e.submitter;
    if (!f.hasAttribute("data-consent-form")) return;
    e.preventDefault();
    send((b && b.getAttribute("formaction")) || f.getAttribute("action"), new URLSearchParams(new FormData(f)));
  });

  d.addEventListener("click", function (e) {
    var t = e.target.closest && e.target.closest("[data-consent-open],[data-consent-close]");
    if (!t || !dialog.showModal) return;
    e.preventDefault();
    if (t.hasAttribute("data-consent-close")) return dialog.close();
    opener = t;
    var a = C.state ? C.state.a : [];
    dialog.querySelectorAll("input[data-consent-group]").forEach(function (i) { i.checked = has(a, i.value); });
    dialog.showModal();
  });

  // Keep focus inside the open dialog; Escape closes it (the browser also does).
  dialog.addEventListener("keydown", function (e) {
    if (e.key == "Escape") { e.preventDefault(); return dialog.close(); }
    if (e.key != "Tab") return;
    var f = dialog.querySelectorAll("input,button,a[href]"), first = f[0], last = f[f.length - 1];
    if (e.shiftKey && d.activeElement == first) { last.focus(); e.preventDefault(); }
    else if (!e.shiftKey && d.activeElement == last) { first.focus(); e.preventDefault(); }
  });

  dialog.addEventListener("close", function () {
    var o = opener, f = focusAfterClose;
    opener = focusAfterClose = null;
    if (f) f.focus({ preventScroll: true });
    else if (o && shown(o)) o.focus({ preventScroll: true });
    else focusPage();
  });

  if (confirmation) d.getElementById("consent-hide").addEventListener("click", function () {
    confirmation.hidden = true;
    focusPage();
  });

  // Without JavaScript "Manage preferences" is a link to /cookies/; here it opens the dialog,
  // so it becomes what it now is: a button.
  var manage = d.getElementById("consent-manage");
  if (manage && manage.tagName == "A" && dialog.showModal) {
    var button = d.createElement("button");
    button.type = "button";
    button.id = manage.id;
    button.className = manage.className;
    button.setAttribute("data-consent-open", "");
    button.textContent = manage.textContent;
    manage.replaceWith(button);
  }

  // A forged cookie may have fooled the boot script: start nothing until the server says.
  fetch(cfg.stateUrl, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
    if (!r.ok) throw 0;
    return r.json();
  }).then(function (j) {
    if (chosen) return;
    var st = j.decided ? { id: j.consentId, v: j.version, t: Date.parse(j.decidedAt), a: j.accepted } : null,
      gpc = navigator.globalPrivacyControl;
    C.state = st;
    C.confirmed = true;
    if (st || gpc) html.setAttribute("data-consent", st ? "decided" : "gpc");
    else html.removeAttribute("data-consent");
    apply(st);
    // GPC counts as refusing analytics and personalisation until the visitor opts in.
    if (!st && gpc) send(cfg.gpcUrl, new URLSearchParams({ policy_version: cfg.version, next: location.pathname }), true);
  }).catch(function () {});
})(window, document);
