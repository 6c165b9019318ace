/** The job queue as the rest of Pharos sees it (pg-boss underneath). */
export interface JobRuntime {
  send(
    name: string,
    payload: object,
    options?: { singletonKey?: string; startAfter?: Date | number },
  ): Promise<string | null>;
  /** Stops taking new jobs and waits for running ones (graceful shutdown). */
  stop(timeoutMs: number): Promise<void>;
}
