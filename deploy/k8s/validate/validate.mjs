// Validates every *.yaml in deploy/k8s (or in the folder given as the first argument) against the
// Kubernetes and prometheus-operator OpenAPI schemas of kubernetes-models: one line per object,
// exit 1 on the first object that fails, on a kind it has no model for, or on a file that does not parse.
// Like `kubectl --validate=strict`, a field the schema does not know (a misspelling) fails too: the
// OpenAPI schemas allow unknown fields, so the strict pass watches which fields the schema's validator
// reads and rejects any other (see unknownFields).
//
//   npm ci --prefix deploy/k8s/validate && node deploy/k8s/validate/validate.mjs
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import * as yaml from "js-yaml";
import * as coreV1 from "kubernetes-models/v1";
import * as appsV1 from "kubernetes-models/apps/v1";
import * as batchV1 from "kubernetes-models/batch/v1";
import * as networkingV1 from "kubernetes-models/networking.k8s.io/v1";
import * as policyV1 from "kubernetes-models/policy/v1";
import * as rbacV1 from "kubernetes-models/rbac.authorization.k8s.io/v1";
import * as autoscalingV2 from "kubernetes-models/autoscaling/v2";
import * as monitoringV1 from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";

const here = dirname(fileURLToPath(import.meta.url));
const dir = resolve(process.argv[2] ?? join(here, ".."));

// "apiVersion/kind" -> model class, from every exported class that declares both.
const models = new Map();
for (const module of [coreV1, appsV1, batchV1, networkingV1, policyV1, rbacV1, autoscalingV2, monitoringV1]) {
  for (const value of Object.values(module)) {
    if (typeof value === "function" && typeof value.apiVersion === "string" && typeof value.kind === "string") {
      models.set(`${value.apiVersion}/${value.kind}`, value);
    }
  }
}

// The fields of `data` that the model's compiled schema validator never looks at. The validator reads
// every property its schema declares (also the absent ones) and enumerates the keys of maps (labels,
// annotations, resources.limits), so a key it never read is unknown to the schema. An object it read
// nothing of is free-form (x-kubernetes-preserve-unknown-fields) and is left alone.
function unknownFields(Model, data) {
  const records = [];
  const track = (value, path) => {
    if (value === null || typeof value !== "object") return value;
    const record = { value, path, reads: new Set(), enumerated: false, children: new Map() };
    records.push(record);
    const child = (key) => {
      if (!record.children.has(key)) record.children.set(key, track(value[key], `${path}/${key}`));
      return record.children.get(key);
    };
    return new Proxy(value, {
      get(target, key) {
        if (typeof key !== "string" || !Object.hasOwn(target, key)) {
          if (typeof key === "string") record.reads.add(key);
          return Reflect.get(target, key);
        }
        record.reads.add(key);
        return child(key);
      },
      has(target, key) {
        if (typeof key === "string") record.reads.add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        record.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
  };
  Model.prototype.validate.call(track(JSON.parse(JSON.stringify(data)), ""));
  return records
    .filter((r) => !Array.isArray(r.value) && !r.enumerated && r.reads.size > 0)
    .flatMap((r) => Object.keys(r.value).filter((key) => !r.reads.has(key)).map((key) => `${r.path}/${key}`));
}

function fail(message) {
  console.error(`FAIL ${message}`);
  process.exit(1);
}

function describe(error) {
  // kubernetes-models throws an error whose `errors` are Ajv's: name the path of each.
  if (Array.isArray(error?.errors) && error.errors.length > 0) {
    return error.errors
      .map((e) => `${e.instancePath || "/"} ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}`)
      .join("; ");
  }
  return String(error?.message ?? error);
}

// A Kustomization is no API object: check that it lists existing files, every manifest of the
// folder, and no example.
function checkKustomization(doc, file) {
  const resources = doc.resources ?? [];
  if (!Array.isArray(resources) || resources.length === 0) fail(`${file}: Kustomization lists no resources`);
  for (const resource of resources) {
    if (typeof resource !== "string" || !existsSync(join(dir, resource))) fail(`${file}: resource ${resource} does not exist`);
    if (/\.example\.ya?ml$/.test(resource)) fail(`${file}: lists the example ${resource}`);
  }
  const manifests = yamlFiles().filter((f) => f !== basename(file) && !/\.example\.ya?ml$/.test(f));
  const missing = manifests.filter((f) => !resources.includes(f));
  if (missing.length > 0) fail(`${file}: does not list ${missing.join(", ")}`);
  console.log(`ok Kustomization ${relative(process.cwd(), join(dir, basename(file))) || file} (${resources.length} resources)`);
}

function yamlFiles() {
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
}

const files = yamlFiles();
if (files.length === 0) fail(`no *.yaml in ${dir}`);

const objects = [];
for (const file of files) {
  let docs;
  try {
    docs = yaml.loadAll(readFileSync(join(dir, file), "utf8"));
  } catch (error) {
    fail(`${file}: ${error.message}`);
  }
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue; // an empty document, e.g. after a trailing ---
    if (typeof doc !== "object" || Array.isArray(doc)) fail(`${file}: a document is not a mapping`);
    const { apiVersion, kind } = doc;
    const name = doc.metadata?.namespace ? `${doc.metadata.namespace}/${doc.metadata?.name}` : doc.metadata?.name;
    if (apiVersion === "kustomize.config.k8s.io/v1beta1" && kind === "Kustomization") {
      checkKustomization(doc, file);
      continue;
    }
    const Model = models.get(`${apiVersion}/${kind}`);
    if (!Model) fail(`${file}: unknown kind ${kind} (apiVersion ${apiVersion}): no model to validate it with`);
    if (!doc.metadata?.name) fail(`${file}: ${kind} has no metadata.name`);
    try {
      new Model(doc).validate();
    } catch (error) {
      fail(`${kind} ${name} (${file}): ${describe(error)}`);
    }
    const unknown = unknownFields(Model, doc);
    if (unknown.length > 0) fail(`${kind} ${name} (${file}): unknown field ${unknown.join(", ")}`);
    objects.push(doc);
    console.log(`ok ${kind} ${name}`);
  }
}

// Cross-references the schemas cannot see: the Service selects the Deployment's pods and names a
// port they have; the ServiceMonitor selects the Service and scrapes one of its ports; a workload's
// selector matches its own pods and a PodDisruptionBudget's some workload's.
const find = (kind) => objects.filter((o) => o.kind === kind);
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
for (const service of find("Service")) {
  const pods = find("Deployment").filter((d) => matches(service.spec?.selector, d.spec?.template?.metadata?.labels));
  if (pods.length === 0) fail(`Service ${service.metadata.name}: its selector matches no Deployment's pods`);
  const portNames = pods.flatMap((d) => d.spec.template.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => p.name)));
  for (const port of service.spec.ports ?? []) {
    if (typeof port.targetPort === "string" && !portNames.includes(port.targetPort)) {
      fail(`Service ${service.metadata.name}: targetPort ${port.targetPort} is no container port`);
    }
  }
}
for (const monitor of find("ServiceMonitor")) {
  const services = find("Service").filter((s) => matches(monitor.spec?.selector?.matchLabels, s.metadata?.labels));
  if (services.length === 0) fail(`ServiceMonitor ${monitor.metadata.name}: its selector matches no Service`);
  for (const endpoint of monitor.spec.endpoints ?? []) {
    if (endpoint.port && !services.some((s) => s.spec.ports.some((p) => p.name === endpoint.port))) {
      fail(`ServiceMonitor ${monitor.metadata.name}: port ${endpoint.port} is on no selected Service`);
    }
  }
}
for (const workload of [...find("Deployment"), ...find("StatefulSet")]) {
  if (!matches(workload.spec.selector?.matchLabels, workload.spec.template?.metadata?.labels)) {
    fail(`${workload.kind} ${workload.metadata.name}: spec.selector does not match the pod template's labels`);
  }
}
for (const budget of find("PodDisruptionBudget")) {
  const workloads = [...find("Deployment"), ...find("StatefulSet")];
  if (!workloads.some((w) => matches(budget.spec?.selector?.matchLabels, w.spec?.template?.metadata?.labels))) {
    fail(`PodDisruptionBudget ${budget.metadata.name}: its selector matches no workload's pods`);
  }
}
console.log(`${objects.length} objects valid`);
