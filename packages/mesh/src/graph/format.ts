/**
 * Numbers as Kiali prints them (kiali `graph/config/cytoscape`), kept as JSON numbers: rates with
 * two decimals, or as many as it takes (up to five) to show the first significant digit;
 * percentages with one decimal; mTLS share, response time and throughput as whole numbers.
 */

const digitsFor = (v: number, max: number): number => {
  let precision = 0;
  for (let x = v; precision < max && x > 0 && x < 1; x *= 10) precision++;
  return precision;
};

export function rate(v: number): number {
  return Number(v.toFixed(Math.max(2, digitsFor(v, 5))));
}

export function percent(v: number): number {
  return Number(v.toFixed(1));
}

export function whole(v: number): number {
  return Number(v.toFixed(0));
}
