#!/usr/bin/env node
/*
 * Run calls of the page's quiz script (crmkit/selfcheck/static/quiz.js) and print the results.
 *
 *   node tests/js/quiz_judge.js < CALLS.json
 *
 * CALLS.json is a list of {"fn": name, "args": [...]}, e.g.
 * {"fn": "judge", "args": [spec, "13.8"]} with spec = Item.static_spec(). The output is
 * the JSON list of return values, in order. All calls run in this one process, so
 * tests/unit/test_quiz_equivalence.py starts node once for every item and answer.
 */
"use strict";

const fs = require("fs");
const path = require("path");
const quiz = require(path.join(__dirname, "..", "..", "crmkit", "selfcheck", "static", "quiz.js"));

const calls = JSON.parse(fs.readFileSync(0, "utf8"));
const results = calls.map(function (call) {
  if (typeof quiz[call.fn] !== "function") {
    throw new Error("quiz.js exports no function " + call.fn);
  }
  return quiz[call.fn].apply(null, call.args);
});
process.stdout.write(JSON.stringify(results));
