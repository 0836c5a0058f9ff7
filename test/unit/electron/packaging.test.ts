import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unpackedPath } from '../../../main/media/binaries.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';

// electron-builder.yml cannot be exercised here (it downloads Electron); this reads it and checks
// that the package it describes holds everything the app needs, unpacked where the OS must load it.

/** The subset of YAML the file uses: top-level scalars, and lists of `- item` under a key. */
function readBuilderConfig(text: string): { scalars: Record<string, string>; lists: Record<string, string[]> } {
  const scalars: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  let key: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').replace(/^#.*$/, '');
    if (!line.trim()) continue;
    const top = /^([A-Za-z]+):\s*(.*)$/.exec(line);
    if (top) {
      key = top[1]!;
      if (top[2]) scalars[key] = top[2];
      continue;
    }
    const item = /^\s+-\s+(.*)$/.exec(line);
    if (item && key) (lists[key] ??= []).push(item[1]!.replace(/^"(.*)"$/, '$1'));
  }
  return { scalars, lists };
}

/** electron-builder's globs as used here: `**` any depth, `*` within one name, `!` excludes. */
function globToRegExp(glob: string): RegExp {
  const body = glob.split('**').map((part) => part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')).join('.*');
  return new RegExp(`^${body}$`);
}

function shipped(patterns: readonly string[], file: string): boolean {
  let included = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (globToRegExp(pattern.slice(1)).test(file)) included = false;
    } else if (globToRegExp(pattern).test(file)) included = true;
  }
  return included;
}

/** Every package the app loads at run time (dependencies and optional ones, transitively) that holds a native addon. */
function nativeRuntimePackages(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; optionalDependencies?: Record<string, string> };
  const seen = new Set<string>();
  const queue = [...Object.keys(manifest.dependencies), ...Object.keys(manifest.optionalDependencies ?? {})];
  const native: string[] = [];
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const dir = path.join(REPO_ROOT, 'node_modules', name);
    if (!fs.existsSync(path.join(dir, 'package.json'))) continue; // an optional package not installed here
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    queue.push(...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {}));
    const files = fs.readdirSync(dir, { recursive: true }) as string[];
    if (files.some((file) => file.endsWith('.node') || path.basename(file) === 'binding.gyp')) native.push(name);
  }
  return native;
}

const config = readBuilderConfig(fs.readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8'));

describe('electron-builder.yml', () => {
  it('rebuilds native modules for the packaged Electron', () => {
    expect(config.scalars.npmRebuild).toBe('true');
  });

  it('unpacks every native module the app loads at run time', () => {
    const native = nativeRuntimePackages();
    expect(native).toEqual(expect.arrayContaining(['better-sqlite3', 'onnxruntime-node']));
    for (const name of native) {
      expect(shipped(config.lists.asarUnpack!, `node_modules/${name}/build/Release/addon.node`), name).toBe(true);
    }
    // The optional native TensorFlow, where an analyst's machine has it.
    expect(shipped(config.lists.asarUnpack!, 'node_modules/@tensorflow/tfjs-node-gpu/lib/napi-v8/tfjs_binding.node')).toBe(true);
  });

  it('unpacks ffmpeg and ffprobe, and the app runs them from the unpacked folder', () => {
    for (const binary of ['node_modules/@ffmpeg-installer/linux-x64/ffmpeg', 'node_modules/@ffmpeg-installer/win32-x64/ffmpeg.exe', 'node_modules/@ffprobe-installer/darwin-arm64/ffprobe']) {
      expect(shipped(config.lists.asarUnpack!, binary), binary).toBe(true);
    }
    expect(unpackedPath('/opt/Film Room/resources/app.asar/node_modules/@ffmpeg-installer/linux-x64/ffmpeg')).toBe('/opt/Film Room/resources/app.asar.unpacked/node_modules/@ffmpeg-installer/linux-x64/ffmpeg');
    expect(unpackedPath('C:\\Film Room\\resources\\app.asar\\node_modules\\@ffprobe-installer\\win32-x64\\ffprobe.exe')).toBe('C:\\Film Room\\resources\\app.asar.unpacked\\node_modules\\@ffprobe-installer\\win32-x64\\ffprobe.exe');
    expect(unpackedPath('/home/me/filmroom/node_modules/@ffmpeg-installer/linux-x64/ffmpeg')).toBe('/home/me/filmroom/node_modules/@ffmpeg-installer/linux-x64/ffmpeg');
  });

  it('ships the renderer, the Electron entry and preload, the services host and the worker entry, without source maps', () => {
    const main = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { main: string }).main;
    for (const file of [main, 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'dist/renderer/assets/index-abc.js', 'dist/main/services-host.cjs', 'dist/main/worker.js', 'dist/main/worker/entry.js', 'dist/main/cli.js', 'bin/filmroom.js', 'resources/taxonomy.json', 'package.json']) {
      expect(shipped(config.lists.files!, file), file).toBe(true);
    }
    expect(shipped(config.lists.files!, 'dist/main/services-host.cjs.map')).toBe(false);
    expect(shipped(config.lists.files!, 'native/better-sqlite3-12.6.2-electron-40.10.2-linux-x64/better_sqlite3.node')).toBe(false);
    expect(shipped(config.lists.files!, 'test/unit/electron/packaging.test.ts')).toBe(false);
  });

  it('the entries it names are what `npm run build` writes', () => {
    for (const file of ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/main/services-host.cjs', 'dist/renderer/index.html']) {
      expect(fs.existsSync(path.join(REPO_ROOT, file)), file).toBe(true);
    }
  });
});
