// Interact with every element of the vectors: focus, hover, click, and fire every
// event that has a handler attribute plus the animation/transition/drag/key families.
// Argument: "boxes" or "document". Returns how many elements were touched.
(scope) => {
  const LIMIT = 3000;
  const MOUSE = [
    "pointerover", "pointerenter", "mouseover", "mouseenter", "pointermove", "mousemove",
    "pointerdown", "mousedown", "pointerup", "mouseup", "dblclick", "contextmenu", "auxclick",
    "pointerout", "pointerleave", "mouseout", "mouseleave",
  ];
  const FAMILIES = [
    ["focusin", FocusEvent], ["focus", FocusEvent], ["blur", FocusEvent], ["focusout", FocusEvent],
    ["keydown", KeyboardEvent], ["keypress", KeyboardEvent], ["keyup", KeyboardEvent],
    ["beforeinput", InputEvent], ["input", InputEvent], ["change", Event], ["select", Event],
    ["invalid", Event], ["search", Event], ["wheel", WheelEvent], ["scroll", Event],
    ["scrollend", Event], ["copy", Event], ["cut", Event], ["paste", Event],
    ["dragstart", DragEvent], ["drag", DragEvent], ["dragenter", DragEvent],
    ["dragover", DragEvent], ["dragleave", DragEvent], ["drop", DragEvent], ["dragend", DragEvent],
    ["animationstart", AnimationEvent], ["animationiteration", AnimationEvent],
    ["animationend", AnimationEvent], ["animationcancel", AnimationEvent],
    ["webkitAnimationStart", AnimationEvent], ["webkitAnimationIteration", AnimationEvent],
    ["webkitAnimationEnd", AnimationEvent],
    ["transitionrun", TransitionEvent], ["transitionstart", TransitionEvent],
    ["transitionend", TransitionEvent], ["transitioncancel", TransitionEvent],
    ["webkitTransitionEnd", TransitionEvent],
    ["load", Event], ["error", Event], ["toggle", Event], ["beforetoggle", Event],
  ];
  // Handler attributes whose event name is not the attribute name minus "on".
  const RENAMED = {
    onbegin: "beginEvent", onend: "endEvent", onrepeat: "repeatEvent",
    onwebkitanimationstart: "webkitAnimationStart", onwebkitanimationend: "webkitAnimationEnd",
    onwebkitanimationiteration: "webkitAnimationIteration", onwebkittransitionend: "webkitTransitionEnd",
  };
  const fire = (el, type, Ctor) => {
    try {
      cg.dispatchEvent.call(el, new Ctor(type, { bubbles: true, cancelable: true, composed: true }));
    } catch (err) {
      // An event type the element cannot take is not a finding.
    }
  };
  const handlerAttributes = (el) =>
    Array.from(cg.attributes.call(el), (attr) => attr.name.toLowerCase()).filter((name) =>
      name.startsWith("on"),
    );
  let touched = 0;
  for (const [root, includeRoot] of cg.roots(scope)) {
    for (const el of cg.elements(root, includeRoot, LIMIT)) {
      touched += 1;
      // A temporary tabindex makes any element focusable, so onfocus handlers fire.
      const hadTabindex = cg.hasAttribute.call(el, "tabindex");
      try {
        if (!hadTabindex) cg.setAttribute.call(el, "tabindex", "-1");
        cg.focus(el);
        cg.blur(el);
      } catch (err) {
        // Some elements cannot take focus.
      } finally {
        if (!hadTabindex) cg.removeAttribute.call(el, "tabindex");
      }
      for (const type of MOUSE) fire(el, type, type.startsWith("pointer") ? PointerEvent : MouseEvent);
      try {
        cg.click(el);
      } catch (err) {
        // Nothing to click.
      }
      for (const [type, Ctor] of FAMILIES) fire(el, type, Ctor);
      for (const name of handlerAttributes(el)) {
        fire(el, RENAMED[name] ?? name.slice(2), Event);
        // Call the compiled handler directly too, in case no event reaches it.
        try {
          const handler = el[name];
          if (typeof handler === "function") handler.call(el, new Event(name.slice(2)));
        } catch (err) {
          // A handler that throws has still been compiled, and CSP has reported it.
        }
      }
    }
  }
  return touched;
}
