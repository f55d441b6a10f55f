/**
 * A gofmt'd Go file cut into its parts: what comes before the imports, the imports, and each top-level declaration
 * with the comments above it. Enough to move a user's types and methods between packages (when a kind gains a
 * version, its types file is split into the internal type and a versioned one) without a Go parser: gofmt puts every
 * top-level declaration at column 0 and closes a multi-line one with `}` or `)` at column 0.
 */
export interface GoFile {
  /** The license header and package doc, up to (without) the package clause. */
  header: string;
  packageName: string;
  imports: GoImport[];
  decls: GoDecl[];
}

export interface GoImport {
  /** The explicit name (metav1), or undefined for the path's own package name. */
  alias?: string;
  path: string;
}

export interface GoDecl {
  kind: 'func' | 'type' | 'var' | 'const' | 'comment';
  /** A func's name (Default, init), or a type's. */
  name?: string;
  /** The receiver's type of a method, without the star: Cat. */
  receiver?: string;
  /** Comment lines and the declaration itself, without a trailing newline. */
  text: string;
}

export function parseGoFile(src: string): GoFile {
  const lines = src.split('\n');
  let i = lines.findIndex((l) => /^package \w+/.test(l));
  if (i < 0) throw new Error('not a Go file: no package clause');
  const header = lines.slice(0, i).join('\n');
  const packageName = /^package (\w+)/.exec(lines[i] ?? '')?.[1] ?? '';
  i++;
  const imports: GoImport[] = [];
  const decls: GoDecl[] = [];
  let pending: string[] = [];
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.startsWith('import (')) {
      i++;
      while (i < lines.length && lines[i] !== ')') {
        const imp = parseImport(lines[i] ?? '');
        if (imp) imports.push(imp);
        i++;
      }
      i++;
      pending = [];
      continue;
    }
    if (line.startsWith('import ')) {
      const imp = parseImport(line.slice('import '.length));
      if (imp) imports.push(imp);
      i++;
      pending = [];
      continue;
    }
    if (line.startsWith('//')) {
      pending.push(line);
      i++;
      continue;
    }
    if (line.trim() === '') {
      // Generator tags (// +k8s:...) belong to the declaration below, even with a blank line between, as
      // deepcopy-gen reads them; any other comment followed by a blank line stands on its own, such as "The
      // methods below are hooks".
      if (pending.length && pending.every((l) => l === '' || l.startsWith('// +'))) {
        pending.push('');
      } else {
        if (pending.length) decls.push({ kind: 'comment', text: pending.join('\n') });
        pending = [];
      }
      i++;
      continue;
    }
    const m = /^(func|type|var|const)\b/.exec(line);
    if (!m) throw new Error(`unexpected top-level line: ${line}`);
    const start = i;
    const opens = /[{(]\s*$/.test(line);
    if (opens) {
      while (i < lines.length && lines[i] !== '}' && lines[i] !== ')') i++;
    }
    const text = [...pending, ...lines.slice(start, i + 1)].join('\n');
    pending = [];
    const kind = m[1] as GoDecl['kind'];
    const func = /^func (?:\(\w+ \*?(\w+)(?:\[[^\]]*\])?\) )?(\w+)/.exec(line);
    const type = /^type (\w+)/.exec(line);
    decls.push({
      kind,
      ...(func ? { name: func[2], ...(func[1] ? { receiver: func[1] } : {}) } : {}),
      ...(type ? { name: type[1] } : {}),
      text,
    });
    i++;
  }
  return { header, packageName, imports, decls };
}

function parseImport(line: string): GoImport | undefined {
  const m = /^\s*(?:(\w+|_|\.)\s+)?"([^"]+)"/.exec(line);
  if (!m) return undefined;
  return m[1] ? { alias: m[1], path: m[2] ?? '' } : { path: m[2] ?? '' };
}

/** The name a file refers to an import by: its alias, or the last element of its path without a major version. */
export function importName(imp: GoImport): string {
  if (imp.alias) return imp.alias;
  const parts = imp.path.split('/');
  let last = parts.pop() ?? '';
  if (/^v\d+$/.test(last) && parts.length && !imp.path.startsWith('k8s.io/api/')) last = parts.pop() ?? last;
  return last.replace(/[.-].*$/, '');
}

/**
 * Prints a Go file from its parts, keeping only the imports its declarations use: a declaration moved away may
 * have been the only user of one, and Go refuses unused imports.
 */
export function printGoFile(file: GoFile): string {
  const body = file.decls.map((d) => d.text).join('\n\n');
  const used = file.imports.filter((imp) => imp.alias === '_' || new RegExp(`\\b${importName(imp)}\\.`).test(body));
  const line = (imp: GoImport) => `\t${imp.alias ? `${imp.alias} ` : ''}"${imp.path}"`;
  // The standard library first, then the rest, as goimports groups them.
  const std = used.filter((imp) => !imp.path.split('/')[0]?.includes('.'));
  const rest = used.filter((imp) => !std.includes(imp));
  const groups = [std, rest].filter((g) => g.length).map((g) => g.map(line).join('\n'));
  const importBlock = used.length ? `import (\n${groups.join('\n\n')}\n)\n\n` : '';
  return `${file.header}\npackage ${file.packageName}\n\n${importBlock}${body}\n`;
}
