#!/usr/bin/env node
/*
 * Play fixed answer sequences through the drill player's engine and print the results as JSON.
 *
 *   node tests/js/drill_conformance.js DRILL.json ANSWERS.json
 *
 * ANSWERS.json is a list of {"answers": [choice keys], "learner": "..."}. For each
 * sequence the keys are answered in order (answer, then 下一题); the output holds what
 * tests/unit/test_drill_web.py compares with crmkit.roleplay.drill_web: the records,
 * the tally, the summary and the CSV text. A key the current question does not offer
 * (or one left over after the last question) stops play and is reported as "error".
 */
"use strict";

const fs = require("fs");
const path = require("path");
const drill = require(path.join(__dirname, "..", "..", "crmkit", "roleplay", "player", "drill.js"));

function playOne(data, spec) {
  const engine = new drill.Drill(data);
  const tallies = [engine.tally()];
  let error = null;
  for (const key of spec.answers) {
    try {
      engine.answer(key);
    } catch (err) {
      error = err.message;
      break;
    }
    engine.next();
    tallies.push(engine.tally());
  }
  return {
    answers: spec.answers,
    error: error,
    records: engine.records,
    finished: engine.finished,
    tallies: tallies,
    summary: engine.summary(),
    csv: engine.exportCSV(spec.learner),
  };
}

function main(argv) {
  if (argv.length !== 2) {
    process.stderr.write("usage: node tests/js/drill_conformance.js DRILL.json ANSWERS.json\n");
    return 2;
  }
  const data = JSON.parse(fs.readFileSync(argv[0], "utf8"));
  const specs = JSON.parse(fs.readFileSync(argv[1], "utf8"));
  process.stdout.write(JSON.stringify(specs.map((spec) => playOne(data, spec))) + "\n");
  return 0;
}

process.exitCode = main(process.argv.slice(2));
