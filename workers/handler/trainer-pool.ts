import { TrainerProcess } from '../trainer/trainer-client';
import type { BackendChoice } from '../trainer/trainer-env';
import type { ReadyMessage } from '../../server/shared/ipc-protocol';

/**
 * Keeps one trainer child booted ahead of need: starting one (tsx, tfjs, wasm) takes 1–2 s,
 * which would otherwise sit between "launch" and the first epoch of every run.
 */
export class TrainerPool {
  private warm: TrainerProcess | null = null;
  private closed = false;

  constructor(private readonly options: { backend?: BackendChoice; threads?: number; maxOldSpaceMb?: number } = {}) {}

  /** What a trainer on this host reports: the backend, device and versions a run would get. */
  async probe(): Promise<ReadyMessage> {
    return this.ensureWarm().ready;
  }

  take(): TrainerProcess {
    const trainer = this.ensureWarm();
    this.warm = null;
    // A child that died while waiting (killed, crashed) is replaced rather than handed out.
    void trainer.exited.then(() => {
      if (this.warm === trainer) this.warm = null;
    });
    if (!this.closed) setImmediate(() => this.ensureWarm());
    return trainer;
  }

  private ensureWarm(): TrainerProcess {
    if (!this.warm) {
      const trainer = new TrainerProcess(this.options);
      void trainer.exited.then(() => {
        if (this.warm === trainer) this.warm = null;
      });
      this.warm = trainer;
    }
    return this.warm;
  }

  async close(): Promise<void> {
    this.closed = true;
    const warm = this.warm;
    this.warm = null;
    if (warm) await warm.close().catch(() => warm.kill());
  }
}
