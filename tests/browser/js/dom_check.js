// Look for what must never be left in a comment's DOM: a URL whose scheme is not
// http, https or mailto (judged as text after removing whitespace and controls, and
// again by the browser's own URL parser), a srcdoc, or an event-handler attribute.
// Argument: "boxes" or "document". Returns [[box, tag, attribute, value, reason], ...].
(scope) => {
  const SAFE = new Set(["http", "https", "mailto"]);
  const URL_ATTRIBUTES = new Set([
    "href", "src", "action", "formaction", "data", "codebase", "cite", "background", "poster",
    "lowsrc", "dynsrc", "longdesc", "usemap", "ping", "profile", "classid", "archive", "icon",
    "manifest", "itemtype", "itemid",
  ]);
  const LIST_ATTRIBUTES = new Set(["srcset", "imagesrcset"]);
  const ANIMATED = new Set(["values", "to", "from", "by"]);
  // C0/C1 controls, whitespace, and the invisible format characters (Cf, Zs, Zl, Zp).
  const INVISIBLE =
    /[\u0000-\u0020\u007f-\u00a0\u00ad\u061c\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufeff\ufff0-\ufffb]/g;

  const textScheme = (value) => {
    const match = /^([a-zA-Z][a-zA-Z0-9+.\-]*):/.exec(value.replace(INVISIBLE, ""));
    return match ? match[1].toLowerCase() : null;
  };
  const browserScheme = (value) => {
    try {
      return new URL(value, document.baseURI).protocol.slice(0, -1);
    } catch (err) {
      return null; // Chromium will not load or follow what it cannot parse.
    }
  };
  const judge = (value) => {
    const text = textScheme(value);
    if (text !== null && !SAFE.has(text)) return `scheme ${text}:`;
    const parsed = browserScheme(value);
    if (parsed !== null && !SAFE.has(parsed)) return `Chromium resolves it to ${parsed}:`;
    return null;
  };
  const findings = [];
  const add = (root, el, name, value, reason) => {
    findings.push([cg.boxIndex(root), cg.localName.call(el), name, value.slice(0, 300), reason]);
  };
  for (const [root, includeRoot] of cg.roots(scope)) {
    for (const el of cg.elements(root, includeRoot, 20000)) {
      const tag = cg.localName.call(el);
      const animatesUrl = /^(xlink:)?href$/i.test(cg.getAttribute.call(el, "attributename") ?? "");
      for (const attr of cg.attributes.call(el)) {
        const name = attr.name.toLowerCase();
        const local = attr.localName.toLowerCase();
        const value = attr.value;
        if (name.startsWith("on")) {
          add(root, el, name, value, "event-handler attribute");
        } else if (local === "srcdoc") {
          add(root, el, name, value, "srcdoc attribute");
        } else if (URL_ATTRIBUTES.has(local)) {
          const reason = judge(value);
          if (reason) add(root, el, name, value, reason);
        } else if (LIST_ATTRIBUTES.has(local)) {
          for (const candidate of value.split(",")) {
            const reason = judge(candidate.trim().split(/\s+/)[0] ?? "");
            if (reason) add(root, el, name, value, reason);
          }
        } else if (animatesUrl && ANIMATED.has(local)) {
          for (const part of value.split(";")) {
            const reason = judge(part);
            if (reason) add(root, el, name, value, `animates href: ${reason}`);
          }
        } else if (tag === "meta" && local === "content" && /url\s*=/i.test(value)) {
          const reason = judge(value.replace(/^.*?url\s*=\s*['"]?/i, ""));
          if (reason) add(root, el, name, value, `refresh: ${reason}`);
        } else if (local === "style") {
          for (const match of value.matchAll(/url\(\s*['"]?([^'")]*)/gi)) {
            const reason = judge(match[1]);
            if (reason) add(root, el, name, value, `style url: ${reason}`);
          }
        }
      }
    }
  }
  return findings;
}
