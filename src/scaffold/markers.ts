/**
 * Adds fragments to a file at a marker line such as `// +apiboot:scaffold:resources`. Each fragment goes just above
 * the marker, indented like it; a fragment whose lines are already present as one block anywhere in the content is
 * dropped, so running a command twice changes nothing. Returns the content unchanged when there is nothing to add.
 */
export function insertAtMarker(content: string, marker: string, fragments: string[]): string {
  const lines = content.split('\n');
  const at = lines.findIndex((line) => line.trim() === marker);
  if (at < 0) throw new MarkerNotFoundError(marker);
  const indent = /^\s*/.exec(lines[at] ?? '')?.[0] ?? '';
  const toAdd: string[] = [];
  for (const fragment of fragments) {
    const block = fragmentLines(fragment);
    if (block.length === 0 || containsBlock(lines, block) || containsBlock(toAdd, block)) continue;
    toAdd.push(...block.map((l) => (l === '' ? '' : indent + l)));
  }
  if (toAdd.length === 0) return content;
  lines.splice(at, 0, ...toAdd);
  return lines.join('\n');
}

export class MarkerNotFoundError extends Error {
  constructor(readonly marker: string) {
    super(`marker "${marker}" not found`);
  }
}

/** The fragment's lines with its common indentation removed, so fragments can be written naturally in templates. */
function fragmentLines(fragment: string): string[] {
  const lines = fragment.replace(/\s+$/, '').split('\n');
  while (lines.length > 0 && lines[0]?.trim() === '') lines.shift();
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^\s*/.exec(l)?.[0].length ?? 0);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => (l.trim() === '' ? '' : l.slice(common)));
}

/** Whether `block` appears as consecutive lines of `lines`, ignoring leading and trailing white space. */
function containsBlock(lines: string[], block: string[]): boolean {
  const want = block.map(squash);
  const have = lines.map(squash);
  outer: for (let i = 0; i + want.length <= have.length; i++) {
    for (let j = 0; j < want.length; j++) if (have[i + j] !== want[j]) continue outer;
    return true;
  }
  return false;
}

/** gofmt realigns white space inside lines, so blocks are compared with every run of white space folded. */
function squash(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}
