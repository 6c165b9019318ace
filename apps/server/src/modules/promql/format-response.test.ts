import { describe, expect, it } from 'vitest';
import { stepMatrixData } from './engine/index.ts';
import { queryResponseBody, queryResponseJson, stepMatrixJson } from './format-response.ts';
import type { StepMatrix } from './types.ts';

const matrix = (grid: StepMatrix['grid'], series: StepMatrix['series']): StepMatrix => ({
  resultType: 'matrix',
  grid,
  series,
});

describe('stepMatrixJson', () => {
  it('writes the same bytes as the PromQueryData form, for any values, labels and gaps', () => {
    const n = 7;
    const m = matrix({ start: 1_700_000_000_123, step: 1500, n }, [
      {
        metric: { __name__: 'x', job: 'ünïcode "quoted" \\ \n', empty: '' },
        vals: Float64Array.from([1, -0, NaN, Infinity, -Infinity, 1e-7, 1.5e21]),
        has: Uint8Array.from([1, 1, 1, 1, 1, 1, 1]),
      },
      {
        metric: {},
        vals: Float64Array.from([0, 0.1, 2, 3, 1234567.891, 5, 6]),
        has: Uint8Array.from([0, 1, 0, 0, 1, 0, 1]),
      },
      {
        metric: { a: '😀' },
        vals: new Float64Array(n),
        has: Uint8Array.from([0, 0, 0, 0, 0, 0, 1]),
      },
    ]);
    const expected = queryResponseJson(stepMatrixData(m));
    expect(stepMatrixJson(m).toString('utf8')).toBe(expected);
    expect(JSON.parse(expected).data.result[1].values).toEqual([
      [1_700_000_001.623, '0.1'],
      [1_700_000_006.123, '1234567.891'],
      [1_700_000_009.123, '6'],
    ]);
  });

  it('grows its buffer past the first block and answers an empty matrix', () => {
    const n = 11_000;
    const vals = Float64Array.from({ length: n }, (_, i) => i / 3);
    const m = matrix({ start: 0, step: 60_000, n }, [
      { metric: { __name__: 'big' }, vals, has: new Uint8Array(n).fill(1) },
    ]);
    expect(stepMatrixJson(m).toString('utf8')).toBe(queryResponseJson(stepMatrixData(m)));
    const empty = matrix({ start: 0, step: 1000, n: 3 }, []);
    expect(queryResponseBody(empty).toString()).toBe(
      '{"status":"success","data":{"resultType":"matrix","result":[]}}',
    );
  });
});
