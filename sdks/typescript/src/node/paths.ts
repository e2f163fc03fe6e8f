/** Local paths for transfers: never write outside the target folder, or through a symlink, FIFO or device. */
import { lstat, mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { TransferError, ValidationError } from '../core/errors.js';

async function lstatOrNull(path: string): Promise<import('node:fs').Stats | null> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function kind(stats: import('node:fs').Stats): string {
  if (stats.isSymbolicLink()) return 'a symlink';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/**
 * Check that `target` may be written: it is missing or a regular file (never a symlink, FIFO, device
 * or folder), and every existing folder from `root` down to it is a real folder (no symlink on the way).
 */
export async function checkWritableTarget(target: string, root: string = dirname(resolve(target))): Promise<void> {
  const absolute = resolve(target);
  const base = resolve(root);
  const parts = relative(base, dirname(absolute)).split(sep).filter(Boolean);
  let current = base;
  for (const part of parts) {
    current = join(current, part);
    const stats = await lstatOrNull(current);
    if (stats === null) break;
    if (!stats.isDirectory())
      throw new TransferError(`${current} is ${kind(stats)}, not a folder; refusing to write below it`);
  }
  const stats = await lstatOrNull(absolute);
  if (stats !== null && !stats.isFile())
    throw new TransferError(`${absolute} is ${kind(stats)}; refusing to write through it`);
}

/** Create `dir` and its parents inside `root`, refusing any component that is a symlink or not a folder. */
export async function makeFolders(root: string, dir: string): Promise<void> {
  const base = resolve(root);
  let current = base;
  await mkdir(base, { recursive: true });
  for (const part of relative(base, resolve(dir)).split(sep).filter(Boolean)) {
    current = join(current, part);
    const stats = await lstatOrNull(current);
    if (stats === null) {
      await mkdir(current).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      const made = await lstat(current);
      if (!made.isDirectory())
        throw new TransferError(`${current} is ${kind(made)}, not a folder; refusing to write below it`);
    } else if (!stats.isDirectory()) {
      throw new TransferError(`${current} is ${kind(stats)}, not a folder; refusing to write below it`);
    }
  }
}

/**
 * The local path for a remote file's path relative to the folder being downloaded, refusing names
 * that would escape `localRoot` (`..`, absolute, empty or `.` segments, NUL, backslashes).
 */
export function localPathFor(localRoot: string, relativeRemote: string): string {
  const segments = relativeRemote.split('/');
  const bad = segments.find((s) => s === '' || s === '.' || s === '..' || s.includes('\\') || s.includes('\0'));
  if (bad !== undefined || isAbsolute(relativeRemote)) {
    throw new TransferError(
      `refusing remote name ${JSON.stringify(relativeRemote)}: it would not stay inside ${localRoot}`,
    );
  }
  const root = resolve(localRoot);
  const target = resolve(root, ...segments);
  const rel = relative(root, target);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) {
    throw new TransferError(
      `refusing remote name ${JSON.stringify(relativeRemote)}: it would not stay inside ${localRoot}`,
    );
  }
  return target;
}

/** A remote folder path with exactly one trailing slash. */
export function remoteFolder(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

/** Fail clearly, before any request, when a local source is missing or not a regular file. */
export async function checkSourceFile(path: string): Promise<import('node:fs').Stats> {
  const stats = await lstatOrNull(path);
  if (stats === null) throw ValidationError.forField('localPath', `${path} does not exist`);
  // Following a symlink to read is fine; what it points at must be a regular file.
  const target = stats.isSymbolicLink() ? await import('node:fs/promises').then((fs) => fs.stat(path)) : stats;
  if (!target.isFile())
    throw ValidationError.forField('localPath', `${path} is ${kind(target)}; only regular files can be uploaded`);
  return target;
}
