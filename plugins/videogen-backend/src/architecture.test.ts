import fs from 'node:fs';
import path from 'node:path';

// Guards the layout of src/: folders are concerns, and a concern must not
// depend on one that depends on it (directly or through others). The files
// directly in src/ (plugin.ts, context.ts, router.ts, index.ts) are the
// "root": they wire the folders together, so they may import any folder,
// and no folder may import them back. Tests and their helpers
// (`*.test.ts`, `__testUtils__/`, `__fixtures__/`) are left out: they may
// reach across folders (a queue test seeding videos), and they are not part
// of the built plugin.

const SRC = __dirname;
const ROOT = '(root)';
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.js'];

type Graph = Map<string, Set<string>>;

function isTestOnly(relativePath: string): boolean {
  return (
    /\.test\.tsx?$/.test(relativePath) ||
    relativePath
      .split(path.sep)
      .some(part => part === '__testUtils__' || part === '__fixtures__')
  );
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(full);
    }
    return SOURCE_EXTENSIONS.includes(path.extname(entry.name)) &&
      !entry.name.endsWith('.d.ts')
      ? [full]
      : [];
  });
}

/** The relative module specifiers a file imports, exports from or requires. */
function relativeImports(source: string): string[] {
  const pattern =
    /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]*|\.{1,2})['"]/gm;
  return [...source.matchAll(pattern)].map(match => match[1]);
}

function resolveImport(fromFile: string, specifier: string): string {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [
    base,
    ...SOURCE_EXTENSIONS.map(ext => `${base}${ext}`),
    ...SOURCE_EXTENSIONS.map(ext => path.join(base, `index${ext}`)),
  ];
  const found = candidates.find(
    candidate => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
  );
  if (!found) {
    throw new Error(
      `${path.relative(
        SRC,
        fromFile,
      )} imports '${specifier}', which does not resolve to a file`,
    );
  }
  return found;
}

/** One cycle of the graph as a path (first node repeated at the end), if any. */
function findCycle(graph: Graph): string[] | undefined {
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (node: string): string[] | undefined => {
    const index = onPath.indexOf(node);
    if (index >= 0) {
      return [...onPath.slice(index), node];
    }
    if (done.has(node)) {
      return undefined;
    }
    onPath.push(node);
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      const cycle = visit(next);
      if (cycle) {
        return cycle;
      }
    }
    onPath.pop();
    done.add(node);
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) {
      return cycle;
    }
  }
  return undefined;
}

function topFolder(relativeFile: string): string {
  const parts = relativeFile.split(path.sep);
  return parts.length > 1 ? parts[0] : ROOT;
}

function buildGraphs() {
  const files: Graph = new Map();
  const folders: Graph = new Map();
  const importsOfRoot: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = path.relative(SRC, file);
    if (isTestOnly(from)) {
      continue;
    }
    const edges = new Set<string>();
    files.set(from, edges);
    const fromFolder = topFolder(from);
    if (!folders.has(fromFolder)) {
      folders.set(fromFolder, new Set());
    }
    for (const specifier of relativeImports(fs.readFileSync(file, 'utf8'))) {
      const to = path.relative(SRC, resolveImport(file, specifier));
      if (to.startsWith('..')) {
        continue; // outside src/ (e.g. package.json): not a folder of ours
      }
      edges.add(to);
      const toFolder = topFolder(to);
      if (toFolder === fromFolder) {
        continue;
      }
      if (toFolder === ROOT) {
        importsOfRoot.push(`${from} -> ${to}`);
      }
      folders.get(fromFolder)!.add(toFolder);
    }
  }
  return { files, folders, importsOfRoot };
}

describe('architecture of src/', () => {
  const { files, folders, importsOfRoot } = buildGraphs();

  it('finds the imports (the guard itself works)', () => {
    expect(files.get('plugin.ts')?.size).toBeGreaterThan(0);
    expect(folders.get(ROOT)?.size).toBeGreaterThan(0);
    expect(
      findCycle(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set(['c'])],
          ['c', new Set(['a'])],
        ]),
      ),
    ).toEqual(['a', 'b', 'c', 'a']);
    expect(
      relativeImports(`import x from './x';\nexport * from '../y';`),
    ).toEqual(['./x', '../y']);
    expect(
      relativeImports(`await import('./lazy'); require('../cjs');`),
    ).toEqual(['./lazy', '../cjs']);
  });

  it('has no import cycle between files', () => {
    const cycle = findCycle(files);
    expect(cycle && `Import cycle between files: ${cycle.join(' -> ')}`).toBe(
      undefined,
    );
  });

  it('lets no folder import the root files (plugin.ts, context.ts, ...)', () => {
    expect(importsOfRoot).toEqual([]);
  });

  it('has no cycle between the top-level folders of src/', () => {
    const cycle = findCycle(folders);
    expect(cycle && `Import cycle between folders: ${cycle.join(' -> ')}`).toBe(
      undefined,
    );
  });
});
