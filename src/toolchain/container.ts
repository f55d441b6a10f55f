import { spawnSync } from 'node:child_process';
import { UserError } from '../errors.js';
import { imageRegistry } from '../project/deploy-inputs.js';

export const CONTAINER_TOOLS = ['docker', 'podman', 'buildah'] as const;
export type ContainerTool = (typeof CONTAINER_TOOLS)[number];

export interface ImageBuild {
  image: string;
  dockerfile: string;
  context: string;
  platform?: string;
  baseImage?: string;
}

/** Whether a tool can build here: for docker that means a reachable engine, not just the client. */
function usable(tool: ContainerTool): boolean {
  const args = tool === 'docker' ? ['info', '--format', '{{.ServerVersion}}'] : ['--version'];
  const r = spawnSync(tool, args, { stdio: 'ignore', timeout: 15_000 });
  return !r.error && r.status === 0;
}

/** The tool named by --tool (checked), else the first of docker, podman and buildah that works here. */
export function detectContainerTool(preferred?: string): ContainerTool {
  if (preferred !== undefined) {
    if (!(CONTAINER_TOOLS as readonly string[]).includes(preferred)) {
      throw new UserError(`The container tool "${preferred}" is not one apiboot knows; pass --tool docker, podman or buildah.`);
    }
    const tool = preferred as ContainerTool;
    if (!usable(tool)) {
      throw new UserError(
        tool === 'docker'
          ? 'docker does not answer (is its engine running?); start it, or pass --tool podman or --tool buildah.'
          : `${tool} was not found on PATH or does not run; install it, or pass --tool with another tool.`,
      );
    }
    return tool;
  }
  const found = CONTAINER_TOOLS.find(usable);
  if (!found) {
    throw new UserError('No container tool works here: install docker (with a running engine), podman or buildah, or pass --tool.');
  }
  return found;
}

/** Registries on loopback are plain HTTP, as docker assumes for 127.0.0.0/8; podman and buildah need telling. */
export function isLoopbackRegistry(image: string): boolean {
  const host = imageRegistry(image)?.replace(/:\d+$/, '');
  return host === 'localhost' || (host !== undefined && /^127\.\d+\.\d+\.\d+$/.test(host));
}

export function buildCommand(tool: ContainerTool, b: ImageBuild): string[] {
  const args = [tool, 'build', '--tag', b.image, '--file', b.dockerfile];
  if (b.platform) args.push('--platform', b.platform);
  if (b.baseImage) args.push('--build-arg', `BASE_IMAGE=${b.baseImage}`);
  args.push(b.context);
  return args;
}

export function pushCommand(tool: ContainerTool, image: string): string[] {
  const insecure = tool !== 'docker' && isLoopbackRegistry(image) ? ['--tls-verify=false'] : [];
  if (tool === 'buildah') return ['buildah', 'push', ...insecure, image, `docker://${image}`];
  return [tool, 'push', ...insecure, image];
}
