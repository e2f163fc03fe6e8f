/**
 * Type-check the seed's JS/TS blocks as one strict TypeScript module, the way a user who pastes
 * them into a `.ts` file would meet them (running them, as seed.test.ts does, strips the types).
 *
 * The blocks redeclare names from paragraph to paragraph (`const client` twice in "Client
 * Initialization"), so a paragraph that declares a name for the first time stays at the top level
 * (later paragraphs and blocks use `client`, `jobTemplate`, `job`), and every other paragraph goes
 * in its own `{ }` block, where a redeclaration shadows instead of clashing. Imports are hoisted.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { declaredNames, paragraphs } from './seed.js';

/** The module text checked for `blocks` (exported so a failing check can show it). */
export function seedModule(blocks: string[]): string {
  const imports = new Set<string>();
  const body: string[] = [];
  const topLevel = new Set<string>();
  for (const block of blocks) {
    for (const paragraph of paragraphs(block)) {
      const file = ts.createSourceFile('p.ts', paragraph, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
      let rest = paragraph;
      for (const statement of [...file.statements].reverse()) {
        if (!ts.isImportDeclaration(statement)) continue;
        imports.add(statement.getText(file));
        rest = rest.slice(0, statement.getStart(file)) + rest.slice(statement.getEnd());
      }
      const names = declaredNames(rest);
      if (names.length > 0 && names.every((name) => !topLevel.has(name))) {
        for (const name of names) topLevel.add(name);
        body.push(rest);
      } else body.push(`{\n${rest}}\n`);
    }
  }
  return `${[...imports].join('\n')}\n\n${body.join('\n')}\nexport {};\n`;
}

export interface TypeCheck {
  errors: string[];
  text: string;
}

/**
 * Check `blocks` with the package's strict compiler options, `@vantage/sdk` resolved to `src/`.
 * Returns each error as `line N: message`, with lines of the checked module's text.
 */
export function typeCheckSeed(blocks: string[], packageRoot: string): TypeCheck {
  const text = seedModule(blocks);
  const fileName = join(packageRoot, 'test', '__seed_typecheck__.mts');
  const config = ts.readConfigFile(join(packageRoot, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, packageRoot);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    paths: { '@vantage/sdk': ['./src/index.ts'] },
    baseUrl: packageRoot,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (name) => (name === fileName ? text : readFile(name));
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram([fileName], options, host);
  const source = program.getSourceFile(fileName);
  const errors = ts.getPreEmitDiagnostics(program, source).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (d.file === undefined || d.start === undefined) return message;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName === fileName ? '' : `${d.file.fileName} `}line ${line + 1}: ${message}`;
  });
  return { errors, text };
}
