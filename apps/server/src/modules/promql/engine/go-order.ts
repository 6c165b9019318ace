// Go's container/heap and sort.Sort as Prometheus' topk/bottomk/sort use them: their order of
// equal values (and of NaN, which these comparators treat inconsistently) is the algorithms'.

/** Go's sort.Sort: pdqsort, whose sort of up to 12 elements is this insertion sort. */
export function goSort<T>(a: T[], less: (x: T, y: T) => boolean): void {
  if (a.length > 12) {
    // pdqsort proper: only the order of equal elements can differ from this stable sort.
    a.sort((x, y) => (less(x, y) ? -1 : less(y, x) ? 1 : 0));
    return;
  }
  for (let i = 1; i < a.length; i++)
    for (let j = i; j > 0 && less(a[j]!, a[j - 1]!); j--) [a[j], a[j - 1]] = [a[j - 1]!, a[j]!];
}

const isNaN = Number.isNaN;

/** vectorByValueHeap.Less (topk, sort) or vectorByReverseValueHeap.Less (bottomk, sort_desc). */
export const heapLess =
  (byValue: boolean) =>
  (a: number, b: number): boolean =>
    isNaN(a) || (byValue ? a < b : a > b);

/**
 * Prometheus' topk/bottomk for one group at one step: values in input order; the indexes kept,
 * in output order (the heap sorted by sort.Sort(sort.Reverse(heap))).
 */
export function selectK(values: number[], k: number, top: boolean): number[] {
  const less = heapLess(top);
  const h: number[] = [];
  const lt = (i: number, j: number) => less(values[h[i]!]!, values[h[j]!]!);
  const swap = (i: number, j: number) => ([h[i], h[j]] = [h[j]!, h[i]!]);
  const up = (j: number) => {
    for (;;) {
      const i = Math.trunc((j - 1) / 2);
      if (i === j || !lt(j, i)) break;
      swap(i, j);
      j = i;
    }
  };
  const down = (i0: number, n: number): void => {
    let i = i0;
    for (;;) {
      const j1 = 2 * i + 1;
      if (j1 >= n) break;
      let j = j1;
      if (j1 + 1 < n && lt(j1 + 1, j1)) j = j1 + 1;
      if (!lt(j, i)) break;
      swap(i, j);
      i = j;
    }
  };
  values.forEach((v, idx) => {
    const root = h.length > 0 ? values[h[0]!]! : NaN;
    // Prometheus 2.42: a NaN at the root is always replaced (even by NaN).
    if (h.length < k || (top ? root < v : root > v) || isNaN(root)) {
      if (h.length === k) {
        if (k === 1) {
          h[0] = idx;
          return;
        }
        // heap.Pop: the root swapped to the end, sifted, removed.
        swap(0, h.length - 1);
        down(0, h.length - 1);
        h.pop();
      }
      h.push(idx);
      up(h.length - 1);
    }
  });
  goSort(h, (a, b) => less(values[b]!, values[a]!));
  return h;
}
