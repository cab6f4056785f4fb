/*
 * crmkit role-play player: plays a compiled scenario (format "crmkit-roleplay/1")
 * in a static web page, with no kernel and no internet.
 *
 * Plain ES2017, no dependencies, no build step. The engine part (RolePlay,
 * bestPath, ...) is a line-by-line twin of crmkit/roleplay/engine.py and is
 * exported for node (module.exports) so that tests/js/conformance.js can play the
 * same paths as the Python engine; the rest renders into
 *   <div class="crmkit-roleplay" data-scenario="URL of the compiled JSON"></div>
 * The only network access is fetching that local JSON; a page opened from file://
 * gets the same data from the <id>.js file the book build writes next to it.
 */
(function (root, factory) {
  "use strict";
  var node = typeof module !== "undefined" && module.exports;
  var api = factory(node ? require("./common.js") : root.CrmkitCommon);
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  }
  if (typeof window !== "undefined" && typeof document !== "undefined") {
    window.CrmkitRoleplay = api;
    api.autoMount();
  }
})(this, function (common) {
  "use strict";

  const { percentText, csvText, h, download } = common;
  const FORMAT = "crmkit-roleplay/1";
  const ATTEMPT_FORMAT = "crmkit-roleplay-attempt/1";
  const ROLE_LABELS = { narrator: "旁白", customer: "客户", trainee: "客户经理", ending: "结局" };

  // ------------------------------------------------------------------ engine

  function index(scenario) {
    const nodes = new Map();
    const endings = new Map();
    for (const n of scenario.nodes) nodes.set(n.id, n);
    for (const e of scenario.endings) endings.set(e.id, e);
    return { nodes, endings };
  }

  /** Fewest choices from each node (or ending: 0) to any ending. */
  function distanceToEnd(scenario) {
    const back = new Map();
    for (const n of scenario.nodes) {
      for (const o of n.options) {
        if (!back.has(o.next)) back.set(o.next, []);
        back.get(o.next).push(n.id);
      }
    }
    const dist = new Map();
    const queue = [];
    for (const e of scenario.endings) {
      dist.set(e.id, 0);
      queue.push(e.id);
    }
    for (let head = 0; head < queue.length; head += 1) {
      const here = queue[head];
      for (const prev of back.get(here) || []) {
        if (!dist.has(prev)) {
          dist.set(prev, dist.get(here) + 1);
          queue.push(prev);
        }
      }
    }
    return dist;
  }

  /** Whether each node can reach itself again (lies on a cycle). */
  function cyclic(scenario) {
    const { nodes } = index(scenario);
    const out = new Map();
    for (const [nid, node] of nodes) {
      const seen = new Set();
      const todo = node.options.map((o) => o.next);
      while (todo.length) {
        const here = todo.pop();
        if (seen.has(here) || !nodes.has(here)) continue;
        seen.add(here);
        for (const o of nodes.get(here).options) todo.push(o.next);
      }
      out.set(nid, seen.has(nid));
    }
    return out;
  }

  function optionOf(node, optionId) {
    return node.options.find((o) => o.id === optionId);
  }

  /** The highest-scoring simple path from start to a successful ending.
   *  Ties: fewer choices, then options earlier in the file. */
  function bestPath(scenario) {
    const { nodes, endings } = index(scenario);
    const isCyclic = cyclic(scenario);
    const memo = new Map();

    function visit(nid, visited) {
      if (endings.has(nid)) return endings.get(nid).success ? [0, 0, []] : null;
      if (!isCyclic.get(nid) && memo.has(nid)) return memo.get(nid);
      visited.add(nid);
      let best = null;
      for (const opt of nodes.get(nid).options) {
        if (visited.has(opt.next)) continue;
        const sub = visit(opt.next, visited);
        if (sub === null) continue;
        const cand = [opt.score + sub[0], 1 + sub[1], [[nid, opt.id]].concat(sub[2])];
        if (best === null || cand[0] > best[0] || (cand[0] === best[0] && cand[1] < best[1])) {
          best = cand;
        }
      }
      visited.delete(nid);
      if (!isCyclic.get(nid)) memo.set(nid, best);
      return best;
    }

    const found = visit(scenario.start, new Set());
    if (found === null) return null;
    const [score, , steps] = found;
    const totals = {};
    for (const d of scenario.rubric) totals[d.name] = 0;
    for (const [nid, oid] of steps) {
      const points = optionOf(nodes.get(nid), oid).points;
      for (const dim of Object.keys(points)) totals[dim] += points[dim];
    }
    const last = steps[steps.length - 1];
    const ending = optionOf(nodes.get(last[0]), last[1]).next;
    return {
      choices: steps.map(([n, o]) => ({ node: n, option: o })),
      options: steps.map(([, o]) => o),
      ending: ending,
      outcome: endings.get(ending).outcome,
      score: score,
      totals: totals,
    };
  }

  /** part / whole × 100, rounded half up to one decimal using integers only. */
  function percent(part, whole) {
    if (whole <= 0) return null;
    return Math.floor((2000 * part + whole) / (2 * whole)) / 10;
  }

  function localIso(date) {
    const p = (n) => String(n).padStart(2, "0");
    return date.getFullYear() + "-" + p(date.getMonth() + 1) + "-" + p(date.getDate()) +
      "T" + p(date.getHours()) + ":" + p(date.getMinutes()) + ":" + p(date.getSeconds());
  }

  class RolePlay {
    constructor(scenario) {
      if (!scenario || scenario.format !== FORMAT) {
        throw new Error("这不是编译好的角色扮演场景（format 应为 " + FORMAT + "）");
      }
      this.scenario = scenario;
      const idx = index(scenario);
      this._nodes = idx.nodes;
      this._endings = idx.endings;
      this._dist = distanceToEnd(scenario);
      this.reset();
    }

    reset() {
      this.current = this.scenario.start;
      this.transcript = [];
      this.choices = [];
      this.totals = {};
      for (const d of this.scenario.rubric) this.totals[d.name] = 0;
      this.finished = false;
      this.ending = null;
      this._enter(this.current);
    }

    get node() {
      return this.finished ? null : this._nodes.get(this.current);
    }

    get options() {
      if (this.finished) return [];
      return this._nodes.get(this.current).options.map(
        (o) => ({ id: o.id, text: o.text, skill: o.skill }));
    }

    get total() {
      let sum = 0;
      for (const dim of Object.keys(this.totals)) sum += this.totals[dim];
      return sum;
    }

    get outcome() {
      const e = this.ending;
      if (e === null) return null;
      return {
        ending: e.id, outcome: e.outcome, success: e.success, summary: e.summary,
        appointment: e.appointment, next_step: e.next_step,
      };
    }

    progress() {
      const remaining = this._dist.has(this.current) ? this._dist.get(this.current) : 0;
      return { step: this.choices.length, remaining: remaining };
    }

    _entry(role, text, extra) {
      const speakers = this.scenario.speakers;
      const entry = {
        step: this.choices.length, node: this.current, role: role,
        speaker: speakers[role === "customer" ? "customer" : role], text: text,
        option: null, skill: null, points: null, score: null, feedback: null, outcome: null,
      };
      Object.assign(entry, extra || {});
      this.transcript.push(entry);
      return entry;
    }

    _enter(target) {
      this.current = target;
      if (this._endings.has(target)) {
        const e = this._endings.get(target);
        this.finished = true;
        this.ending = e;
        if (e.narration) this._entry("narrator", e.narration);
        if (e.customer) this._entry("customer", e.customer, { speaker: e.speaker });
        this._entry("ending", e.summary, { outcome: e.outcome });
        return;
      }
      const node = this._nodes.get(target);
      if (node.narration) this._entry("narrator", node.narration);
      if (node.customer) this._entry("customer", node.customer, { speaker: node.speaker });
    }

    choose(optionId) {
      if (this.finished) throw new Error("这次对话已经结束，请点“再来一次”重新开始");
      const node = this._nodes.get(this.current);
      const opt = optionOf(node, optionId);
      if (!opt) {
        const ids = node.options.map((o) => o.id).join("、");
        throw new Error("节点“" + node.id + "”没有选项“" + optionId + "”，可选：" + ids);
      }
      const before = this.transcript.length;
      this.choices.push({ node: node.id, option: opt.id });
      for (const dim of Object.keys(opt.points)) this.totals[dim] += opt.points[dim];
      this._entry("trainee", opt.text, {
        option: opt.id, skill: opt.skill, points: Object.assign({}, opt.points),
        score: opt.score, feedback: opt.feedback,
      });
      this._enter(opt.next);
      return this.transcript.slice(before);
    }

    play(optionIds) {
      for (const oid of optionIds) this.choose(oid);
      return this;
    }

    debrief() {
      const strong = [];
      const missed = [];
      this.choices.forEach((choice, i) => {
        const step = i + 1;
        const node = this._nodes.get(choice.node);
        const opt = optionOf(node, choice.option);
        const top = Math.max.apply(null, node.options.map((o) => o.score));
        const best = node.options.find((o) => o.score === top);
        const move = {
          step: step, node: node.id, option: opt.id, text: opt.text,
          skill: opt.skill, score: opt.score, feedback: opt.feedback,
        };
        if (opt.score === top && top > 0) {
          strong.push(move);
        } else if (opt.score < top) {
          missed.push(Object.assign({}, move, {
            best_option: best.id, best_text: best.text, best_skill: best.skill,
            best_score: top, best_feedback: best.feedback,
          }));
        }
      });
      const path = bestPath(this.scenario);
      const bestScore = path ? path.score : 0;
      return {
        total: this.total, totals: Object.assign({}, this.totals), finished: this.finished,
        outcome: this.outcome, strong_moves: strong, missed: missed, best_path: path,
        percent_of_best: percent(this.total, bestScore),
      };
    }

    record(learner, exportedAt) {
      return {
        format: ATTEMPT_FORMAT,
        scenario: { id: this.scenario.id, title: this.scenario.title },
        learner: learner || "",
        exported_at: exportedAt || localIso(new Date()),
        choices: this.choices.map((c) => Object.assign({}, c)),
        finished: this.finished, outcome: this.outcome,
        totals: Object.assign({}, this.totals), total: this.total,
        transcript: this.transcript.map((e) => Object.assign({}, e)),
        debrief: this.debrief(),
      };
    }

    exportJSON(learner, exportedAt) {
      return JSON.stringify(this.record(learner, exportedAt), null, 2) + "\n";
    }

    csvRows(learner) {
      learner = learner || "";
      const dims = this.scenario.rubric.map((d) => d.name);
      const title = this.scenario.title;
      const rows = [["学员", "场景", "序号", "轮次", "节点", "角色", "说话人", "内容",
        "选项", "技能"].concat(dims, ["本步得分", "点评", "结局类型"])];
      this.transcript.forEach((e, i) => {
        const points = e.points ? dims.map((d) => e.points[d]) : dims.map(() => "");
        rows.push([learner, title, i + 1, e.step, e.node, ROLE_LABELS[e.role], e.speaker,
          e.text, e.option || "", e.skill || ""].concat(points,
          [e.score === null ? "" : e.score, e.feedback || "", e.outcome || ""]));
      });
      const path = bestPath(this.scenario);
      const best = path ? path.score : 0;
      let note = "最佳路径 " + best + " 分";
      if (best > 0) note += "，本次为最佳路径的 " + percentText(this.total, best) + "%";
      rows.push([learner, title, "合计", this.choices.length, "", "", "", note, "", ""].concat(
        dims.map((d) => this.totals[d]),
        [this.total, "", this.ending ? this.ending.outcome : "未完成"]));
      return rows;
    }

    /** CSV text with a UTF-8 BOM, so Excel shows the Chinese. */
    exportCSV(learner) {
      return "\ufeff" + csvText(this.csvRows(learner));
    }
  }

  // ------------------------------------------------------------------ page

  function pointsText(points) {
    return Object.keys(points).filter((d) => points[d] > 0)
      .map((d) => d + " +" + points[d]).join("，") || "本步不得分";
  }

  function header(s) {
    const p = s.persona;
    return h("header", { class: "crp-head" }, [
      h("div", { class: "crp-title", text: s.title }),
      s.summary ? h("p", { class: "crp-summary", text: s.summary }) : null,
      h("dl", { class: "crp-persona" }, [
        h("dt", { text: "客户" }),
        h("dd", { text: [p.name, p.role, p.company, p.industry].join("｜") }),
        h("dt", { text: "情绪" }), h("dd", { text: p.mood }),
        h("dt", { text: "反应模式" }),
        h("dd", { text: p.response_mode + "：" + p.response_mode_note }),
        s.trainee ? h("dt", { text: "你的身份" }) : null,
        s.trainee ? h("dd", { text: s.trainee }) : null,
        h("dt", { text: "练习目标" }), h("dd", { text: s.goal }),
      ]),
    ]);
  }

  function message(entry) {
    const li = h("li", { class: "crp-msg crp-" + entry.role }, [
      h("div", { class: "crp-speaker", text: entry.speaker }),
      h("div", { class: "crp-text", text: entry.text }),
    ]);
    if (entry.role === "trainee") {
      li.appendChild(h("div", { class: "crp-meta" }, [
        h("span", { class: "crp-skill", text: entry.skill }),
        h("span", { class: "crp-points", text: pointsText(entry.points) }),
      ]));
      li.appendChild(h("div", { class: "crp-feedback", text: "点评：" + entry.feedback }));
    }
    if (entry.role === "ending") {
      li.insertBefore(h("div", { class: "crp-outcome", text: entry.outcome }), li.lastChild);
    }
    return li;
  }

  function bars(play, debrief) {
    const best = debrief.best_path ? debrief.best_path.totals : {};
    const rows = play.scenario.rubric.map((d) => {
      const mine = debrief.totals[d.name];
      const top = best[d.name] || 0;
      const scale = Math.max(mine, top, 1);
      return h("div", { class: "crp-dim" }, [
        h("div", { class: "crp-dim-name", text: d.name, title: d.description || "" }),
        h("div", { class: "crp-bars" }, [
          h("div", { class: "crp-bar crp-bar-mine", style: "width:" + (100 * mine / scale) + "%" }),
          h("span", { class: "crp-bar-label", text: "本次 " + mine }),
          h("div", { class: "crp-bar crp-bar-best", style: "width:" + (100 * top / scale) + "%" }),
          h("span", { class: "crp-bar-label", text: "最佳路径 " + top }),
        ]),
      ]);
    });
    return h("div", { class: "crp-dims" }, rows);
  }

  function result(play) {
    const d = play.debrief();
    const o = d.outcome;
    const best = d.best_path;
    const parts = [];
    const banner = h("div", { class: "crp-banner " + (o.success ? "crp-success" : "crp-fail") }, [
      h("strong", { text: "结局：" + o.outcome }), " " + o.summary,
    ]);
    if (o.appointment) {
      banner.appendChild(h("div", { class: "crp-appointment",
        text: "时间：" + o.appointment.time + "；地点：" + o.appointment.place +
          "；联系人：" + o.appointment.contact }));
    }
    if (o.next_step) banner.appendChild(h("div", { text: "下一步：" + o.next_step }));
    parts.push(banner);
    const score = h("p", { class: "crp-score" }, [
      "本次得分 ", h("span", { class: "crp-total", "data-total": String(d.total),
        text: String(d.total) }), " 分",
    ]);
    if (best) {
      score.appendChild(document.createTextNode("；最佳路径 " + best.score + " 分"));
      if (best.score > 0) {
        score.appendChild(document.createTextNode(
          "，本次达到最佳路径的 " + percentText(d.total, best.score) + "%"));
      }
    }
    parts.push(score, bars(play, d));
    const list = (title, items, render) => items.length ? h("div", { class: "crp-list" }, [
      h("h4", { text: title }), h("ol", {}, items.map(render))]) : null;
    parts.push(list("做得好的地方", d.strong_moves, (m) => h("li", {
      text: "第 " + m.step + " 步［" + m.skill + "］" + m.text + " —— " + m.feedback })));
    parts.push(list("错过的机会", d.missed, (m) => h("li", {}, [
      h("div", { text: "第 " + m.step + " 步你选了：" + m.text + "（" + m.score + " 分）" }),
      h("div", { class: "crp-better", text: "更好的说法［" + m.best_skill + "］：" +
        m.best_text + "（" + m.best_score + " 分）—— " + m.best_feedback }),
    ])));
    if (best) {
      const steps = best.choices.map((c) => {
        const node = play._nodes.get(c.node);
        const opt = optionOf(node, c.option);
        return { who: node.customer || node.narration, opt: opt };
      });
      parts.push(list("最佳路径（" + best.score + " 分，结局：" + best.outcome + "）", steps,
        (st) => h("li", {}, [
          h("div", { class: "crp-best-cue", text: st.who }),
          h("div", { text: "［" + st.opt.skill + "］" + st.opt.text }),
        ])));
    }
    return h("section", { class: "crp-result" }, parts);
  }

  function mount(root, scenario) {
    const play = new RolePlay(scenario);
    root.classList.add("crp");
    root.dataset.scenarioId = scenario.id;

    function render() {
      root.textContent = "";
      root.dataset.state = play.finished ? "finished" : "playing";
      root.appendChild(header(scenario));
      const pr = play.progress();
      const done = play.finished ? 1 : pr.step / (pr.step + pr.remaining);
      root.appendChild(h("div", { class: "crp-progress", role: "progressbar",
        "aria-label": "练习进度", "aria-valuemin": "0", "aria-valuemax": "100",
        "aria-valuenow": String(Math.round(100 * done)) }, [
        h("div", { class: "crp-progress-bar", style: "width:" + (100 * done) + "%" })]));
      root.appendChild(h("div", { class: "crp-progress-text", text: play.finished
        ? "已完成，共 " + pr.step + " 轮"
        : "第 " + (pr.step + 1) + " 轮 · 至少还要 " + pr.remaining + " 轮才到结局" }));
      root.appendChild(h("ol", { class: "crp-transcript", "aria-live": "polite" },
        play.transcript.map(message)));
      if (!play.finished) {
        root.appendChild(h("div", { class: "crp-options" }, play.options.map((o, i) =>
          h("button", { type: "button", class: "crp-option", "data-option": o.id,
            onclick: () => { play.choose(o.id); render(); } },
          [String.fromCharCode(65 + i) + ". " + o.text]))));
      } else {
        root.appendChild(result(play));
      }
      const actions = [h("button", { type: "button", class: "crp-restart",
        onclick: () => { play.reset(); render(); } }, ["再来一次"])];
      if (play.choices.length) {
        actions.push(
          h("button", { type: "button", class: "crp-export-json", onclick: () => download(root,
            scenario.id + "-练习记录.json", play.exportJSON(), "application/json") },
          ["下载记录（JSON）"]),
          h("button", { type: "button", class: "crp-export-csv", onclick: () => download(root,
            scenario.id + "-练习记录.csv", play.exportCSV(), "text/csv;charset=utf-8") },
          ["下载记录（CSV）"]));
      }
      root.appendChild(h("div", { class: "crp-actions" }, actions));
    }

    render();
    root.crmkitRoleplay = play;
    return play;
  }

  /** Test and demo hook: #crmkit-roleplay-autoplay=<id>:a,b,c clicks those buttons. */
  function autoplay(root) {
    const match = /crmkit-roleplay-autoplay=([^&]+)/.exec(window.location.hash || "");
    if (!match) return;
    const [id, path] = decodeURIComponent(match[1]).split(":");
    if (id !== root.dataset.scenarioId || !path) return;
    for (const oid of path.split(",")) {
      const button = Array.from(root.querySelectorAll("button.crp-option"))
        .find((b) => b.getAttribute("data-option") === oid);
      if (!button) break;
      button.click();
    }
  }

  // Where this script was loaded from: compiled scenarios sit next to it (_static/roleplay/).
  const SCRIPT_BASE = common.scriptBase();

  function autoMount() {
    common.autoMount({
      selector: "div.crmkit-roleplay", flag: "crpMounted", urlAttr: "data-scenario",
      idKey: "scenarioId", global: "CrmkitRoleplayData", base: SCRIPT_BASE,
      noun: "场景文件", what: "角色扮演场景", errorClass: "crp-error",
      mount: (el, scenario) => { mount(el, scenario); autoplay(el); },
    });
  }

  return {
    FORMAT, ATTEMPT_FORMAT, RolePlay, bestPath, distanceToEnd, percent, percentText, csvText,
    mount, autoMount,
  };
});
