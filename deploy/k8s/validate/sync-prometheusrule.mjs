// Writes deploy/k8s/prometheusrule.yaml from deploy/prometheus/rules/superadmin-monitor.rules.yml: the
// rules file's groups, re-indented under spec.groups with its comments and block scalars as they are,
// and YAML anchors expanded (`key: &name` blocks and `key: *name` aliases). Then it checks that both
// files parse to the same groups.
//
//   node deploy/k8s/validate/sync-prometheusrule.mjs           rewrite prometheusrule.yaml
//   node deploy/k8s/validate/sync-prometheusrule.mjs --check   exit 1 if it is out of date
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";

import * as yaml from "js-yaml";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const rulesPath = join(root, "deploy/prometheus/rules/superadmin-monitor.rules.yml");
const rulePath = join(root, "deploy/k8s/prometheusrule.yaml");

const HEADER = `# The alert rules of deploy/prometheus/rules/superadmin-monitor.rules.yml for the Prometheus Operator.
# spec.groups is that file's groups, with its YAML anchors expanded (kustomize and some tools do not
# keep aliases). Do not edit: change the rules file, then run
#   node deploy/k8s/validate/sync-prometheusrule.mjs
# (DeployManifestsTest compares the parsed structures).
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: superadmin-monitor
  namespace: monitoring
  labels:
    app.kubernetes.io/name: superadmin-monitor
    # The Prometheus resource's ruleSelector must match these labels (kube-prometheus-stack matches
    # release: <its release name> by default).
spec:
  groups:
`;

const indentOf = (line) => line.length - line.trimStart().length;

function generate(rulesText) {
  const lines = rulesText.split("\n");
  const start = lines.indexOf("groups:");
  if (start < 0) throw new Error(`${rulesPath}: no top-level "groups:" line`);
  const body = lines.slice(start + 1);
  const anchors = new Map();
  const out = [];
  // The lines after `at` that belong to the block of a key indented by `indent` (blank lines inside it too).
  const blockAfter = (at, indent) => {
    let end = at + 1;
    for (let j = at + 1; j < body.length; j++) {
      if (body[j].trim() === "") continue;
      if (indentOf(body[j]) <= indent) break;
      end = j + 1;
    }
    return body.slice(at + 1, end);
  };
  for (let i = 0; i < body.length; i++) {
    const line = body[i];
    const anchor = /^(\s*)([\w.-]+): &([\w-]+)\s*$/.exec(line);
    const alias = /^(\s*)([\w.-]+): \*([\w-]+)\s*$/.exec(line);
    if (anchor) {
      const block = blockAfter(i, anchor[1].length);
      anchors.set(anchor[3], { indent: anchor[1].length, block });
      out.push(`${anchor[1]}${anchor[2]}:`, ...block);
      i += block.length;
    } else if (alias) {
      const target = anchors.get(alias[3]);
      if (!target) throw new Error(`${rulesPath}: alias *${alias[3]} before its anchor`);
      const shift = alias[1].length - target.indent;
      const reindent = (l) => (l.trim() === "" ? l : shift >= 0 ? " ".repeat(shift) + l : l.slice(-shift));
      out.push(`${alias[1]}${alias[2]}:`, ...target.block.map(reindent));
    } else {
      out.push(line);
    }
  }
  while (out.length > 0 && out[out.length - 1].trim() === "") out.pop();
  return HEADER + out.map((l) => (l.trim() === "" ? "" : "  " + l)).join("\n") + "\n";
}

const rulesText = readFileSync(rulesPath, "utf8");
const expected = yaml.load(rulesText).groups;
if (process.argv.includes("--check")) {
  const actual = yaml.load(readFileSync(rulePath, "utf8"))?.spec?.groups;
  if (!isDeepStrictEqual(actual, expected)) {
    console.error("FAIL deploy/k8s/prometheusrule.yaml differs from the rules file: run node deploy/k8s/validate/sync-prometheusrule.mjs");
    process.exit(1);
  }
  console.log("ok deploy/k8s/prometheusrule.yaml matches the rules file");
} else {
  const text = generate(rulesText);
  const generated = yaml.load(text);
  if (generated.kind !== "PrometheusRule" || !isDeepStrictEqual(generated.spec.groups, expected)) {
    console.error("FAIL the generated groups differ from the rules file (anchors in a form this script does not expand?)");
    process.exit(1);
  }
  writeFileSync(rulePath, text);
  console.log(`wrote deploy/k8s/prometheusrule.yaml (${expected.length} groups, ${expected.flatMap((g) => g.rules).length} rules)`);
}
