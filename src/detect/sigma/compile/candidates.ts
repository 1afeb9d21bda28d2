// The literals found in the current text or event: ids marked once each (a generation stamp per
// id, so nothing is cleared between events), listed in the order found.

export interface CandidateSet {
  gen: number;
  stamp: Uint32Array;
  list: Int32Array;
  count: number;
}

export function markCandidate(set: CandidateSet, id: number): void {
  if (set.stamp[id] !== set.gen) {
    set.stamp[id] = set.gen;
    set.list[set.count++] = id;
  }
}
