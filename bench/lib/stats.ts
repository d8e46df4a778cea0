/**
 * Small statistics helpers of the benchmark harness: latency summaries from samples or from an
 * autocannon histogram, and a sampler of the server's RSS while load runs.
 */
import type { Latency } from './types.js';

const round = (x: number, digits = 1) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Nearest-rank percentile of sorted samples (p in 0…100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** p50/p90/p99/max/mean of latency samples in milliseconds (all 0 when there are none). */
export function latencyOf(samplesMs: readonly number[]): Latency {
  if (samplesMs.length === 0) return { p50: 0, p90: 0, p99: 0, max: 0, mean: 0 };
  const s = [...samplesMs].sort((a, b) => a - b);
  const mean = s.reduce((n, x) => n + x, 0) / s.length;
  return { p50: round(percentile(s, 50)), p90: round(percentile(s, 90)), p99: round(percentile(s, 99)), max: round(s[s.length - 1]!), mean: round(mean) };
}

/** The same summary from an autocannon latency histogram (already in milliseconds). */
export function latencyOfHistogram(h: { p50: number; p90: number; p99: number; max: number; mean: number }): Latency {
  return { p50: round(h.p50), p90: round(h.p90), p99: round(h.p99), max: round(h.max), mean: round(h.mean) };
}

/**
 * Samples a value (the server's RSS) every `everyMs` while started; `peak` is the highest value seen
 * since the sampler was created. Sampling failures (the process already gone) are ignored.
 */
export class PeakSampler {
  peak = 0;
  samples = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly read: () => number, private readonly everyMs = 250) {}

  sample(): number {
    try {
      const v = this.read();
      this.samples += 1;
      if (v > this.peak) this.peak = v;
      return v;
    } catch {
      return 0;
    }
  }

  start(): void {
    if (this.timer) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    this.sample();
  }

  /** Runs `fn` with sampling on (nested calls keep sampling on until the outermost ends). */
  async during<T>(fn: () => Promise<T>): Promise<T> {
    const wasOn = this.timer !== null;
    this.start();
    try {
      return await fn();
    } finally {
      if (!wasOn) this.stop();
    }
  }
}

export { round };
