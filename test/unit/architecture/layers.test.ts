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

  it('main/library/ and main/media/ import nothing above them', async () => {
    const above = [
      ['main/library/x.ts', "import { openFilmRoom } from '../services/index.js';"],
      ['main/library/repositories/x.ts', "import { importSeason } from '../../import/import-season.js';"],
      ['main/library/x.ts', "import { runTraining } from '../training/run-training.js';"],
      ['main/media/x.ts', "import { startHost } from '../host/host.js';"],
      ['main/media/x.ts', "import { x } from '../ml/onnx/engine.js';"],
      ['main/media/x.ts', "import { x } from '../jobs/eta.js';"],
      ['main/library/x.ts', "import { x } from '../../main/features/extract.js';"],
    ];
    for (const [file, line] of above) {
      const errors = await layerErrors(file!, `${line}\nexport const a = 1;`);
      expect(errors, `${file}: ${line}`).toHaveLength(1);
      expect(errors[0]).toMatch(/bottom layer/);
    }
    const allowed = [
      ['main/media/x.ts', "import { listClips } from '../library/repositories/clips.js';"],
      ['main/library/repositories/x.ts', "import { NotFoundError } from '../../../shared/errors.js';"],
      ['main/library/x.ts', "import { packageRoot } from '../system/package-paths.js';"],
      ['main/library/x.ts', "import { migrate } from './migrate.js';"],
    ];
    for (const [file, line] of allowed) expect(await layerErrors(file!, `${line}\nexport const a = 1;`), `${file}: ${line}`).toEqual([]);
    // The shell rule still holds there.
    expect(await layerErrors('main/library/x.ts', "import { app } from 'electron';\nexport const a = app;")).toHaveLength(1);
  });

  it('main/jobs/ does not import the CLI', async () => {
    expect(await layerErrors('main/jobs/x.ts', "import { fromSnakeCase } from '../cli/output.js';\nexport const a = fromSnakeCase;")).toHaveLength(1);
    expect(await layerErrors('main/jobs/x.ts', "import { EtaEstimator } from './eta.js';\nexport const a = EtaEstimator;")).toEqual([]);
  });
});
