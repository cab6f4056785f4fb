#!/usr/bin/env node
/*
 * Play fixed paths through the JavaScript player's engine and print the results as JSON.
 *
 *   node tests/js/conformance.js SCENARIO.json PATHS.json [SCENARIO.json PATHS.json …]
 *
 * One result per pair, in a JSON list (one node process for every scenario the test
 * compares). PATHS.json is a list of {"choices": [option ids], "learner": "...", "exported_at": "..."}.
 * For each path the output holds what tests/unit/test_roleplay_conformance.py
 * compares with the Python engine: transcript, totals, progress after every
 * choice, outcome, debrief, the exported JSON record and CSV text. A choice the
 * scenario does not offer is reported as {"error": message} at that point.
 */
"use strict";

const fs = require("fs");
const path = require("path");
const player = require(path.join(__dirname, "..", "..", "crmkit", "roleplay", "player", "player.js"));

function playOne(scenario, spec) {
  const play = new player.RolePlay(scenario);
  const progress = [play.progress()];
  let error = null;
  for (const oid of spec.choices) {
    try {
      play.choose(oid);
    } catch (err) {
      error = err.message;
      break;
    }
    progress.push(play.progress());
  }
  return {
    choices: spec.choices,
    error: error,
    transcript: play.transcript,
    totals: play.totals,
    total: play.total,
    finished: play.finished,
    outcome: play.outcome,
    options: play.options,
    progress: progress,
    debrief: play.debrief(),
    record: JSON.parse(play.exportJSON(spec.learner, spec.exported_at)),
    csv: play.exportCSV(spec.learner),
  };
}

function main(argv) {
  if (argv.length === 0 || argv.length % 2 !== 0) {
    process.stderr.write(
      "usage: node tests/js/conformance.js SCENARIO.json PATHS.json [SCENARIO.json PATHS.json ...]\n");
    return 2;
  }
  const out = [];
  for (let i = 0; i < argv.length; i += 2) {
    const scenario = JSON.parse(fs.readFileSync(argv[i], "utf8"));
    const paths = JSON.parse(fs.readFileSync(argv[i + 1], "utf8"));
    out.push({
      best_path: player.bestPath(scenario),
      results: paths.map((spec) => playOne(scenario, spec)),
    });
  }
  process.stdout.write(JSON.stringify(out) + "\n");
  return 0;
}

process.exitCode = main(process.argv.slice(2));
