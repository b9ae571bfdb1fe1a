// Validates rendered Kubernetes manifests (YAML documents on stdin or in the files given) against the API schemas:
// kubernetes-models checks types and required fields; since it accepts unknown fields (a misspelt imagePullPolcy
// passes), each object is also walked against the field lists of @kubernetes/client-node's generated models.
// Prints one line per problem and a summary; exits 1 when there is any problem. Kinds outside the core API
// (a PodMonitor, a ScaledObject) are named as not checked.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import * as models from '@kubernetes/client-node/dist/gen/models/all.js';

const sources = process.argv.slice(2);
const texts = sources.length ? sources.map(f => [f, readFileSync(f, 'utf8')]) : [['stdin', readFileSync(0, 'utf8')]];
const problems = [];
const unchecked = [];
let checked = 0;

const capitalize = s => s.charAt(0).toUpperCase() + s.slice(1);

function typeName(apiVersion, kind) {
  const version = apiVersion.includes('/') ? apiVersion.split('/')[1] : apiVersion;
  return capitalize(version) + kind;
}

function walk(value, type, path, where) {
  if (value === null || value === undefined) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) { problems.push(`${where}: ${path} should be a list`); return; }
    value.forEach((item, i) => walk(item, array[1], `${path}[${i}]`, where));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, map[1], `${path}.${k}`, where);
    return;
  }
  const model = models[type];
  if (!model || typeof model.getAttributeTypeMap !== 'function') return; // a primitive, IntOrString, a free-form object
  if (typeof value !== 'object' || Array.isArray(value)) { problems.push(`${where}: ${path} should be an object (${type})`); return; }
  const fields = new Map(model.getAttributeTypeMap().map(a => [a.baseName, a.type]));
  for (const [key, child] of Object.entries(value)) {
    if (!fields.has(key)) { problems.push(`${where}: ${path ? path + '.' : ''}${key} is not a field of ${type}`); continue; }
    walk(child, fields.get(key), `${path ? path + '.' : ''}${key}`, where);
  }
}

for (const [source, text] of texts) {
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) { problems.push(`${source}: ${doc.errors.map(e => e.message).join('; ')}`); continue; }
    const obj = doc.toJS();
    if (!obj) continue;
    const where = `${source}: ${obj.kind}/${obj.metadata?.name ?? '?'}`;
    // kustomize wraps long base64 values; the API server's decoder skips the line breaks.
    if (obj.kind === 'Secret' && obj.data) for (const k of Object.keys(obj.data)) obj.data[k] = String(obj.data[k]).replace(/\s+/g, '');
    if (!obj.apiVersion || !obj.kind) { problems.push(`${where}: no apiVersion or kind`); continue; }
    const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : [null, obj.apiVersion];
    const type = typeName(obj.apiVersion, obj.kind);
    let module;
    try {
      module = await import(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`);
    } catch {
      unchecked.push(`${obj.apiVersion} ${obj.kind}/${obj.metadata?.name}`);
      continue;
    }
    const Model = module[obj.kind];
    if (!Model || !models[type]) { unchecked.push(`${obj.apiVersion} ${obj.kind}/${obj.metadata?.name}`); continue; }
    try {
      new Model(obj).validate();
    } catch (e) {
      const details = e.errors ? e.errors.map(x => `${x.instancePath || '/'} ${x.message}`).join('; ') : e.message;
      problems.push(`${where}: ${details}`);
    }
    walk(obj, type, '', where);
    checked++;
  }
}

for (const p of problems) console.log(`problem: ${p}`);
for (const u of unchecked) console.log(`not checked (no schema here): ${u}`);
console.log(`${checked} objects checked, ${problems.length} problems, ${unchecked.length} not checked`);
process.exit(problems.length ? 1 : 0);
