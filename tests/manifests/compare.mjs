// Compares two renderings of the same deployment field by field: `kubectl kustomize` of an overlay (first file) and
// `helm template` of the chart (second file). Objects are matched by kind, namespace and name; lists of named items
// (containers, env, ports, volumes, ...) by name, so that their order does not matter, and a name twice in one list
// (an environment variable set twice) is a difference of its own. Secret data is compared decoded.
// The differences the chart is allowed (ALLOWED, also listed in docs/kubernetes.md) are counted, not reported.
// Prints one line per difference and a summary; exits 1 when there is any.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const ALLOWED = [
  // helm install --create-namespace (or the operator) makes the namespace; the overlays carry it as an object.
  { what: 'object only in the overlay', kind: 'Namespace' },
  // Helm's own labels, on the objects (not on pods: a chart upgrade would restart them).
  { what: 'label only in the chart', path: /^metadata\.labels\.(app\.kubernetes\.io\/managed-by|helm\.sh\/chart)$/ },
];

function load(file) {
  const objects = new Map();
  const problems = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (doc.errors.length) { problems.push(`${file}: ${doc.errors.map(e => e.message).join('; ')}`); continue; }
    const obj = doc.toJS();
    if (!obj) continue;
    if (obj.kind === 'Secret' && obj.data)
      obj.data = Object.fromEntries(Object.entries(obj.data).map(([k, v]) => [k, Buffer.from(String(v).replace(/\s+/g, ''), 'base64').toString('utf8')]));
    const key = `${obj.kind}/${obj.metadata?.namespace ?? '-'}/${obj.metadata?.name}`;
    if (objects.has(key)) problems.push(`${file}: ${key} twice`);
    objects.set(key, obj);
  }
  return { objects, problems };
}

const named = list => list.length > 0 && list.every(x => x && typeof x === 'object' && !Array.isArray(x) && typeof x.name === 'string');

function byName(list, path, side, differences) {
  const map = new Map();
  for (const item of list) {
    if (map.has(item.name)) differences.push({ path: `${path}[${item.name}]`, twice: side });
    map.set(item.name, item);
  }
  return map;
}

function diff(a, b, path, differences) {
  if (Array.isArray(a) && Array.isArray(b) && (named(a) || named(b))) {
    const left = byName(a, path, 'overlay', differences), right = byName(b, path, 'chart', differences);
    for (const name of new Set([...left.keys(), ...right.keys()])) diff(left.get(name), right.get(name), `${path}[${name}]`, differences);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) diff(a[i], b[i], `${path}[${i}]`, differences);
    return;
  }
  const isObject = x => x !== null && typeof x === 'object' && !Array.isArray(x);
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) diff(a[key], b[key], path ? `${path}.${key}` : key, differences);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) differences.push({ path, overlay: a, chart: b });
}

const [overlayFile, chartFile] = process.argv.slice(2);
const overlay = load(overlayFile), chart = load(chartFile);
const reported = [...overlay.problems, ...chart.problems];
let allowed = 0, compared = 0;
for (const key of new Set([...overlay.objects.keys(), ...chart.objects.keys()])) {
  const a = overlay.objects.get(key), b = chart.objects.get(key);
  if (!a || !b) {
    if (a && ALLOWED.some(r => r.what === 'object only in the overlay' && r.kind === a.kind)) { allowed++; continue; }
    reported.push(`${key}: only in the ${a ? 'overlay' : 'chart'}`);
    continue;
  }
  compared++;
  const differences = [];
  diff(a, b, '', differences);
  for (const d of differences) {
    if (!d.twice && d.overlay === undefined && ALLOWED.some(r => r.what === 'label only in the chart' && r.path.test(d.path))) { allowed++; continue; }
    const shown = x => x === undefined ? '(none)' : JSON.stringify(x);
    reported.push(d.twice ? `${key}: ${d.path} twice in the ${d.twice}` : `${key}: ${d.path}: overlay ${shown(d.overlay)}, chart ${shown(d.chart)}`);
  }
}
for (const r of reported) console.log(`difference: ${r}`);
console.log(`${compared} objects compared, ${reported.length} differences, ${allowed} allowed`);
process.exit(reported.length ? 1 : 0);
