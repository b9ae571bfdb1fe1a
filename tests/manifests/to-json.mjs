// Prints the YAML documents on stdin (rendered manifests) as one JSON array, each object with its types as YAML
// gives them, for the tests to compare with System.Text.Json. Exits 1 on a document that does not parse.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const objects = [];
for (const doc of parseAllDocuments(readFileSync(0, 'utf8'))) {
  if (doc.errors.length) { console.error(doc.errors.map(e => e.message).join('; ')); process.exit(1); }
  const obj = doc.toJS();
  if (obj) objects.push(obj);
}
console.log(JSON.stringify(objects));
