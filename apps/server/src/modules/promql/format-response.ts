import type { PromQueryData, PromValue } from './types.ts';

// The success envelope of /api/v1/query and /query_range, written as one string: a dashboard
// query over 1,000 series returns over a million points, and building the text directly is
// several times faster than JSON.stringify over the nested arrays (and skips the response
// schema's serializer, which would walk them once more).

// Sample values are the engine's float formatting (digits, sign, '.', 'e', NaN, +Inf, -Inf):
// nothing to escape. A string result is arbitrary text and is escaped.
const point = (p: PromValue) => `[${p[0]},"${p[1]}"]`;

export function queryResponseJson(data: PromQueryData): string {
  const head = `{"status":"success","data":{"resultType":"${data.resultType}","result":`;
  switch (data.resultType) {
    case 'scalar':
      return `${head}${point(data.result)}}}`;
    case 'string':
      return `${head}[${data.result[0]},${JSON.stringify(data.result[1])}]}}`;
    case 'vector': {
      const parts = data.result.map(
        (s) => `{"metric":${JSON.stringify(s.metric)},"value":${point(s.value)}}`,
      );
      return `${head}[${parts.join(',')}]}}`;
    }
    case 'matrix': {
      const parts: string[] = [];
      for (const s of data.result) {
        const values = new Array<string>(s.values.length);
        for (let i = 0; i < s.values.length; i++) values[i] = point(s.values[i]!);
        parts.push(`{"metric":${JSON.stringify(s.metric)},"values":[${values.join(',')}]}`);
      }
      return `${head}[${parts.join(',')}]}}`;
    }
  }
}

export function successJson(data: unknown): string {
  return `{"status":"success","data":${JSON.stringify(data)}}`;
}
