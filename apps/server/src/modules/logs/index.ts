// Public surface of the logs module: the log_records writer, OTLP helpers, ingest routes.
import type { FastifyInstance } from 'fastify';
import { createLogRecordsWriter } from './log-records-writer.ts';
import { logIngestRoutes } from './routes.ts';

export {
  createLogRecordsWriter,
  logRowLine,
  LOG_COLUMNS,
  type LogRow,
} from './log-records-writer.ts';
export {
  anyValueToJson,
  attributesToObject,
  decodeOtlpBody,
  idToHex,
  int64String,
  loadOtlpRoot,
  otlpAnswer,
  otlpService,
  nanosToIso,
  resourceInfo,
  severityToLevel,
  type Json,
  type ResourceInfo,
} from './otlp/decode.ts';
export { parseLevel, type Level } from './levels.ts';
export { ndjsonToRows, parseNdjson, parseTime } from './ndjson-logs.ts';
export { otlpLogsToRows, decodeLogsProtobuf, encodeLogsResponse } from './otlp-logs.ts';

/** Registers the log_records writer on app.ingest and the log ingest routes. */
export async function logsModule(app: FastifyInstance) {
  app.ingest.register(createLogRecordsWriter());
  await app.register(logIngestRoutes);
}
