import { CommanderError, type CommandUnknownOpts as Command } from '@commander-js/extra-typings';
import { ExitWith, UserError } from '../errors.js';
import { describeFsError, isFsError } from '../scaffold/fs-errors.js';
import { example } from './ask.js';

export interface Failure {
  /** One sentence for stderr (without "Error: "), and more lines when the cause needs them (a tool's output). */
  message?: string;
  detail?: string;
  exitCode: number;
}

/**
 * The one error path of the CLI: whatever a command throws becomes one sentence and an exit code. 1 for every
 * failure; 130 when the user aborted at a prompt (Ctrl-C, Ctrl-D), as a shell reports an interrupted command.
 */
export function describeFailure(e: unknown, program: Command, argv: string[]): Failure {
  if (e instanceof CommanderError) return commanderFailure(e, program, argv);
  // The command has said everything already (doctor's report): only the code is left.
  if (e instanceof ExitWith) return { exitCode: e.exitCode };
  if (e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError')) {
    return { message: 'aborted; nothing was written.', exitCode: 130 };
  }
  if (e instanceof UserError) return { message: e.message, detail: e.detail, exitCode: 1 };
  if (isFsError(e)) return { message: describeFsError(e).message, exitCode: 1 };
  const first = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
  return {
    message: `apiboot stopped on an unexpected error (${first.replace(/\.$/, '')}); this is a bug: please report it with the command you ran.`,
    detail: process.env.APIBOOT_DEBUG ? (e instanceof Error ? e.stack : undefined) : undefined,
    exitCode: 1,
  };
}

/** commander's own errors, said the way apiboot's are: a sentence that names what to do. */
function commanderFailure(e: CommanderError, program: Command, argv: string[]): Failure {
  const { path, command } = commandPath(program, argv);
  const help = `see "${path} --help"`;
  const quoted = [...e.message.matchAll(/'([^']*)'/g)].map((m) => m[1]);
  const flag = (quoted[0] ?? '').split(' ')[0] ?? '';
  const suggestion = /\(Did you mean (.+)\?\)/.exec(e.message)?.[1];
  switch (e.code) {
    case 'commander.unknownOption':
      return fail(`The option ${flag} is not one of "${path}"${suggestion ? ` (did you mean ${suggestion}?)` : ''}; ${help}.`);
    case 'commander.unknownCommand':
      return fail(`"${quoted[0]}" is not a command of "${path}"${suggestion ? ` (did you mean ${suggestion}?)` : ''}; ${help}.`);
    case 'commander.optionMissingArgument':
      return fail(`The flag ${flag} needs a value; pass it, for example ${flag}=${example(flag)}.`);
    case 'commander.missingMandatoryOptionValue':
      return fail(`The flag ${flag} is required; pass it, for example ${flag}=${example(flag)}.`);
    case 'commander.conflictingOption': {
      // Which two were given is read from the command itself, not from commander's sentence.
      const given = new Set(command.options.filter((o) => command.getOptionValueSource(o.attributeName()) === 'cli').map((o) => o.long));
      const both = Object.entries(CONFLICTS).find(([pair]) => pair.split(' ').every((f) => given.has(f)));
      return fail(both?.[1] ?? `Two of the flags given exclude each other; ${help}.`);
    }
    case 'commander.excessArguments':
      return fail(`"${path}" takes no arguments, only flags; ${help}.`);
    default:
      // Help and version were printed (exit code 0); a command group without its subcommand printed its help.
      if (e.exitCode === 0 || e.code === 'commander.help') return { exitCode: e.exitCode };
      return fail(
        `${e.message
          .replace(/^error: /, '')
          .replace(/^./, (c) => c.toUpperCase())
          .replace(/\.?$/, '')}; ${help}.`,
      );
  }
}

function fail(message: string): Failure {
  return { message, exitCode: 1 };
}

/** Flags that exclude each other (declared with commander's conflicts), and what to say when both are given. */
const CONFLICTS: Record<string, string> = {
  '--controller --skip-controller': '--controller and --skip-controller contradict each other; pass one of them.',
  '--etcd-replicas --etcd-servers':
    '--etcd-replicas sizes the etcd that build config deploys, and --etcd-servers names one of yours; pass only one of them.',
};

/** The command the user was running, from the words of argv that name subcommands: "apiboot create resource". */
function commandPath(program: Command, argv: string[]): { path: string; command: Command } {
  const names = [program.name()];
  let cmd = program;
  for (const word of argv.slice(2)) {
    if (word.startsWith('-')) continue;
    const sub = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) break;
    names.push(word);
    cmd = sub;
  }
  return { path: names.join(' '), command: cmd };
}
