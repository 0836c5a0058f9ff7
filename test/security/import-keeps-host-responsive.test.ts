import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../main/host/index.js';
import { openFilmRoom, type FilmRoom } from '../../main/services/index.js';
import { rendererDir } from '../../main/system/package-paths.js';
import { suiteTempDir } from '../helpers/temp.js';
import { connectClient, rpcUrl } from '../integration/host/fixtures.js';

// The review's attack: a 1,000,000-row CSV, parsed on the host's thread, stopped HTTP and the
// WebSocket for 37 s. Now the file is read on a worker thread and capped at 200,000 rows, and the
// host answers app.info all along: every 20 ms a call is due, and they are answered while the job
// runs, hundreds of them (before: the thread was blocked for the whole parse, 11 s here, and about
// ten calls were answered in all). The latencies are printed against the 200 ms, not
// asserted: on these shared 2-core machines (load average 30) scheduling alone adds hundreds of
// milliseconds now and then (the team's rule: speed is measured, never asserted in tests). Run
// alone here, the slowest answer took 101 ms.

const ROWS = 1_000_000;
const TARGET_MS = 200;

describe('a 1,000,000-row CSV import', () => {
  const root = suiteTempDir('filmroom-security-rows-');
  const season = path.join(root, 'season');
  let room: FilmRoom;
  let host: RunningHost;

  beforeAll(async () => {
    fs.mkdirSync(season);
    const lines = ['game,video,start,end,play_type'];
    for (let i = 0; i < ROWS; i++) lines.push(`Game ${i % 50},missing-${i % 50}.mp4,${i % 3000}.5,${(i % 3000) + 4}.5,Isolation`);
    fs.writeFileSync(path.join(season, 'annotations.csv'), `${lines.join('\n')}\n`);
    room = openFilmRoom({ libraryPath: path.join(root, 'lib.db'), frontDoor: 'browser' });
    host = await startHost({ dispatcher: room.dispatcher, rendererDir: rendererDir() });
  });
  afterAll(async () => {
    await host.close();
    await room.close();
  });

  it('keeps the host answering app.info all along the import (latencies printed against 200 ms), and reports the row cap', async () => {
    const { api, socket } = await connectClient(rpcUrl(host.port), host.origin, host.token);
    await api.app.info({}); // warm: the engine report is worked out once

    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const job = await api.jobs.startImport({ path: season });
    // Every 20 ms, app.info is due; its latency runs from when it was due to its answer, so a
    // stall that delays the timer counts as much as one that delays the answer.
    const latencies: number[] = [];
    let info = await api.jobs.get({ jobId: job.jobId });
    for (let i = 0; info.state === 'running'; i++) {
      const due = performance.now() + 20;
      await new Promise((resolve) => setTimeout(resolve, 20));
      await api.app.info({});
      latencies.push(performance.now() - due);
      if (i % 10 === 9) info = await api.jobs.get({ jobId: job.jobId });
    }
    delay.disable();
    socket.close();

    const sorted = [...latencies].sort((a, b) => a - b);
    const slowest = sorted.at(-1)!;
    const within = latencies.filter((latency) => latency < TARGET_MS).length;
    console.log(
      `app.info during the import: ${latencies.length} calls, ${within} within ${TARGET_MS} ms; slowest ${slowest.toFixed(1)} ms, ` +
        `median ${sorted[sorted.length >> 1]!.toFixed(1)} ms, 95th percentile ${sorted[Math.floor(sorted.length * 0.95)]!.toFixed(1)} ms; event-loop delay max ${(delay.max / 1e6).toFixed(1)} ms`,
    );
    // No video matches its rows, so not one play is imported: the job ends as failed, its problems kept.
    expect(info, JSON.stringify(info).slice(0, 500)).toMatchObject({ state: 'failed', error: expect.stringMatching(/nothing could be imported/) });
    // Answered all along the import, not once it is over.
    expect(latencies.length).toBeGreaterThan(100);
    const errors = (info.result as { errors: { file: string; line: number | string | null; reason: string }[] }).errors;
    const cap = errors.find((e) => /more than the 200,000 one file may hold/.test(e.reason));
    expect(cap).toMatchObject({ file: path.join(season, 'annotations.csv'), line: 200_002 });
    expect(cap!.reason).toMatch(/holds 1,000,000 plays/);
    // The first 1,000 rows naming a missing video are listed, the other 199,000 counted.
    expect(errors.filter((e) => e.line !== null && /no video "missing-/.test(e.reason))).toHaveLength(1000);
    expect(errors.map((e) => e.reason)).toContain('199,000 more rows name a video that is not there (not listed)');
  }, 300_000);
});
