/* crmkit quiz: judge self-check answers in the static book, with no kernel.
 * Each <div class="crmkit-quiz" data-spec="{...}"> holds one item's spec made by
 * crmkit.selfcheck.core.Item.static_spec(): the key is an FNV-1a hash, so the page
 * never carries the answer in plain text. Results stay in this browser
 * (localStorage) and can be downloaded for the trainer from a .crmkit-quiz-export block.
 */
(function () {
  "use strict";
  var STORE = "crmkit-answers";

  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return ("00000000" + h.toString(16)).slice(-8);
  }

  /* The judging rule of crmkit/selfcheck/core.py, function for function (see its
   * docstring); tests/unit/test_quiz_equivalence.py runs both on the same answers. */
  /* JavaScript's \s, spelled out: core.SPACES is the same list. */
  var WS = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";
  var SPACE = new RegExp("[" + WS + "]", "g");
  var EDGES = new RegExp("^[" + WS + "]+|[" + WS + "]+$", "g");
  var MEMBER_SEPARATORS = new RegExp("[,、;" + WS + "]+");
  var NUMBER = /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/;
  var PARTS = /^([-+]?)([0-9]*)\.?([0-9]*)(?:[eE]([-+]?[0-9]+))?$/;

  /* Full-width ASCII (U+FF01–U+FF5E), as a Chinese input method types it, to ASCII. */
  function foldWidth(text) {
    return String(text).replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    });
  }

  function strip(text) { return String(text).replace(EDGES, ""); }

  /* The decimal text of a typed number, or null (core.parse_number). */
  function parseNumber(text) {
    var t = foldWidth(text).replace(SPACE, "").replace(/,/g, "");
    if (t.charAt(t.length - 1) === "%") { t = t.slice(0, -1); }
    if (t.length > 64 || !NUMBER.test(t) || !isFinite(Number(t))) { return null; }
    return t;
  }

  /* Integer grid (decimal digits, in steps of 10^-places) as text with exactly `places` decimals. */
  function gridText(grid, negative, places) {
    grid = grid.replace(/^0+/, "") || "0";
    var padded = grid;
    while (padded.length < places + 1) { padded = "0" + padded; }
    var whole = padded.slice(0, padded.length - places), fraction = padded.slice(padded.length - places);
    return (negative && grid !== "0" ? "-" : "") + whole + (places ? "." + fraction : "");
  }

  function addOne(digits) {
    var out = "", carry = 1;
    for (var i = digits.length - 1; i >= 0; i--) {
      var d = digits.charCodeAt(i) - 48 + carry;
      carry = d > 9 ? 1 : 0;
      out = String(d % 10) + out;
    }
    return (carry ? "1" : "") + out;
  }

  /* Round decimal text to `places` on its digits, half away from zero (core.round_decimal):
   * no binary float, so 2.675 → 2.68 here and in the kernel alike. */
  function roundDecimal(text, places) {
    var m = PARTS.exec(text);
    var digits = (m[2] + m[3]).replace(/^0+/, "");
    var grid = "0";
    if (digits !== "") {
      var shift = parseInt(m[4] || "0", 10) - m[3].length + places;
      if (shift >= 0) {
        grid = digits + new Array(shift + 1).join("0");
      } else {
        var cut = digits.length + shift;
        grid = cut > 0 ? digits.slice(0, cut) : "0";
        if (cut >= 0 && digits.charAt(cut) >= "5") { grid = addOne(grid); }
      }
    }
    return gridText(grid, m[1] === "-", places);
  }

  /* The rounded text the page hashes, or null when the answer is not a number. */
  function normalizeNumber(text, decimals) {
    var t = parseNumber(text);
    return t === null ? null : roundDecimal(t, decimals);
  }

  function memberId(text) { return strip(foldWidth(text)).toUpperCase(); }

  /* Ids as the key holds them: split, normalised, de-duplicated, sorted, comma-joined. */
  function normalizeMembers(text) {
    var parts = foldWidth(text).split(MEMBER_SEPARATORS).map(memberId)
      .filter(function (p) { return p !== ""; });
    var unique = parts.filter(function (p, i) { return parts.indexOf(p) === i; });
    unique.sort();
    return unique.join(",");
  }

  /* Returns {ok: true|false|null, message}; the same verdict as crmkit.selfcheck in a kernel. */
  function judge(spec, answer) {
    if (answer === null || answer === undefined || strip(answer) === "") {
      return { ok: null, message: "先填写答案再检查。提示：" + spec.hint };
    }
    var ok, message;
    if (spec.kind === "choice") {
      var letter = strip(foldWidth(answer)).toUpperCase().charAt(0);
      if (spec.options.indexOf(letter) < 0) {
        return { ok: false, message: "选项只有 " + spec.options.join("、") + "。提示：" + spec.hint };
      }
      ok = fnv1a(spec.item + "|" + letter) === spec.key;
      message = spec.feedback[letter];
    } else if (spec.kind === "number") {
      var value = normalizeNumber(answer, spec.decimals);
      if (value === null) { return { ok: false, message: "需要一个数字。提示：" + spec.hint }; }
      ok = (spec.keys || [spec.key]).indexOf(fnv1a(spec.item + "|" + value)) >= 0;
      message = ok ? value + spec.unit + "，与标准答案一致" : value + spec.unit + " 不对";
    } else {
      var ids = normalizeMembers(answer);
      ok = fnv1a(spec.item + "|" + ids) === spec.key;
      message = ok ? "这 " + ids.split(",").length + " 位" + spec.noun + "都找对了" : "名单不完全对";
    }
    if (!ok) { message += "。提示：" + spec.hint; }
    return { ok: ok, message: message };
  }

  function load() {
    try { return JSON.parse(window.localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }
  function save(item, ok, skills) {
    var all = load();
    all[item] = { ok: ok, skills: skills || [] };
    try { window.localStorage.setItem(STORE, JSON.stringify(all)); } catch (e) { /* private mode */ }
  }

  function render(box) {
    var spec = JSON.parse(box.getAttribute("data-spec"));
    var form = document.createElement("div");
    form.className = "crmkit-quiz-form";
    var out = document.createElement("div");
    out.className = "crmkit-quiz-feedback";
    var read;
    if (spec.kind === "choice") {
      var chosen = null;
      spec.options.forEach(function (letter) {
        var b = document.createElement("button");
        b.type = "button"; b.textContent = letter; b.className = "crmkit-quiz-option";
        b.addEventListener("click", function () {
          chosen = letter;
          form.querySelectorAll(".crmkit-quiz-option").forEach(function (o) { o.classList.remove("chosen"); });
          b.classList.add("chosen");
          show();
        });
        form.appendChild(b);
      });
      read = function () { return chosen; };
    } else {
      var input = document.createElement("input");
      input.type = "text"; input.className = "crmkit-quiz-input";
      input.placeholder = spec.kind === "number" ? "填一个数字" : "用逗号分隔，例如 A, C";
      var go = document.createElement("button");
      go.type = "button"; go.textContent = "检查"; go.className = "crmkit-quiz-check";
      go.addEventListener("click", function () { show(); });
      input.addEventListener("keydown", function (e) { if (e.key === "Enter") { show(); } });
      form.appendChild(input); form.appendChild(go);
      read = function () { return input.value; };
    }
    function show() {
      var verdict = judge(spec, read());
      var mark = verdict.ok === true ? "✅ 正确：" : verdict.ok === false ? "❌ 还不对：" : "✏️ ";
      out.textContent = "[" + spec.item + "] " + mark + verdict.message;
      out.className = "crmkit-quiz-feedback " + (verdict.ok ? "ok" : verdict.ok === false ? "wrong" : "");
      if (verdict.ok !== null) { save(spec.item, verdict.ok, spec.skills); }
    }
    var label = document.createElement("div");
    label.className = "crmkit-quiz-label";
    label.textContent = "在网页里作答（第 " + spec.item + " 题，不需要运行代码）";
    box.appendChild(label); box.appendChild(form); box.appendChild(out);
  }

  function renderExport(box) {
    var module = box.getAttribute("data-module");
    var b = document.createElement("button");
    b.type = "button"; b.className = "crmkit-quiz-check"; b.textContent = "下载我的作答记录";
    var note = document.createElement("span");
    note.className = "crmkit-quiz-note";
    b.addEventListener("click", function () {
      var name = window.prompt("请输入你的姓名或学号（会写进文件，交给培训师）", "");
      if (!name) { return; }
      var all = load(), items = [];
      Object.keys(all).sort().forEach(function (item) {
        if (item.split(".")[0] === module) {
          items.push({ item: item, ok: all[item].ok, skills: all[item].skills });
        }
      });
      name = cleanName(name);
      if (!name) { return; }
      var record = { format: "crmkit-answers/1", learner: name, module: module,
        exported_at: localIso(new Date()), items: items };
      var blob = new Blob([JSON.stringify(record, null, 1)], { type: "application/json" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "answers-m" + module + "-" + name.replace(/[\\/:*?"<>|\s]+/g, "_") + ".json";
      document.body.appendChild(a); a.click(); a.remove();
      note.textContent = "已导出 " + items.length + " 道题的作答记录。";
    });
    box.appendChild(b); box.appendChild(note);
  }

  /* The kernel's name rule (export.clean_name): NFKC, whitespace runs to one space. */
  function cleanName(name) {
    return String(name).normalize("NFKC").split(/\s+/).filter(Boolean).join(" ");
  }

  /* 2026-03-01T09:00:00+08:00: local time with its offset, as the kernel writes it */
  function localIso(date) {
    var pad = function (n) { return String(Math.abs(n)).padStart(2, "0"); };
    var off = -date.getTimezoneOffset();
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) +
      "T" + pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds()) +
      (off >= 0 ? "+" : "-") + pad(Math.floor(Math.abs(off) / 60)) + ":" + pad(Math.abs(off) % 60);
  }

  var api = {
    fnv1a: fnv1a, foldWidth: foldWidth, parseNumber: parseNumber, roundDecimal: roundDecimal,
    normalizeNumber: normalizeNumber, normalizeMembers: normalizeMembers, judge: judge,
    localIso: localIso, cleanName: cleanName
  };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".crmkit-quiz").forEach(render);
    document.querySelectorAll(".crmkit-quiz-export").forEach(renderExport);
  });
})();
