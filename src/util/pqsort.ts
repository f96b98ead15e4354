// Redis's partial quicksort (pqsort.c: the NetBSD/Bentley–McIlroy qsort that skips the partitions
// lying wholly outside a wanted range). SORT ... BY ... LIMIT and GEOSEARCH ... COUNT use it, and
// elements comparing equal come out in an order that depends on its exact steps, so this follows
// the same partitioning, swaps and insertion-sort cut-off on an array. Redis 7.0's copy has no
// "no swaps: finish with an insertion sort" shortcut of the original (checked against the real
// server: with it, equal elements come out in another order).

type Cmp<T> = (a: T, b: T) => number;

function swap<T>(a: T[], i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

function insertionSort<T>(a: T[], base: number, n: number, cmp: Cmp<T>): void {
  for (let m = base + 1; m < base + n; m++) {
    for (let l = m; l > base && cmp(a[l - 1], a[l]) > 0; l--) swap(a, l, l - 1);
  }
}

function med3<T>(a: T[], i: number, j: number, k: number, cmp: Cmp<T>): number {
  return cmp(a[i], a[j]) < 0
    ? (cmp(a[j], a[k]) < 0 ? j : (cmp(a[i], a[k]) < 0 ? k : i))
    : (cmp(a[j], a[k]) > 0 ? j : (cmp(a[i], a[k]) < 0 ? i : k));
}

/** True unless [lo, hi] lies wholly before or wholly after the part [from, from + n). */
function overlaps(lo: number, hi: number, from: number, n: number): boolean {
  return !((lo < from && hi < from) || (lo >= from + n && hi >= from + n));
}

function pqsort<T>(a: T[], base: number, n: number, cmp: Cmp<T>, lo: number, hi: number): void {
  for (;;) {
    if (n < 7) { insertionSort(a, base, n, cmp); return; }
    let pm = base + Math.floor(n / 2);
    if (n > 7) {
      let pl = base;
      let pn = base + n - 1;
      if (n > 40) {
        const d = Math.floor(n / 8);
        pl = med3(a, pl, pl + d, pl + 2 * d, cmp);
        pm = med3(a, pm - d, pm, pm + d, cmp);
        pn = med3(a, pn - 2 * d, pn - d, pn, cmp);
      }
      pm = med3(a, pl, pm, pn, cmp);
    }
    swap(a, base, pm);
    let pa = base + 1;
    let pb = pa;
    let pc = base + n - 1;
    let pd = pc;
    for (;;) {
      let r: number;
      while (pb <= pc && (r = cmp(a[pb], a[base])) <= 0) {
        if (r === 0) { swap(a, pa, pb); pa++; }
        pb++;
      }
      while (pb <= pc && (r = cmp(a[pc], a[base])) >= 0) {
        if (r === 0) { swap(a, pc, pd); pd--; }
        pc--;
      }
      if (pb > pc) break;
      swap(a, pb, pc);
      pb++;
      pc--;
    }
    const end = base + n;
    let r = Math.min(pa - base, pb - pa);
    for (let k = 0; k < r; k++) swap(a, base + k, pb - r + k);
    r = Math.min(pd - pc, end - pd - 1);
    for (let k = 0; k < r; k++) swap(a, pb + k, end - r + k);
    r = pb - pa;
    if (r > 1 && overlaps(lo, hi, base, r)) pqsort(a, base, r, cmp, lo, hi);
    r = pd - pc;
    if (r > 1 && overlaps(lo, hi, end - r, r)) {
      base = end - r;
      n = r;
      continue;
    }
    return;
  }
}

/**
 * Sorts `a` enough that positions lo..hi hold what a full sort would put there, in Redis's order
 * for equal elements.
 */
export function partialSort<T>(a: T[], cmp: Cmp<T>, lo: number, hi: number): void {
  pqsort(a, 0, a.length, cmp, lo, hi);
}
