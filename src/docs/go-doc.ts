import { spawnSync } from 'node:child_process';

/**
 * The doc comments of a Go struct's fields by JSON name, as `go doc -src` prints the struct (Go's own parser, and
 * gofmt'd source: one field a line, its comment above it). Markers (+optional) are left out; a struct go doc cannot
 * find gives no comments, not an error: the reference then shows the fields without descriptions.
 */
export function fieldComments(cwd: string, pkgDir: string, typeName: string): Record<string, string> {
  const r = spawnSync('go', ['doc', '-src', `./${pkgDir}`, typeName], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) return {};
  const body = new RegExp(`^type ${typeName} struct \\{\\n([\\s\\S]*?)^\\}`, 'm').exec(r.stdout)?.[1] ?? '';
  const out: Record<string, string> = {};
  let comment: string[] = [];
  for (const line of body.split('\n').map((l) => l.trim())) {
    if (line.startsWith('//')) {
      const text = line.replace(/^\/\/\s?/, '');
      if (!text.startsWith('+')) comment.push(text);
      continue;
    }
    const json = /`[^`]*json:"([^",]*)[^`]*`/.exec(line)?.[1];
    if (json) out[json] = comment.join(' ').trim();
    comment = [];
  }
  return out;
}
