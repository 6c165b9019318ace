import { decryptSecret } from '../../../lib/crypto.ts';
import { checkerFor } from '../checkers/registry.ts';
import type { CheckOutcome, MonitorConfig, MonitorSecrets } from '../checkers/types.ts';

export const SECRETS_AAD = 'monitor.secrets';

export interface RunnableMonitor {
  id: string;
  kind: string;
  health_check_url: string | null;
  timeout: number;
  config: Record<string, unknown>;
  secrets_enc: string | null;
}

/**
 * Runs one attempt of a monitor's check. Never throws: a checker error, an unknown kind or an
 * undecryptable secret is an outcome too. The timeout aborts the attempt, so a hanging target
 * holds one slot of the scheduler for at most the monitor's timeout.
 */
export async function runCheck(m: RunnableMonitor, secretKey: Buffer): Promise<CheckOutcome> {
  const checker = checkerFor(m.kind);
  if (!checker)
    return { status: 'unknown', responseTime: null, error: `no checker for kind ${m.kind}` };
  let secrets: MonitorSecrets = {};
  if (m.secrets_enc) {
    try {
      secrets = JSON.parse(decryptSecret(secretKey, m.secrets_enc, SECRETS_AAD)) as MonitorSecrets;
    } catch {
      return {
        status: 'unknown',
        responseTime: null,
        error: 'monitor secrets cannot be decrypted',
      };
    }
  }
  const timeoutMs = m.timeout * 1000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    // The race guards against a checker that ignores its signal.
    return await Promise.race([
      checker.run(
        {
          id: m.id,
          kind: m.kind,
          url: m.health_check_url,
          timeoutMs,
          config: m.config as MonitorConfig,
          secrets,
        },
        controller.signal,
      ),
      new Promise<CheckOutcome>((resolve) =>
        controller.signal.addEventListener('abort', () =>
          setTimeout(
            () =>
              resolve({
                status: 'down',
                responseTime: timeoutMs,
                error: `timed out after ${timeoutMs} ms`,
              }),
            50,
          ),
        ),
      ),
    ]);
  } catch (err) {
    return {
      status: 'down',
      responseTime: null,
      error: err instanceof Error ? err.message : String(err),
    };
  } finally {
    clearTimeout(timer);
  }
}
