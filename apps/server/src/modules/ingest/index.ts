// Public surface of the ingest pipeline (ADR 0004): what protocol adapters and table writers use.
export {
  IngestBusyError,
  IngestRateLimitedError,
  IngestRejectedError,
  type IngestContext,
  type IngestItem,
  type IngestPipeline,
  type IngestStats,
  type TableWriter,
  type WriteOptions,
} from './types.ts';
export { ingestPlugin, useRawBodies, readIngestBody, type IngestPluginOptions } from './plugin.ts';
export { asIngestHttpError, type IngestErrorStyle } from './http-errors.ts';
export { decodeBody, type IngestEncoding, type ReadIngestBodyOptions } from './body.ts';
export {
  authenticateIngest,
  authenticateIngestKey,
  ingestKeyText,
  type AuthenticateIngestOptions,
} from './auth.ts';
export {
  scrubSensitive,
  scrubCards,
  scrubPolicyFromSettings,
  luhnValid,
  DEFAULT_SCRUB_POLICY,
  DEFAULT_SENSITIVE_KEYS,
  FILTERED,
  type ScrubExtras,
  type ScrubPolicy,
} from './scrub.ts';
export {
  copyBinary,
  copyIdempotent,
  copyLines,
  copyField,
  jsonText,
  type CopyData,
  type CopyValue,
} from './copy-writer.ts';
export { BinaryCopyBuilder } from './copy-binary.ts';
export { deterministicUuid, uuidV5, isUuid } from './ids.ts';
export { isUniqueViolation } from './db-errors.ts';
export { writeDeduplicated, writeTransaction } from './write-transaction.ts';
export { coveredPartitionDays } from './partition-days.ts';
export { IngestPipelineCore, type PipelineOptions } from './pipeline.ts';
