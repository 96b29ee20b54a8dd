// Installed by the harness in every frame before any of the frame's own content runs
// (Playwright init script). Everything that would show script running is reported to
// the Python side through the exposed binding `__cg_signal(kind, detail, box)`.
(() => {
  "use strict";
  const sink = window.__cg_signal;
  const closest = Element.prototype.closest;
  const boxOf = (node) => {
    // Which vector container the current event came from, when that is knowable.
    try {
      const start = node instanceof Element ? node : window.event && window.event.target;
      const box = start instanceof Element ? closest.call(start, "[data-cg-box]") : null;
      return box ? box.getAttribute("data-cg-box") : "";
    } catch (err) {
      return "";
    }
  };
  const report = (kind, detail, node) => {
    try {
      const send = typeof sink === "function" ? sink : window.__cg_signal;
      send(kind, String(detail).slice(0, 300), boxOf(node));
    } catch (err) {
      // A frame without the binding still shows up as a dialog, a CSP report or a page error.
    }
  };
  const trap = (name, result) =>
    function trapped(...args) {
      report(name, args.map((arg) => String(arg)).join(", "));
      return result;
    };
  window.alert = trap("alert", undefined);
  window.confirm = trap("confirm", false);
  window.prompt = trap("prompt", null);
  window.print = trap("print", undefined);
  window.open = trap("window.open", null);
  window.__cg_canary = trap("canary", undefined);

  document.addEventListener(
    "securitypolicyviolation",
    (event) => {
      report("csp-event", `${event.violatedDirective} ${event.blockedURI} ${event.sample}`, event.target);
    },
    true,
  );

  // Following a link or submitting a form to a safe URL is not script running, but it
  // would take the page away from the harness: cancel those, and only those.
  const SAFE = new Set(["http:", "https:", "mailto:"]);
  const isSafe = (raw) => {
    if (raw === null) return true;
    try {
      return SAFE.has(new URL(raw, document.baseURI).protocol);
    } catch (err) {
      return true; // The browser does not follow a URL it cannot parse.
    }
  };
  const XLINK = "http://www.w3.org/1999/xlink";
  addEventListener(
    "click",
    (event) => {
      for (const node of event.composedPath()) {
        if (!(node instanceof Element)) continue;
        if (node.localName !== "a" && node.localName !== "area") continue;
        const raw = node.getAttribute("href") ?? node.getAttributeNS(XLINK, "href");
        if (raw === null) continue;
        if (isSafe(raw)) event.preventDefault();
        return;
      }
    },
    true,
  );
  addEventListener(
    "submit",
    (event) => {
      const submitter = event.submitter;
      const form = event.target;
      const raw =
        (submitter && submitter.getAttribute("formaction")) ??
        (form instanceof Element ? form.getAttribute("action") : null) ??
        "";
      if (isSafe(raw)) event.preventDefault();
    },
    true,
  );
})();
