// Prints the YAML documents of one file as a JSON array (anchors and aliases resolved), for tools
// without a YAML parser: DeployManifestsTest compares the PrometheusRule with the rules file this way.
//
//   node deploy/k8s/validate/yaml-to-json.mjs deploy/prometheus/rules/superadmin-monitor.rules.yml
import { readFileSync } from "node:fs";
import * as yaml from "js-yaml";

if (process.argv.length !== 3) {
  console.error("usage: node yaml-to-json.mjs FILE.yaml");
  process.exit(2);
}
const docs = yaml.loadAll(readFileSync(process.argv[2], "utf8")).filter((doc) => doc !== null && doc !== undefined);
process.stdout.write(JSON.stringify(docs) + "\n");
