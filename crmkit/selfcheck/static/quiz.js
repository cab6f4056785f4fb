/* crmkit quiz: judge self-check answers in the static book, with no kernel.
 * Each <div class="crmkit-quiz" data-spec="{...}"> holds one item's spec made by
 * crmkit.selfcheck.core.Item.static_spec(): the key is an FNV-1a hash, so the page
 * never carries the answer in plain text. Every try (time, answer, verdict) stays in this
 * browser (localStorage) under the learner's name, entered once in the 作答人 bar above
 * the page's first quiz; reloading shows each item as it was left; 换一位学员 clears the
 * record for the next learner on a shared PC; a .crmkit-quiz-export block downloads it.
 */
(function () {
  "use strict";
  var STORE = "crmkit-quiz/2";

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

  /* The answer as a try records it (core.Item.answer_text): the option letter, the
   * rounded number, the sorted ids; anything else as typed, stripped, at most 40 characters. */
  function answerText(spec, answer) {
    var text = String(answer);
    if (spec.kind === "choice") {
      var letter = strip(foldWidth(text)).toUpperCase().charAt(0);
      if (spec.options.indexOf(letter) >= 0) { return letter; }
    } else if (spec.kind === "number") {
      var value = normalizeNumber(text, spec.decimals);
      if (value !== null) { return value; }
    } else {
      var ids = normalizeMembers(text);
      if (ids) { return ids; }
    }
    return Array.from(strip(text)).slice(0, 40).join("");
  }

  /* Returns {ok: true|false|null, message, answer}; the same verdict as crmkit.selfcheck
   * in a kernel, and the answer as a try records it. */
  function judge(spec, answer) {
    if (answer === null || answer === undefined || strip(answer) === "") {
      return { ok: null, message: "先填写答案再检查。提示：" + spec.hint };
    }
    var ok, message;
    if (spec.kind === "choice") {
      var letter = strip(foldWidth(answer)).toUpperCase().charAt(0);
      if (spec.options.indexOf(letter) < 0) {
        return { ok: false, message: "选项只有 " + spec.options.join("、") + "。提示：" + spec.hint,
          answer: answerText(spec, answer) };
      }
      ok = fnv1a(spec.item + "|" + letter) === spec.key;
      message = spec.feedback[letter];
    } else if (spec.kind === "number") {
      var value = normalizeNumber(answer, spec.decimals);
      if (value === null) {
        return { ok: false, message: "需要一个数字。提示：" + spec.hint, answer: answerText(spec, answer) };
      }
      ok = (spec.keys || [spec.key]).indexOf(fnv1a(spec.item + "|" + value)) >= 0;
      message = ok ? value + spec.unit + "，与标准答案一致" : value + spec.unit + " 不对";
    } else {
      var ids = normalizeMembers(answer);
      ok = fnv1a(spec.item + "|" + ids) === spec.key;
      message = ok ? "这 " + ids.split(",").length + " 位" + spec.noun + "都找对了" : "名单不完全对";
    }
    if (!ok) { message += "。提示：" + spec.hint; }
    return { ok: ok, message: message, answer: answerText(spec, answer) };
  }

  /* What this browser remembers, under one key:
   * {learner: "张三", items: {"7.1": {ok, skills, attempts: [{at, answer, ok}]}}}.
   * ok is the latest verdict; attempts are every try (a check whose answer equals the
   * previous try's is not a new try), as crmkit.selfcheck.core.ATTEMPTS in a kernel. */
  var OLD_STORE = "crmkit-answers"; /* before attempts: {item: {ok, skills}} */
  var memory = null; /* when localStorage is off (private mode), this page keeps the record */

  function load() {
    var state = null;
    try {
      state = JSON.parse(window.localStorage.getItem(STORE));
      if (!state) {
        var old = JSON.parse(window.localStorage.getItem(OLD_STORE));
        if (old) {
          state = { learner: "", items: {} };
          Object.keys(old).forEach(function (item) {
            state.items[item] = { ok: old[item].ok, skills: old[item].skills || [], attempts: [] };
          });
        }
      }
    } catch (e) { state = memory; }
    state = state && typeof state === "object" ? state : (memory || {});
    if (typeof state.learner !== "string") { state.learner = ""; }
    if (!state.items || typeof state.items !== "object") { state.items = {}; }
    return state;
  }
  function store(state) {
    memory = state;
    try {
      window.localStorage.setItem(STORE, JSON.stringify(state));
      window.localStorage.removeItem(OLD_STORE);
    } catch (e) { /* private mode: kept in this page only */ }
  }

  /* Record one try and the item's latest verdict. */
  function recordTry(spec, verdict, when) {
    var state = load();
    var entry = state.items[spec.item] || { skills: spec.skills || [], attempts: [] };
    var tries = entry.attempts || (entry.attempts = []);
    if (!tries.length || tries[tries.length - 1].answer !== verdict.answer) {
      tries.push({ at: localIso(when || new Date()), answer: verdict.answer, ok: verdict.ok });
    }
    entry.ok = verdict.ok;
    state.items[spec.item] = entry;
    store(state);
    return entry;
  }

  function triesText(entry) {
    var tries = entry && entry.attempts ? entry.attempts : [];
    if (!tries.length) { return ""; }
    return "（已作答 " + tries.length + " 次，第一次" + (tries[0].ok ? "答对" : "答错") + "）";
  }

  var views = []; /* every quiz box, learner bar and export box of the page: redrawn on change */
  function redrawAll() { views.forEach(function (v) { v(); }); }

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function button(text, className, onClick) {
    var b = element("button", className || "crmkit-quiz-check", text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function render(box) {
    var spec = JSON.parse(box.getAttribute("data-spec"));
    var form = element("div", "crmkit-quiz-form");
    var out = element("div", "crmkit-quiz-feedback");
    out.setAttribute("aria-live", "polite");
    var read, write;
    if (spec.kind === "choice") {
      var chosen = null;
      var options = spec.options.map(function (letter) {
        var b = button(letter, "crmkit-quiz-option", function () { choose(letter); show(true); });
        b.setAttribute("aria-pressed", "false");
        form.appendChild(b);
        return b;
      });
      var choose = function (letter) {
        chosen = letter;
        options.forEach(function (o) {
          var on = o.textContent === letter;
          o.classList.toggle("chosen", on);
          o.setAttribute("aria-pressed", on ? "true" : "false");
        });
      };
      read = function () { return chosen; };
      write = choose;
    } else {
      var input = element("input", "crmkit-quiz-input");
      input.type = "text";
      input.placeholder = spec.kind === "number" ? "填一个数字" : "用逗号分隔，例如 A, C";
      input.setAttribute("aria-label", "第 " + spec.item + " 题的答案");
      input.addEventListener("keydown", function (e) { if (e.key === "Enter") { show(true); } });
      form.appendChild(input);
      form.appendChild(button("检查", "crmkit-quiz-check", function () { show(true); }));
      read = function () { return input.value; };
      write = function (text) { input.value = text; };
    }
    function say(verdict, entry) {
      var mark = verdict.ok === true ? "✅ 正确：" : verdict.ok === false ? "❌ 还不对：" : "✏️ ";
      out.textContent = "[" + spec.item + "] " + mark + verdict.message + triesText(entry);
      out.className = "crmkit-quiz-feedback " + (verdict.ok ? "ok" : verdict.ok === false ? "wrong" : "");
    }
    function show(recording) {
      var verdict = judge(spec, read());
      var entry = verdict.ok !== null && recording ? recordTry(spec, verdict) : null;
      say(verdict, entry);
    }
    /* The item as this browser remembers it: the latest answer in place, its verdict shown. */
    function restore() {
      var entry = load().items[spec.item];
      var tries = entry && entry.attempts ? entry.attempts : [];
      write(tries.length ? tries[tries.length - 1].answer : (spec.kind === "choice" ? null : ""));
      if (tries.length) {
        say(judge(spec, tries[tries.length - 1].answer), entry);
      } else {
        out.textContent = ""; out.className = "crmkit-quiz-feedback";
      }
    }
    var label = element("div", "crmkit-quiz-label",
      "在网页里作答（第 " + spec.item + " 题，不需要运行代码）");
    box.appendChild(label); box.appendChild(form); box.appendChild(out);
    restore();
    views.push(restore);
  }

  /* Who is answering: a name entered once per browser, shown on every exercise page;
   * 换一位学员 clears this browser's record for the next learner on a shared PC. */
  function renderLearner(bar) {
    var panel = null;
    function draw() {
      var state = load();
      var done = Object.keys(state.items).filter(function (k) {
        return (state.items[k].attempts || []).length || typeof state.items[k].ok === "boolean";
      });
      bar.textContent = "";
      var line = element("div", "crmkit-learner-line");
      bar.appendChild(line);
      if (!state.learner) {
        var input = element("input", "crmkit-quiz-input crmkit-learner-input");
        input.type = "text"; input.placeholder = "姓名或学号";
        input.setAttribute("aria-label", "作答人的姓名或学号");
        var set = function () {
          var name = cleanName(input.value);
          if (!name) { input.focus(); return; }
          var s = load(); s.learner = name; store(s); redrawAll();
        };
        input.addEventListener("keydown", function (e) { if (e.key === "Enter") { set(); } });
        line.appendChild(element("span", "crmkit-learner-label", "作答人："));
        line.appendChild(input);
        line.appendChild(button("确定", "crmkit-quiz-check crmkit-learner-set", set));
        bar.appendChild(element("div", "crmkit-quiz-note",
          "输入一次，本浏览器的每个练习页都会显示；导出的作答记录会写上这个名字。"
          + (done.length ? "这台电脑上已有 " + done.length + " 道题的作答，会算在你的名下。" : "")));
        return;
      }
      line.appendChild(element("span", "crmkit-learner-label", "作答人："));
      line.appendChild(element("strong", "crmkit-learner-name", state.learner));
      line.appendChild(element("span", "crmkit-quiz-note", "已作答 " + done.length + " 道题"));
      var view = button(panel === "record" ? "收起我的记录" : "查看我的记录",
        "crmkit-quiz-check crmkit-learner-record", function () {
          panel = panel === "record" ? null : "record"; draw();
        });
      view.setAttribute("aria-expanded", panel === "record" ? "true" : "false");
      line.appendChild(view);
      line.appendChild(button("换一位学员", "crmkit-quiz-check crmkit-learner-switch", function () {
        panel = "switch"; draw();
      }));
      if (panel === "switch" || panel === "clear") {
        var confirmBox = element("div", "crmkit-learner-confirm");
        confirmBox.setAttribute("role", "group");
        var whole = panel === "switch";
        confirmBox.appendChild(element("p", "", (whole ? "换人前会清除" : "将清除") + "本浏览器里「" +
          state.learner + "」的全部作答记录（" + done.length + " 道题）。还没交给培训师的话，先到练习页末尾下载记录。"));
        confirmBox.appendChild(button(whole ? "清除并换人" : "清除记录",
          "crmkit-quiz-check crmkit-learner-confirm-yes", function () {
            panel = null;
            store({ learner: whole ? "" : state.learner, items: {} });
            redrawAll();
            var next = bar.querySelector(".crmkit-learner-input");
            if (next) { next.focus(); }
          }));
        confirmBox.appendChild(button("取消", "crmkit-quiz-check", function () { panel = null; draw(); }));
        bar.appendChild(confirmBox);
      } else if (panel === "record") {
        bar.appendChild(recordTable(state, done));
        bar.appendChild(button("清除我的记录", "crmkit-quiz-check crmkit-learner-clear", function () {
          panel = "clear"; draw();
        }));
      }
    }
    draw();
    views.push(draw);
  }

  /* The learner's own record: per item the tries, the first and the latest verdict. */
  function recordTable(state, done) {
    var wrap = element("div", "crmkit-learner-table");
    if (!done.length) { wrap.appendChild(element("p", "", "还没有作答记录。")); return wrap; }
    var table = element("table", "");
    table.appendChild(element("caption", "", "我在本浏览器的作答记录"));
    var head = element("tr", "");
    ["题号", "尝试次数", "第一次", "最新一次", "试过的答案"].forEach(function (h) {
      var th = element("th", "", h); th.scope = "col"; head.appendChild(th);
    });
    var thead = element("thead", ""); thead.appendChild(head); table.appendChild(thead);
    var body = element("tbody", "");
    done.sort(itemOrder).forEach(function (item) {
      var entry = state.items[item], tries = entry.attempts || [];
      var mark = function (ok) { return ok === true ? "答对" : ok === false ? "答错" : "—"; };
      var row = element("tr", "");
      [item, String(tries.length || "—"), mark(tries.length ? tries[0].ok : null), mark(entry.ok),
        tries.map(function (t) { return t.answer; }).join(" → ")].forEach(function (cell) {
        row.appendChild(element("td", "", cell));
      });
      body.appendChild(row);
    });
    table.appendChild(body);
    wrap.appendChild(table);
    return wrap;
  }

  function itemOrder(a, b) {
    var x = a.split(".").map(Number), y = b.split(".").map(Number);
    for (var i = 0; i < Math.max(x.length, y.length); i++) {
      if ((x[i] || 0) !== (y[i] || 0)) { return (x[i] || 0) - (y[i] || 0); }
    }
    return 0;
  }

  /* The record the trainer collects, in the kernel's format (export.answers_record). */
  function exportRecord(module, when) {
    var state = load(), items = [];
    Object.keys(state.items).sort(itemOrder).forEach(function (item) {
      var entry = state.items[item];
      if (item.split(".")[0] === module && typeof entry.ok === "boolean") {
        items.push({ item: item, ok: entry.ok, skills: entry.skills || [],
          attempts: entry.attempts || [] });
      }
    });
    return { format: "crmkit-answers/1", learner: state.learner, module: module,
      exported_at: localIso(when || new Date()), items: items };
  }

  function renderExport(box) {
    var module = box.getAttribute("data-module");
    var note = element("span", "crmkit-quiz-note");
    note.setAttribute("aria-live", "polite");
    var b = button("下载我的作答记录", "crmkit-quiz-check", function () {
      var record = exportRecord(module);
      if (!record.learner) {
        note.textContent = "先在本页上方的「作答人」处填写姓名或学号，再下载。";
        var input = document.querySelector(".crmkit-learner-input");
        if (input) { input.focus(); }
        return;
      }
      var blob = new Blob([JSON.stringify(record, null, 1)], { type: "application/json" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "answers-m" + module + "-" + record.learner.replace(/[\\/:*?"<>|\s]+/g, "_") + ".json";
      document.body.appendChild(a); a.click(); a.remove();
      note.textContent = "已导出「" + record.learner + "」的 " + record.items.length + " 道题的作答记录。";
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
    localIso: localIso, cleanName: cleanName, answerText: answerText
  };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }
  window.crmkitQuiz = { exportRecord: exportRecord, load: load };
  document.addEventListener("DOMContentLoaded", function () {
    var first = document.querySelector(".crmkit-quiz, .crmkit-quiz-export");
    if (first) {
      var bar = element("div", "crmkit-learner");
      bar.setAttribute("role", "region");
      bar.setAttribute("aria-label", "作答人");
      first.parentNode.insertBefore(bar, first);
      renderLearner(bar);
    }
    document.querySelectorAll(".crmkit-quiz").forEach(render);
    document.querySelectorAll(".crmkit-quiz-export").forEach(renderExport);
    /* another tab of this browser answered, switched or cleared: show the same record */
    window.addEventListener("storage", function (e) { if (e.key === STORE) { redrawAll(); } });
  });
})();
