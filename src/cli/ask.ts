import { UserError } from '../errors.js';
import type { GlobalOptions } from './context.js';

/**
 * A value the user did not pass as a flag: asked for on a terminal, a plain error otherwise, so nothing ever
 * waits on a closed standard input. The value is checked with `validate` either way.
 */
export async function valueOrAsk(
  value: string | undefined,
  flag: string,
  message: string,
  ctx: GlobalOptions,
  validate?: (v: string) => void,
): Promise<string> {
  if (value !== undefined && value !== '') {
    validate?.(value);
    return value;
  }
  if (!ctx.interactive) throw new UserError(`The flag ${flag} is required; pass it, for example ${flag}=${example(flag)}.`);
  const { input } = await import('@inquirer/prompts');
  const answer = await input({
    message,
    validate: (v) => {
      try {
        validate?.(v);
        return true;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    },
  });
  validate?.(answer);
  return answer;
}

/** Asks a yes/no question on a terminal; without one, the default answer applies. */
export async function confirmOrDefault(message: string, def: boolean, ctx: GlobalOptions): Promise<boolean> {
  if (!ctx.interactive) return def;
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message, default: def });
}

/** A value to show in "pass it, for example --flag=VALUE". */
export function example(flag: string): string {
  const examples: Record<string, string> = {
    '--domain': 'demo.io',
    '--group': 'animal',
    '--version': 'v1alpha1',
    '--kind': 'Cat',
    '--subresource': 'feed',
    '--type': 'scale',
    '--name': 'catdemo-apiserver',
    '--namespace': 'catdemo-system',
    '--image': 'registry.example.com/catdemo:v0.1.0',
  };
  return examples[flag] ?? 'VALUE';
}
