/**
 * `@vantage/sdk` in Node: everything of the browser entry point, plus local file transfers
 * (`storage.upload`, `uploadDirectory`, `download`, `downloadDirectory`) and `jobs.submitFromFile`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type Core, platform } from './core/http.js';
import { Progress } from './node/common.js';
import { downloadDirectory, uploadDirectory } from './node/directory.js';
import { downloadFile } from './node/download.js';
import { fetchOverHttp, isNode } from './node/fetch.js';
import { checkSourceFile } from './node/paths.js';
import { readTemplateFile } from './node/templates.js';
import { transferSettings, uploadFile } from './node/upload.js';
import { Jobs } from './resources/jobs.js';
import { type FileTransfers, Storage, type TransferOptions } from './resources/storage.js';

export * from './index.js';
export { readTemplateFile } from './node/templates.js';

const nodeTransfers: FileTransfers = {
  async upload(core: Core, local: string, remote: string, options: TransferOptions) {
    const settings = transferSettings(options);
    const { size } = await checkSourceFile(local);
    const progress = new Progress(size, options.onProgress);
    const info = await uploadFile(core, local, remote, settings, progress);
    if (size === 0) progress.report();
    return info;
  },
  uploadDirectory(core, local, remote, options) {
    return uploadDirectory(
      core,
      local,
      remote,
      transferSettings(options),
      (total) => new Progress(total, options.onProgress),
    );
  },
  async download(core, remote, local, options) {
    const progress = new Progress(-1, options.onProgress);
    await downloadFile(core, remote, local, transferSettings(options), progress);
    if (progress.done === 0) progress.report();
  },
  downloadDirectory(core, remote, local, options) {
    const list = (path: string) => new Storage(core).list(path, { recursive: true, signal: options.signal });
    return downloadDirectory(
      core,
      remote,
      local,
      transferSettings(options),
      (total) => new Progress(total, options.onProgress),
      list,
    );
  },
};

Storage.transfers = nodeTransfers;
Jobs.readTemplateFile = readTemplateFile;
platform.randomUUID = randomUUID;
if (isNode) platform.send = fetchOverHttp;
platform.sha256 = async (bytes) => createHash('sha256').update(bytes).digest('hex');
