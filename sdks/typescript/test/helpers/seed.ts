/**
 * The seed API reference's JS/TS blocks, split into the runnable paragraphs they are made of.
 *
 * A block such as "Client Initialization" declares `const client` twice, once per paragraph (each
 * paragraph starts with a `//` comment after a blank line), so each paragraph runs as its own
 * function: names it declares are handed to later paragraphs, names it uses come from earlier ones.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './emulator.js';

const SECTION = /^#{2,3} (.+)$/;
const FENCE = /^```(\w*)$/;

/** The reference's path: `VANTAGE_SEED_REFERENCE`, else `shared/seed/api-reference.md` beside the clone. */
export function seedReference(): string | null {
  const override = process.env.VANTAGE_SEED_REFERENCE;
  const candidates = override
    ? [override]
    : [join(dirname(REPO_ROOT), 'shared', 'seed', 'api-reference.md'), '/work/shared/seed/api-reference.md'];
  return candidates.find((path) => existsSync(path)) ?? null;
}

export interface Block {
  section: string;
  code: string;
}

/** (section heading, code) of each ```typescript / ```javascript block, in order. */
export function typescriptBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let section = '';
  let language: string | null = null;
  let lines: string[] = [];
  for (const line of text.split('\n')) {
    const fence = FENCE.exec(line.trim());
    if (language === null) {
      const heading = SECTION.exec(line);
      if (heading?.[1]) section = heading[1].trim();
      else if (fence) {
        language = fence[1] ?? '';
        lines = [];
      }
    } else if (fence && !fence[1]) {
      if (['typescript', 'ts', 'javascript', 'js'].includes(language))
        blocks.push({ section, code: `${lines.join('\n')}\n` });
      language = null;
    } else lines.push(line);
  }
  return blocks;
}

/** A block's paragraphs: split before each top-level `//` comment line that follows a blank line. */
export function paragraphs(code: string): string[] {
  const parts: string[][] = [[]];
  const lines = code.split('\n');
  lines.forEach((line, i) => {
    const previous = i > 0 ? (lines[i - 1] ?? '') : '';
    if (line.startsWith('//') && !previous.trim() && (parts.at(-1) ?? []).some((l) => l.trim())) parts.push([]);
    parts.at(-1)?.push(line);
  });
  return parts.map((p) => `${p.join('\n').trim()}\n`).filter((p) => p.trim());
}

/**
 * `import { A, B as C } from 'm'` -> `const { A, B: C } = require('m');` (ES module syntax cannot
 * run inside a function; the bindings are the same), so imported names reach later paragraphs.
 */
export function importsToRequire(code: string): string {
  const file = ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  let out = code;
  for (const statement of [...file.statements].reverse()) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    const module = JSON.stringify(statement.moduleSpecifier.text);
    let replacement = `require(${module});`;
    if (bindings && ts.isNamedImports(bindings)) {
      const names = bindings.elements.map((e) =>
        e.propertyName ? `${e.propertyName.text}: ${e.name.text}` : e.name.text,
      );
      replacement = `const { ${names.join(', ')} } = require(${module});`;
    } else if (bindings && ts.isNamespaceImport(bindings))
      replacement = `const ${bindings.name.text} = require(${module});`;
    out = out.slice(0, statement.getStart(file)) + replacement + out.slice(statement.getEnd());
  }
  return out;
}

/** The names a paragraph declares at its top level (variables, functions, classes). */
export function declaredNames(code: string): string[] {
  const file = ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const names: string[] = [];
  const bind = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) bind(d.name);
    else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name)
      names.push(statement.name.text);
  }
  return names;
}

type Scope = Record<string, unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<Scope>;

/**
 * Run one paragraph as written (TypeScript types stripped; imports become `require`), with the
 * names of `scope` it does not declare itself, and `console`; returns the names it declared.
 */
export async function runParagraph(
  code: string,
  scope: Scope,
  requireFn: (id: string) => unknown,
  log: Console,
  name: string,
): Promise<Scope> {
  const source = importsToRequire(code);
  const declared = declaredNames(source);
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: false },
    fileName: `${name}.ts`,
  }).outputText;
  const inherited = Object.keys(scope).filter((key) => !declared.includes(key));
  const body = `${js}\nreturn { ${declared.join(', ')} };\n//# sourceURL=${name}`;
  const fn = new AsyncFunction('require', 'exports', 'console', ...inherited, body);
  return fn(requireFn, {}, log, ...inherited.map((key) => scope[key]));
}
