/** Reading job template files (YAML or JSON) for `jobs.submitFromFile`. */
import { readFile } from 'node:fs/promises';
import { ValidationError } from '../core/errors.js';

/**
 * Parse a YAML or JSON template file (JSON by a `.json` suffix); errors name the file and the line.
 *
 * @example
 * ```ts
 * const template = await readTemplateFile('job-template.yaml');
 * ```
 */
export async function readTemplateFile(path: string): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : String((error as Error).message);
    throw new ValidationError(`${path}: cannot read the job template (${why})`, { source: path });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError(`${path}: not UTF-8 text`, { source: path });
  }
  if (path.toLowerCase().endsWith('.json')) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new ValidationError(`${path}: invalid JSON: ${(error as Error).message}`, { source: path });
    }
  }
  const { parseDocument } = await import('yaml');
  const document = parseDocument(text, { prettyErrors: true });
  const problem = document.errors[0];
  if (problem !== undefined) {
    const position = problem.linePos?.[0];
    const where = position ? ` at line ${position.line} column ${position.col}` : '';
    const what = (problem.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new ValidationError(`${path}: invalid YAML${where}: ${what}`, { source: path });
  }
  return document.toJS();
}
