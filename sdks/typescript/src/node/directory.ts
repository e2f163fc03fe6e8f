/** Folder transfers: every file keeps its relative path; names that would escape the target are refused up front. */
import { lstat, readdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { TransferError, ValidationError } from '../core/errors.js';
import type { Core } from '../core/http.js';
import type { FileInfo } from '../types.js';
import { type Progress, pool } from './common.js';
import { downloadFile } from './download.js';
import { localPathFor, remoteFolder } from './paths.js';
import { type TransferSettings, uploadFile } from './upload.js';

interface LocalFile {
  path: string;
  relative: string;
  size: number;
}

async function walk(root: string): Promise<LocalFile[]> {
  const found: LocalFile[] = [];
  const visit = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await visit(path);
      else if (entry.isFile()) {
        const rel = relative(root, path).split(sep).join('/');
        found.push({ path, relative: rel, size: (await lstat(path)).size });
      } else {
        // Symlinks could lead outside the folder (or loop); FIFOs and devices never end.
        throw new ValidationError(
          `${path} is not a regular file or folder (symlink, FIFO, device or socket); refusing to upload ${root}`,
        );
      }
    }
  };
  await visit(root);
  return found;
}

/** Upload every regular file below `localDir` to `remoteDir`, `concurrency` files at a time. */
export async function uploadDirectory(
  core: Core,
  localDir: string,
  remoteDir: string,
  settings: TransferSettings,
  progress: (total: number) => Progress,
): Promise<FileInfo[]> {
  const root = resolve(localDir);
  const stats = await lstat(root).catch(() => null);
  if (stats === null || !stats.isDirectory()) throw ValidationError.forField('localDir', `${localDir} is not a folder`);
  const files = await walk(root);
  const folder = remoteFolder(remoteDir);
  const tracker = progress(files.reduce((sum, f) => sum + f.size, 0));
  tracker.report();
  const perFile = { ...settings, concurrency: Math.max(1, Math.floor(settings.concurrency / 2)) };
  return pool(files, settings.concurrency, (file) =>
    uploadFile(core, file.path, folder + file.relative, perFile, tracker),
  );
}

/** Download every file below `remoteDir` into `localDir`; returns the local paths written. */
export async function downloadDirectory(
  core: Core,
  remoteDir: string,
  localDir: string,
  settings: TransferSettings,
  progress: (total: number) => Progress,
  list: (path: string) => Promise<FileInfo[]>,
): Promise<string[]> {
  const folder = remoteFolder(remoteDir);
  const root = resolve(localDir);
  const entries = (await list(folder)).filter((entry) => entry.type === 'file');
  // Every name is checked before anything is written.
  const plan = entries.map((entry) => {
    if (!entry.path.startsWith(folder)) throw new TransferError(`refusing ${entry.path}: it is not below ${folder}`);
    return { remote: entry.path, local: localPathFor(root, entry.path.slice(folder.length)), size: entry.size ?? 0 };
  });
  const tracker = progress(plan.reduce((sum, p) => sum + p.size, 0));
  tracker.report();
  await pool(plan, settings.concurrency, (item) =>
    downloadFile(core, item.remote, item.local, settings, tracker, root),
  );
  return plan.map((p) => p.local);
}
