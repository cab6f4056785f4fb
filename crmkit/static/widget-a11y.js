/*
 * crmkit: names for what the ipywidgets HTML manager draws in the static book.
 *
 * Loaded (deferred) only on pages with widgets. As widgets render, it gives
 *  - each chart image the alt text "图表：<title>", read from the PNG's Title
 *    field (crmkit.viz.use_chinese_font stores the chart's title there), or "图表";
 *  - each slider handle the name of its widget's label, so a screen reader says
 *    what the slider sets.
 * Plain ES2017, no dependencies; the PNG reading mirrors crmkit.pagepolish.png_title.
 */
(function () {
  "use strict";

  function pngTitle(bytes) {
    const sig = [137, 80, 78, 71, 13, 10, 26, 10];
    if (bytes.length < 8 || sig.some((b, i) => bytes[i] !== b)) return null;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 8;
    while (at + 8 <= bytes.length) {
      const length = view.getUint32(at);
      const kind = String.fromCharCode.apply(null, bytes.subarray(at + 4, at + 8));
      const body = bytes.subarray(at + 8, at + 8 + length);
      at += 12 + length;
      if (kind === "IDAT" || kind === "IEND") break;
      if (kind !== "tEXt" && kind !== "iTXt") continue;
      const zero = body.indexOf(0);
      if (new TextDecoder("latin1").decode(body.subarray(0, zero)) !== "Title") continue;
      if (kind === "tEXt") return new TextDecoder("latin1").decode(body.subarray(zero + 1));
      if (body[zero + 1] !== 0) return null; // compressed iTXt: not written by matplotlib
      let rest = body.subarray(zero + 3);
      rest = rest.subarray(rest.indexOf(0) + 1); // language tag
      rest = rest.subarray(rest.indexOf(0) + 1); // translated keyword
      return new TextDecoder("utf-8").decode(rest);
    }
    return null;
  }

  function altFor(src) {
    try {
      const b64 = src.slice(src.indexOf(",") + 1);
      const raw = atob(b64.slice(0, 8192).replace(/[^A-Za-z0-9+/]/g, ""));
      const bytes = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
      const title = pngTitle(bytes);
      return title ? "图表：" + title : "图表";
    } catch (err) {
      return "图表";
    }
  }

  function label(widget) {
    const el = widget.querySelector(".widget-label");
    return el ? el.textContent.trim() : "";
  }

  function fix(root) {
    root.querySelectorAll("img:not([alt])").forEach((img) => {
      const src = img.getAttribute("src") || "";
      img.setAttribute("alt", src.startsWith("data:image/png") ? altFor(src) : "图表");
    });
    root.querySelectorAll("th:empty").forEach((th) => {
      const name = document.createElement("span");
      name.className = "visually-hidden";
      name.textContent = "行标签";
      th.appendChild(name);
    });
    root.querySelectorAll(".widget-slider, .widget-hslider, .widget-vslider").forEach((w) => {
      const name = label(w) || "滑块";
      w.querySelectorAll("[role=slider]:not([aria-label])").forEach((h) => {
        h.setAttribute("aria-label", name);
      });
    });
  }

  function start() {
    fix(document.body);
    let pending = false;
    new MutationObserver(() => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; fix(document.body); });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
  if (typeof module !== "undefined" && module.exports) module.exports = { pngTitle };
})();
