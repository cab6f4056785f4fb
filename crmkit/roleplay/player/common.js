/*
 * What the role-play player (player.js) and the drill player (drill.js) share: the
 * rounding and CSV rules their records follow, the small DOM helpers, and the loader
 * that finds each player's compiled data (fetched over http, or from the <id>.js file
 * beside the JSON when the page is opened from file://). Load it before either player.
 *
 * Plain ES2017, no dependencies, no build step; exported for node (module.exports) so
 * the conformance tests use the same percentText and csvText as the pages.
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  }
  if (typeof window !== "undefined") {
    window.CrmkitCommon = api;
  }
})(this, function () {
  "use strict";

  /** part / whole × 100 with one decimal, rounded half up using integers only. */
  function percentText(part, whole) {
    if (whole <= 0) return "";
    const tenths = Math.floor((2000 * part + whole) / (2 * whole));
    return Math.floor(tenths / 10) + "." + (tenths % 10);
  }

  /** Minimal CSV: comma, CRLF, quote a field only when it holds , " CR or LF. */
  function csvText(rows) {
    const cell = (value) => {
      let text = String(value);
      if (/[,"\r\n]/.test(text)) text = '"' + text.replace(/"/g, '""') + '"';
      return text;
    };
    return rows.map((row) => row.map(cell).join(",") + "\r\n").join("");
  }

  function h(tag, attrs, children) {
    const el = document.createElement(tag);
    for (const key of Object.keys(attrs || {})) {
      const value = attrs[key];
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") el.textContent = value;
      else if (key === "onclick") el.addEventListener("click", value);
      else el.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children || []) {
      if (child !== null && child !== undefined) {
        el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
      }
    }
    return el;
  }

  function download(root, name, text, type) {
    const blob = new Blob([text], { type: type });
    const url = URL.createObjectURL(blob);
    const link = h("a", { href: url, download: name });
    root.appendChild(link);
    link.click();
    root.removeChild(link);
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  /** The folder of the script being run now; call it while a player's file runs. */
  function scriptBase() {
    return (typeof document !== "undefined" && document.currentScript &&
      document.currentScript.src) ? document.currentScript.src.replace(/[^/]*$/, "") : "";
  }

  /**
   * Mount a player on every element matching spec.selector, once each. spec: selector,
   * flag (dataset key marking a mounted element), urlAttr (attribute with the JSON's URL),
   * idKey (dataset key with the data's name), global (window object the <id>.js files
   * fill), base (folder of those files), noun (“场景文件”), what (“角色扮演场景”),
   * errorClass, and mount(el, data).
   */
  function autoMount(spec) {
    const nameOf = (el) => el.dataset[spec.idKey] ||
      (el.getAttribute(spec.urlAttr) || "").split("?")[0].split("/").pop().replace(/\.json$/, "");
    const loadScript = (name) => new Promise((resolve, reject) => {
      const tag = document.createElement("script");
      tag.src = spec.base + encodeURIComponent(name) + ".js";
      tag.onload = () => {
        const data = (window[spec.global] || {})[name];
        if (data) resolve(data); else reject(new Error(spec.noun + "里没有“" + name + "”"));
      };
      tag.onerror = () => reject(new Error("找不到" + spec.noun + " " + name + ".js"));
      document.head.appendChild(tag);
    });
    const start = (el) => {
      if (el.dataset[spec.flag]) return;
      el.dataset[spec.flag] = "1";
      const fail = (err) => {
        el.textContent = "";
        el.appendChild(h("p", { class: spec.errorClass, text: "无法载入" + spec.what + "（" +
          err.message + "）。请通过课程包生成的网页打开本页。" }));
      };
      const done = (data) => {
        try { spec.mount(el, data); } catch (err) { fail(err); }
      };
      const preloaded = (window[spec.global] || {})[nameOf(el)];
      if (preloaded) { done(preloaded); return; }
      const url = el.getAttribute(spec.urlAttr);
      const load = url ? fetch(url).then((r) => {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }) : loadScript(nameOf(el));
      load.then(done, fail);
    };
    const run = () => document.querySelectorAll(spec.selector).forEach(start);
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
    else run();
  }

  return { percentText, csvText, h, download, scriptBase, autoMount };
});
