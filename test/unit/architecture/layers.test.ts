import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rules live in eslint.config.js; these cases prove each rule fires (and stays quiet
// where an import is allowed), so a config edit cannot silently switch the architecture check off.
const eslint = new ESLint();

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it('shared/ imports no Node, no Electron, nothing from main/ or renderer/', async () => {
    expect(await layerErrors('shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;")).toHaveLength(1);
    expect(await layerErrors('shared/x.ts', "import path from 'path';\nexport const a = path;")).toHaveLength(1);
    expect(await layerErrors('shared/x.ts', "import { app } from 'electron';\nexport const a = app;")).toHaveLength(1);
    expect(await layerErrors('shared/api/x.ts', "import { openLibrary } from '../../main/library/index.js';\nexport const a = openLibrary;")).toHaveLength(1);
    expect(await layerErrors('shared/x.ts', "import Db from 'better-sqlite3';\nexport const a = Db;")).toHaveLength(1);
    expect(await layerErrors('shared/x.ts', "import { z } from 'zod';\nexport const a = z;")).toEqual([]);
  });

  it('renderer/ never imports main/', async () => {
    const errors = await layerErrors('renderer/src/lib/x.ts', "import { openFilmRoom } from '../../../main/services/index.js';\nexport const a = openFilmRoom;");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/renderer never imports main/);
    expect(await layerErrors('renderer/src/lib/x.ts', "import fs from 'node:fs';\nexport const a = fs;")).toHaveLength(1);
    expect(await layerErrors('renderer/src/lib/x.ts', "import { contract } from '../../../shared/api/index.js';\nexport const a = contract;")).toEqual([]);
  });

  it('only main/electron/ imports electron', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;";
    expect(await layerErrors('main/library/x.ts', code)).toHaveLength(1);
    expect(await layerErrors('main/host/x.ts', code)).toHaveLength(1);
    expect(await layerErrors('main/electron/x.ts', code)).toEqual([]);
  });
});
