/** The job queue as the rest of Pharos sees it (pg-boss underneath). */
export interface JobRuntime {
  /**
   * Queues a job of the catalog after validating its payload. Resolves to the job id, or null
   * when a singleton rule dropped it (one of the same slot or state already exists).
   */
  send(
    name: string,
    payload: object,
    options?: { singletonKey?: string; startAfter?: Date | number },
  ): Promise<string | null>;
  /** Whether this process runs workers and schedules (roles all and worker). */
  readonly working: boolean;
  /** Stops taking new jobs and waits for running ones (graceful shutdown). */
  stop(timeoutMs: number): Promise<void>;
}
