/**
 * Corridor's architecture rules, as a local ESLint plugin (`npm run lint` runs them):
 *
 * - `corridor/no-foreign-data-access`: a file may not import another feature's `*.repository` or
 *   `*.entity` module (type-only imports of an entity are allowed: a row's shape writes nothing).
 *   Other features go through the owner's exported service, with their transaction's manager.
 * - `corridor/no-feature-cycle`: feature folders (src/<feature>/) must not import each other in a
 *   cycle, counting type-only imports too. The composition root (src/*.ts and the folders named in
 *   `app`, e.g. bootstrap, cli, openapi) may import any feature; a feature importing it is a cycle.
 *
 * Both take `{ root, app }`: the source root (default `src`) and the composition-root folders.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const DEFAULTS = { root: 'src', app: ['bootstrap', 'cli', 'openapi'] };
const APP = '(composition root)';
const IMPORT_TEXT =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\s\S]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]*)['"]|require\(\s*['"](\.{1,2}\/[^'"]*)['"]\s*\)/g;

function optionsOf(context) {
  const given = context.options[0] ?? {};
  const cwd = context.cwd ?? process.cwd();
  return { root: path.resolve(cwd, given.root ?? DEFAULTS.root), app: given.app ?? DEFAULTS.app };
}

/** The feature a path belongs to, APP for the composition root, null outside the source root. */
function featureOf(file, options) {
  const rel = path.relative(options.root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  if (parts.length === 1 && !isDirectory(file)) return APP;
  return options.app.includes(parts[0]) ? APP : parts[0];
}

function isDirectory(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function resolveImport(fromFile, specifier) {
  return path.resolve(path.dirname(fromFile), specifier);
}

function listSources(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(p));
    else if (/\.(ts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const graphs = new Map();

/** Feature → features it imports, read from every source file under the root (once per run). */
function featureGraph(options) {
  const key = `${options.root}|${options.app.join(',')}`;
  let graph = graphs.get(key);
  if (graph) return graph;
  graph = new Map();
  for (const file of listSources(options.root)) {
    const from = featureOf(file, options);
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT_TEXT)) {
      const to = featureOf(resolveImport(file, match[1] ?? match[2]), options);
      if (!to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from).add(to);
    }
  }
  graphs.set(key, graph);
  return graph;
}

/** A path of features from `start` to `goal`, or null. */
function pathBetween(graph, start, goal) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const node = queue.shift();
    if (node === goal) {
      const route = [];
      for (let n = node; n !== null; n = previous.get(n)) route.unshift(n);
      return route;
    }
    for (const next of graph.get(node) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return null;
}

function isTypeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

const schema = [
  {
    type: 'object',
    properties: { root: { type: 'string' }, app: { type: 'array', items: { type: 'string' } } },
    additionalProperties: false,
  },
];

function importVisitors(check) {
  const visit = (node) => {
    if (node.source && typeof node.source.value === 'string' && node.source.value.startsWith('.')) check(node);
  };
  return { ImportDeclaration: visit, ExportNamedDeclaration: visit, ExportAllDeclaration: visit };
}

const noForeignDataAccess = {
  meta: {
    type: 'problem',
    docs: { description: "forbid importing another feature's repository or entity" },
    schema,
    messages: {
      foreign:
        "'{{specifier}}' is {{owner}}'s {{kind}}: call {{owner}}'s exported service (with your transaction's manager) instead.",
    },
  },
  create(context) {
    const options = optionsOf(context);
    const file = context.filename ?? context.getFilename();
    const own = featureOf(file, options);
    if (!own || own === APP) return {};
    return importVisitors((node) => {
      const target = resolveImport(file, node.source.value);
      const owner = featureOf(target, options);
      if (!owner || owner === own || owner === APP) return;
      const kind = /\.repository(\.ts)?$/.test(target) ? 'repository' : /\.entity(\.ts)?$/.test(target) ? 'entity' : null;
      if (!kind || (kind === 'entity' && isTypeOnly(node))) return;
      context.report({ node, messageId: 'foreign', data: { specifier: node.source.value, owner, kind } });
    });
  },
};

const noFeatureCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid import cycles between feature folders' },
    schema,
    messages: {
      cycle:
        'feature cycle {{route}}: break it with a small interface owned by the lower feature (as SessionAuthenticator does).',
    },
  },
  create(context) {
    const options = optionsOf(context);
    const file = context.filename ?? context.getFilename();
    const own = featureOf(file, options);
    if (!own || own === APP) return {};
    const graph = featureGraph(options);
    return importVisitors((node) => {
      const target = featureOf(resolveImport(file, node.source.value), options);
      if (!target || target === own) return;
      const back = pathBetween(graph, target, own);
      if (back) context.report({ node, messageId: 'cycle', data: { route: [own, ...back].join(' → ') } });
    });
  },
};

module.exports = {
  meta: { name: 'corridor' },
  rules: { 'no-foreign-data-access': noForeignDataAccess, 'no-feature-cycle': noFeatureCycle },
};
