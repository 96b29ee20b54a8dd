// Shared by sweep.js, points.js and dom_check.js (prepended to each by the harness).
// Everything the harness reads from the page goes through the prototypes, so markup
// such as <img name="querySelectorAll"> (DOM clobbering) cannot mislead it.
const cg = (() => {
  "use strict";
  const getter = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
  const docElement = getter(Document.prototype, "documentElement");
  const shadowRoot = getter(Element.prototype, "shadowRoot");
  const querySelectorAll = Element.prototype.querySelectorAll;
  const docQuerySelectorAll = Document.prototype.querySelectorAll;
  const getAttribute = Element.prototype.getAttribute;
  const attributes = getter(Element.prototype, "attributes");
  const localName = getter(Element.prototype, "localName");
  const hasAttribute = Element.prototype.hasAttribute;
  const setAttribute = Element.prototype.setAttribute;
  const removeAttribute = Element.prototype.removeAttribute;
  const dispatchEvent = EventTarget.prototype.dispatchEvent;
  const htmlFocus = HTMLElement.prototype.focus;
  const htmlBlur = HTMLElement.prototype.blur;
  const htmlClick = HTMLElement.prototype.click;
  const svgFocus = SVGElement.prototype.focus;
  const svgBlur = SVGElement.prototype.blur;
  const getBoundingClientRect = Element.prototype.getBoundingClientRect;

  // The vector containers: `[data-cg-box]` in the batch page, or the whole document
  // of a vector served as a static page.
  const roots = (scope) => {
    if (scope === "document") {
      const root = docElement.call(document);
      return root ? [[root, true]] : [];
    }
    return Array.from(docQuerySelectorAll.call(document, "[data-cg-box]"), (box) => [box, false]);
  };

  // Every element under a root (including the root when asked), open shadow trees too.
  const elements = (root, includeRoot, limit) => {
    const found = includeRoot ? [root] : [];
    const walk = (node) => {
      for (const el of querySelectorAll.call(node, "*")) {
        if (found.length >= limit) return;
        found.push(el);
        const shadow = shadowRoot.call(el);
        if (shadow) walk(shadow);
      }
    };
    walk(root);
    return found;
  };

  const boxIndex = (root) => {
    const raw = getAttribute.call(root, "data-cg-box");
    return raw === null ? -1 : Number(raw);
  };

  const focus = (el) => {
    if (el instanceof HTMLElement) htmlFocus.call(el, { preventScroll: true });
    else if (el instanceof SVGElement) svgFocus.call(el, { preventScroll: true });
  };
  const blur = (el) => {
    if (el instanceof HTMLElement) htmlBlur.call(el);
    else if (el instanceof SVGElement) svgBlur.call(el);
  };
  const click = (el) => {
    if (el instanceof HTMLElement) htmlClick.call(el);
    else dispatchEvent.call(el, new MouseEvent("click", { bubbles: true, cancelable: true, composed: true }));
  };

  return {
    roots, elements, boxIndex, getAttribute, hasAttribute, setAttribute, removeAttribute,
    attributes, localName, dispatchEvent, focus, blur, click, getBoundingClientRect,
  };
})();
