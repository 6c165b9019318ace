// k6 summaries in the two shapes k6 writes (documented output of the k6 end-of-test summary):
// the legacy `--summary-export` file and the `handleSummary(data)` object.

export const K6_SUMMARY_EXPORT = {
  root_group: {
    name: '',
    path: '',
    id: 'd41d8cd98f00b204e9800998ecf8427e',
    groups: {},
    checks: {
      'status is 200': {
        name: 'status is 200',
        path: '::status is 200',
        id: 'x',
        passes: 178,
        fails: 2,
      },
    },
  },
  metrics: {
    checks: { passes: 178, fails: 2, value: 0.9888888888888889 },
    data_received: { count: 1300000, rate: 31000 },
    http_req_duration: {
      avg: 144.56,
      min: 104.11,
      med: 110.47,
      max: 1140.2,
      'p(90)': 203.54,
      'p(95)': 215.95,
      thresholds: { 'p(95)<200': true },
    },
    http_req_failed: {
      passes: 2,
      fails: 178,
      value: 0.011111111111111112,
      thresholds: { 'rate<0.05': false },
    },
    http_reqs: { count: 180, rate: 4.369 },
    iterations: { count: 45, rate: 1.092345 },
    vus: { value: 1, min: 1, max: 19 },
    vus_max: { value: 20, min: 20, max: 20 },
  },
};

export const K6_HANDLE_SUMMARY = {
  root_group: {
    name: '',
    path: '',
    id: 'd41d8cd98f00b204e9800998ecf8427e',
    groups: [],
    checks: [],
  },
  options: {
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
    summaryTimeUnit: '',
    noColor: false,
  },
  state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 30012.5 },
  metrics: {
    http_req_duration: {
      type: 'trend',
      contains: 'time',
      values: {
        avg: 52.1,
        min: 20.3,
        med: 48.2,
        max: 310.4,
        'p(90)': 80.5,
        'p(95)': 95.25,
        'p(99)': 180.75,
      },
      thresholds: { 'p(95)<500': { ok: true } },
    },
    http_req_failed: {
      type: 'rate',
      contains: 'default',
      values: { rate: 0, passes: 0, fails: 6000 },
    },
    http_reqs: { type: 'counter', contains: 'default', values: { count: 6000, rate: 199.92 } },
    checks: { type: 'rate', contains: 'default', values: { rate: 1, passes: 6000, fails: 0 } },
    vus: { type: 'gauge', contains: 'default', values: { value: 10, min: 10, max: 10 } },
  },
};
