import { untrack } from 'svelte';
import { frameStepTime, loopSeek, shuttleRate, validSpeed, type Span } from '../lib/review-playback.js';

/**
 * The transport controls of Review's <video>: play/pause, the J/K/L shuttle (backwards too, which
 * <video> cannot play: it is done by seeking back on every animation frame), frame steps, seeking
 * and looping a play. Reports the playhead through `onTime` on every frame while moving.
 */
export class VideoTransport {
  #video: HTMLVideoElement | null = null;
  #rate = $state.raw(0);
  /** The chosen playback speed: what Space and the first L (or J) play at. */
  #speed = $state.raw(1);
  /** The last time reported (also where seek() put a video that cannot seek yet); the view reads it from onTime. */
  #timeS = 0;
  #ready = $state.raw(false);
  #error = $state.raw<string | null>(null);
  #loop = $state.raw<Span | null>(null);
  #frame = 0;
  #lastTick = 0;
  readonly #fps: () => number;
  readonly #onTime: (timeS: number) => void;

  constructor(options: { fps: () => number; onTime: (timeS: number) => void }) {
    this.#fps = options.fps;
    this.#onTime = options.onTime;
  }

  /** Shuttle rate: 0 stopped, the playback speed when playing, 2/4/8 fast forward, negative backwards. */
  get rate(): number {
    return this.#rate;
  }

  /** The playback speed (0.25× to 2×) that playing and the first shuttle press use. */
  get speed(): number {
    return this.#speed;
  }

  /**
   * Chooses the playback speed. A moving film takes it at once, in its direction: picking a speed
   * is a more deliberate act than the shuttle's presses, so it overrides a fast shuttle too.
   */
  setSpeed(speed: number): void {
    this.#speed = validSpeed(speed);
    if (this.#rate !== 0) this.#setRate(Math.sign(this.#rate) * this.#speed);
    else this.#showSpeed();
  }

  /** The element itself carries the speed while stopped too (and a new film starts at it: defaultPlaybackRate). */
  #showSpeed(): void {
    if (!this.#video) return;
    this.#video.defaultPlaybackRate = this.#speed;
    this.#video.playbackRate = this.#speed;
  }

  get playing(): boolean {
    return this.#rate !== 0;
  }

  /** The video can seek (its metadata has loaded). */
  get ready(): boolean {
    return this.#ready;
  }

  get error(): string | null {
    return this.#error;
  }

  /** The play being looped, or null. */
  get loop(): Span | null {
    return this.#loop;
  }

  get durationS(): number {
    const duration = this.#video?.duration;
    return duration !== undefined && Number.isFinite(duration) ? duration : 0;
  }

  /** Takes charge of a <video>; returns the function that lets go of it. */
  attach(video: HTMLVideoElement): () => void {
    this.#video = video;
    // Untracked: the view attaches from an effect, which must not re-run (and stop the film) on a speed change.
    untrack(() => this.#showSpeed());
    const onMeta = () => {
      this.#ready = true;
      this.#error = null;
      this.#report();
    };
    const onError = () => {
      this.#ready = false;
      this.#stop();
      this.#error = describeMediaError(video.error);
      void this.#askServer(video);
    };
    const onTime = () => this.#report();
    const onEmptied = () => {
      this.#ready = false;
      this.#stop();
    };
    const listeners: readonly [string, () => void][] = [
      ['loadedmetadata', onMeta], ['error', onError], ['seeked', onTime], ['timeupdate', onTime], ['ended', () => this.#stop()], ['emptied', onEmptied],
    ];
    for (const [type, listener] of listeners) video.addEventListener(type, listener);
    if (video.readyState >= HTMLMediaElement.HAVE_METADATA) onMeta();
    return () => {
      this.#stop();
      for (const [type, listener] of listeners) video.removeEventListener(type, listener);
      this.#video = null;
    };
  }

  togglePlay(): void {
    this.#setRate(this.#rate === 0 ? this.#speed : 0);
  }

  pause(): void {
    this.#setRate(0);
  }

  shuttle(key: 'j' | 'k' | 'l'): void {
    this.#setRate(shuttleRate(this.#rate, key, this.#speed));
  }

  /** One frame (or `frames`) back or forward on the game's frame grid; pauses first, as editors do. */
  step(frames: number): void {
    this.#setRate(0);
    this.seek(frameStepTime(this.#video?.currentTime ?? this.#timeS, this.#fps(), frames, this.durationS || Number.POSITIVE_INFINITY));
  }

  seek(timeS: number): void {
    const t = Math.max(0, this.durationS > 0 ? Math.min(timeS, this.durationS) : timeS);
    if (this.#video && this.#ready) this.#video.currentTime = t;
    this.#timeS = t;
    this.#onTime(t);
  }

  /** Loops this play (null: stop looping); the playhead jumps into it if it is elsewhere. */
  setLoop(span: Span | null): void {
    this.#loop = span;
    if (span) {
      const jump = loopSeek(span, this.#timeS);
      if (jump !== undefined) this.seek(jump);
    }
  }

  #setRate(rate: number): void {
    const video = this.#video;
    this.#rate = video && this.#ready ? rate : 0;
    if (!video || !this.#ready) return;
    cancelAnimationFrame(this.#frame);
    if (this.#rate > 0) {
      video.playbackRate = this.#rate;
      video.play().catch((error: unknown) => {
        // A pause() while play() was starting rejects with AbortError: not a failure.
        if ((error as Error).name !== 'AbortError') this.#error = `The video would not play: ${(error as Error).message}`;
        this.#rate = 0;
      });
    } else {
      video.pause();
      this.#showSpeed();
    }
    if (this.#rate !== 0) {
      this.#lastTick = performance.now();
      this.#frame = requestAnimationFrame((now) => this.#tick(now));
    }
  }

  #stop(): void {
    cancelAnimationFrame(this.#frame);
    this.#rate = 0;
    this.#video?.pause();
  }

  /** Every animation frame while moving: the backwards shuttle's seek, the loop, and the playhead. */
  #tick(now: number): void {
    const video = this.#video;
    if (!video || this.#rate === 0) return;
    const elapsed = Math.min(0.25, (now - this.#lastTick) / 1000);
    this.#lastTick = now;
    if (this.#rate < 0) {
      const back = video.currentTime + this.#rate * elapsed;
      if (back <= 0) {
        video.currentTime = 0;
        this.#rate = 0;
      } else if (!video.seeking) {
        video.currentTime = back;
      }
    }
    const loop = this.#loop;
    if (loop) {
      const jump = this.#rate < 0 && video.currentTime <= loop.startS ? loop.endS : loopSeek(loop, video.currentTime);
      if (jump !== undefined) video.currentTime = jump;
    }
    this.#report();
    if (this.#rate !== 0) this.#frame = requestAnimationFrame((t) => this.#tick(t));
  }

  /**
   * The host says exactly why it did not send a video (which file is missing, and what to do), where
   * the media element only knows that it failed: ask it for the first byte and show its answer.
   */
  async #askServer(video: HTMLVideoElement): Promise<void> {
    const source = video.currentSrc || video.src;
    if (!source) return;
    try {
      const response = await fetch(source, { headers: { Range: 'bytes=0-0' }, cache: 'no-store' });
      const text = response.ok ? '' : (await response.text()).trim();
      if (text && this.#video === video && video.error) this.#error = text;
    } catch {
      // No answer at all: the media error's own words stay.
    }
  }

  #report(): void {
    const t = this.#video?.currentTime;
    if (t === undefined || !Number.isFinite(t)) return;
    this.#timeS = t;
    this.#onTime(t);
  }
}

/** A media error in words an analyst can act on. */
export function describeMediaError(error: MediaError | null): string {
  switch (error?.code) {
    case 1:
      return 'Loading the video was stopped.';
    case 2:
      return 'The video could not be read from the library: it may have been moved or deleted. Put it back, or import the game again.';
    case 3:
      return 'The video file is damaged: it stopped decoding part-way. Re-export it from the source and import the game again.';
    case 4:
      return 'This video cannot be played here: the file is missing or its format or codec is not supported (H.264 or VP9 in MP4 or WebM plays). Convert it, then import it again.';
    default:
      return 'The video could not be played.';
  }
}
