/*
 * crmkit drill player: plays a compiled choice drill (format "crmkit-drill/1":
 * SPIN question types, phone timing) in a static web page, with no kernel and no
 * internet.
 *
 * Plain ES2017, no dependencies, no build step. Every verdict and message comes from
 * the compiled data (computed by the Python judges at build time); this file only
 * deals the questions, keeps the tally and writes the summary and the CSV record.
 * The engine (Drill, csvText, percentText) is the twin of the reference functions in
 * crmkit/roleplay/drill_web.py and is exported for node (module.exports), so that
 * tests/js/drill_conformance.js can play the same answers as Python; the rest
 * renders into
 *   <div class="crmkit-drill" data-drill="URL of the compiled JSON" data-drill-kind="spin">
 * A page opened from file:// gets the same data from the <kind>.js file the book
 * build writes next to the JSON.
 */
(function (root, factory) {
  "use strict";
  var node = typeof module !== "undefined" && module.exports;
  var api = factory(node ? require("./common.js") : root.CrmkitCommon);
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  }
  if (typeof window !== "undefined" && typeof document !== "undefined") {
    window.CrmkitDrill = api;
    api.autoMount();
  }
})(this, function (common) {
  "use strict";

  const { percentText, csvText, h, download } = common;
  const FORMAT = "crmkit-drill/1";
  const CSV_HEADER = ["学员", "练习", "序号", "题号", "题目", "你的选择", "正确答案", "结果", "点评"];

  // ------------------------------------------------------------------ engine

  function tallyText(right, answered) {
    return "答对 " + right + " / 已答 " + answered;
  }

  function labelOf(question, key) {
    const choice = question.choices.find((c) => c.key === key);
    return choice ? choice.label : "";
  }

  class Drill {
    constructor(drill) {
      if (!drill || drill.format !== FORMAT) {
        throw new Error("这不是编译好的小练习（format 应为 " + FORMAT + "）");
      }
      this.drill = drill;
      this.questions = drill.questions;
      this.reset();
    }

    reset() {
      this.index = 0;
      this.records = [];
    }

    get total() {
      return this.questions.length;
    }

    get finished() {
      return this.index >= this.questions.length;
    }

    get current() {
      return this.finished ? null : this.questions[this.index];
    }

    /** Whether the current question has been answered (下一题 is then allowed). */
    get answeredCurrent() {
      return !this.finished && this.records.length > this.index;
    }

    get right() {
      return this.records.filter((r) => r.correct).length;
    }

    rightKey(question) {
      const c = question.choices.find((ch) =>
        question.verdicts[ch.key].status === this.drill.right);
      return c ? c.key : null;
    }

    answer(key) {
      if (this.finished) throw new Error("练习已经做完，请点“再来一次”重新开始");
      if (this.answeredCurrent) throw new Error("这一题已经答过了，请点“下一题”");
      const q = this.current;
      if (typeof key !== "string" || !Object.prototype.hasOwnProperty.call(q.verdicts, key)) {
        const keys = q.choices.map((c) => c.key).join("、");
        throw new Error("第 " + (this.index + 1) + " 题没有选项“" + key + "”，可选：" + keys);
      }
      const verdict = q.verdicts[key];
      const answer = this.rightKey(q);
      const record = {
        index: this.index + 1, id: q.id, text: q.text,
        choice: key, choice_label: labelOf(q, key),
        answer: answer, answer_label: labelOf(q, answer),
        status: verdict.status, message: verdict.message,
        correct: verdict.status === this.drill.right,
      };
      this.records.push(record);
      return record;
    }

    next() {
      if (!this.answeredCurrent) return false;
      this.index += 1;
      return true;
    }

    /** Answer and move on, for each key in turn. */
    play(keys) {
      for (const key of keys) {
        this.answer(key);
        this.next();
      }
      return this;
    }

    tally() {
      return tallyText(this.right, this.records.length);
    }

    summary() {
      const total = this.total;
      const answered = this.records.length;
      const right = this.right;
      const finished = answered === total;
      const pct = percentText(right, answered);
      let score = finished
        ? total + " 题全部做完，答对 " + right + " 题"
        : "已答 " + answered + " 题（共 " + total + " 题），答对 " + right + " 题";
      if (pct) score += "，正确率 " + pct + "%";
      const missed = this.records.filter((r) => !r.correct).map((r) => Object.assign({}, r));
      return {
        total: total, answered: answered, right: right, finished: finished,
        percent_text: pct, tally: tallyText(right, answered), score_text: score,
        missed: missed,
        advice: answered ? this.drill.advice[missed.length ? "missed" : "perfect"] : "",
      };
    }

    csvRows(learner) {
      learner = learner || "";
      const title = this.drill.title;
      const rows = [CSV_HEADER.slice()];
      for (const r of this.records) {
        rows.push([learner, title, r.index, r.id, r.text, r.choice_label, r.answer_label,
          r.status, r.message]);
      }
      const s = this.summary();
      rows.push([learner, title, "合计", "", "", "", "", s.tally, s.score_text]);
      return rows;
    }

    /** CSV text with a UTF-8 BOM, so Excel shows the Chinese. */
    exportCSV(learner) {
      return "\ufeff" + csvText(this.csvRows(learner));
    }
  }

  // ------------------------------------------------------------------ page

  function summaryView(engine) {
    const s = engine.summary();
    const quote = engine.drill.quote;
    const parts = [
      h("p", { class: "crd-summary-title" }, [h("strong", { text: "练习结果" })]),
      h("p", { class: "crd-score", "data-right": String(s.right),
        "data-total": String(s.total), text: s.score_text }),
    ];
    if (s.missed.length) {
      parts.push(h("p", { text: "答错的题和正确答案：" }));
      parts.push(h("ol", { class: "crd-missed" }, s.missed.map((r) => h("li", {
        "data-question": r.id }, [
        h("div", { class: "crd-missed-text",
          text: "第 " + r.index + " 题：" + (quote ? "“" + r.text + "”" : r.text) }),
        h("div", { class: "crd-missed-answer",
          text: "你选了 " + r.choice_label + "；正确答案是 " + r.answer_label + "。" }),
        h("div", { class: "crd-missed-note", text: r.message }),
      ]))));
    }
    if (s.advice) parts.push(h("p", { class: "crd-advice", text: s.advice }));
    return h("section", { class: "crd-summary", tabindex: "-1" }, parts);
  }

  function mount(root, drill) {
    const engine = new Drill(drill);
    const kind = drill.kind;
    root.classList.add("crd");
    root.dataset.drillKind = kind;
    root.textContent = "";

    const progressText = h("div", { class: "crd-progress-text" });
    const bar = h("div", { class: "crd-progress-bar" });
    const progress = h("div", { class: "crd-progress", role: "progressbar",
      "aria-label": "答题进度", "aria-valuemin": "0", "aria-valuemax": String(engine.total) },
    [bar]);
    const question = h("div", { class: "crd-question", tabindex: "-1" });
    const choices = h("div", { class: "crd-choices crd-" + (drill.layout || "column") });
    const feedback = h("div", { class: "crd-feedback", role: "status", "aria-live": "polite" });
    const nextButton = h("button", { type: "button", class: "crd-next" }, ["下一题"]);
    const restartButton = h("button", { type: "button", class: "crd-restart" }, ["再来一次"]);
    const csvButton = h("button", { type: "button", class: "crd-export-csv" },
      ["下载记录（CSV）"]);
    const tally = h("p", { class: "crd-tally" });

    root.appendChild(h("header", { class: "crd-head" }, [
      h("div", { class: "crd-title", text: drill.title }),
      drill.intro ? h("p", { class: "crd-intro", text: drill.intro }) : null,
    ]));
    root.append(progressText, progress, question, choices, feedback,
      h("div", { class: "crd-actions" }, [nextButton, restartButton, csvButton]), tally);

    function render() {
      const answered = engine.records.length;
      const total = engine.total;
      root.dataset.state = engine.finished ? "finished" : "playing";
      progressText.textContent = engine.finished
        ? "全部 " + total + " 题已做完"
        : "第 " + (engine.index + 1) + " 题，共 " + total + " 题";
      progress.setAttribute("aria-valuenow", String(answered));
      progress.setAttribute("aria-valuetext", "已答 " + answered + " 题，共 " + total + " 题");
      bar.style.width = (total ? 100 * answered / total : 0) + "%";
      tally.textContent = engine.tally();
      tally.dataset.right = String(engine.right);
      tally.dataset.answered = String(answered);
      question.textContent = "";
      choices.textContent = "";
      if (engine.finished) {
        question.appendChild(summaryView(engine));
        choices.hidden = true;
        nextButton.hidden = true;
        feedback.textContent = "";
        feedback.className = "crd-feedback";
      } else {
        const q = engine.current;
        const done = engine.answeredCurrent;
        const record = done ? engine.records[engine.records.length - 1] : null;
        question.dataset.question = q.id;
        if (q.scene) question.appendChild(h("div", { class: "crd-scene", text: q.scene }));
        question.appendChild(h("div", { class: "crd-text",
          text: drill.quote ? "“" + q.text + "”" : q.text }));
        for (const c of q.choices) {
          const marks = [];
          if (record && c.key === record.choice) marks.push("你的选择");
          if (record && c.key === record.answer) marks.push("正确答案");
          const classes = ["crd-choice"];
          if (record && c.key === record.choice) classes.push("crd-chosen");
          if (record && c.key === record.answer) classes.push("crd-answer");
          choices.appendChild(h("button", { type: "button", class: classes.join(" "),
            "data-choice": c.key, title: c.hint || null, disabled: done,
            onclick: () => choose(c.key) },
          [c.label, marks.length ? h("span", { class: "crd-mark",
            text: "（" + marks.join("，") + "）" }) : null]));
        }
        choices.hidden = false;
        nextButton.hidden = false;
        nextButton.disabled = !done;
        if (!done) {
          feedback.textContent = "";
          feedback.className = "crd-feedback";
        }
      }
      csvButton.hidden = answered === 0;
    }

    function choose(key) {
      if (engine.finished || engine.answeredCurrent) return;
      const record = engine.answer(key);
      render();
      feedback.className = "crd-feedback " + (record.correct ? "crd-right" : "crd-wrong");
      feedback.textContent = record.message;
      nextButton.focus();
    }

    nextButton.addEventListener("click", () => {
      if (!engine.next()) return;
      render();
      const target = engine.finished ? question.querySelector(".crd-summary") : question;
      if (target) target.focus();
    });
    restartButton.addEventListener("click", () => {
      engine.reset();
      render();
      question.focus();
    });
    csvButton.addEventListener("click", () => download(root, kind + "-练习记录.csv",
      engine.exportCSV(), "text/csv;charset=utf-8"));

    render();
    root.crmkitDrill = engine;
    return engine;
  }

  /** Test and demo hook: #crmkit-drill-autoplay=<kind>:S,P,I answers and moves on. */
  function autoplay(root) {
    const match = /crmkit-drill-autoplay=([^&]+)/.exec(window.location.hash || "");
    if (!match) return;
    const [kind, keys] = decodeURIComponent(match[1]).split(":");
    if (kind !== root.dataset.drillKind || !keys) return;
    for (const key of keys.split(",")) {
      const button = Array.from(root.querySelectorAll("button.crd-choice"))
        .find((b) => b.getAttribute("data-choice") === key);
      if (!button) break;
      button.click();
      root.querySelector("button.crd-next").click();
    }
  }

  // Where this script was loaded from: compiled drills sit next to it (_static/drills/).
  const SCRIPT_BASE = common.scriptBase();

  function autoMount() {
    common.autoMount({
      selector: "div.crmkit-drill", flag: "crdMounted", urlAttr: "data-drill",
      idKey: "drillKind", global: "CrmkitDrillData", base: SCRIPT_BASE,
      noun: "练习文件", what: "小练习", errorClass: "crd-error",
      mount: (el, drill) => { mount(el, drill); autoplay(el); },
    });
  }

  return { FORMAT, CSV_HEADER, Drill, percentText, csvText, tallyText, mount, autoMount };
});
