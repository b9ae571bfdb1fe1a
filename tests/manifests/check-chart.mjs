// Checks the Helm chart without a helm binary: values.yaml against values.schema.json (JSON Schema draft-07), every
// .Values path the templates use exists in values.yaml, and prints the kind and name of every object the templates
// describe (the name's helper resolved to its default, "hpo") as JSON, for comparison with the kustomize overlay.
// Usage: node check-chart.mjs CHART_DIR. Exits 1 on a problem.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import Ajv from 'ajv';

const chart = process.argv[2];
const problems = [];
const values = parse(readFileSync(join(chart, 'values.yaml'), 'utf8'));
const schema = JSON.parse(readFileSync(join(chart, 'values.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);
if (!validate(values)) for (const e of validate.errors) problems.push(`values.yaml${e.instancePath}: ${e.message}`);

const objects = [];
const templates = join(chart, 'templates');
for (const file of readdirSync(templates).sort()) {
  const text = readFileSync(join(templates, file), 'utf8');
  for (const m of text.matchAll(/\.Values((?:\.[A-Za-z0-9_]+)+)/g)) {
    let node = values;
    for (const key of m[1].slice(1).split('.')) {
      if (node === null || typeof node !== 'object' || !(key in node)) { problems.push(`${file}: .Values${m[1]} is not in values.yaml`); break; }
      node = node[key];
    }
  }
  if (!file.endsWith('.yaml')) continue;
  for (const doc of text.split(/^---$/m)) {
    const kind = /^kind: (\S+)$/m.exec(doc)?.[1];
    const name = /^metadata:\n(?:  .*\n)*?  name: (.+)$/m.exec(doc)?.[1];
    if (!kind) continue;
    if (!name) { problems.push(`${file}: ${kind} without metadata.name`); continue; }
    objects.push({ kind, name: name.replaceAll('{{ include "hpo.name" . }}', 'hpo').trim(), file });
  }
}
for (const p of problems) console.error(`problem: ${p}`);
console.log(JSON.stringify({ objects, problems: problems.length }));
process.exit(problems.length ? 1 : 0);
