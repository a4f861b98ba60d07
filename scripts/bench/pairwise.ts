/**
 * Pairwise precision and recall of the pipeline's clusters against the
 * generator's incidents, counted over the pairs that hold at least one new tip
 * (new ↔ new and new ↔ history): history pairs were clustered by the generator,
 * not by the pipeline. Counts per group, so a million-tip history costs only
 * the members of the clusters and incidents the new tips are in.
 */
export interface ScoredTip {
  cluster: number;
  incident: number;
  /** Taken through the pipeline in this run (the rest is history). */
  isNew: boolean;
}

export interface PairCounts {
  /** Pairs in one incident (true), in one cluster (predicted), in both. */
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  precision: number;
  recall: number;
}

export interface PairwiseScore {
  all: PairCounts;
  amongNew: PairCounts;
  newToHistory: PairCounts;
}

/** `tips` must hold every member of every cluster and every incident that holds a new tip. */
export function pairwiseScore(tips: readonly ScoredTip[]): PairwiseScore {
  const tally = (key: (tip: ScoredTip) => string) => {
    const groups = new Map<string, { fresh: number; old: number }>();
    for (const tip of tips) {
      const k = key(tip);
      const group = groups.get(k) ?? { fresh: 0, old: 0 };
      if (tip.isNew) group.fresh++;
      else group.old++;
      groups.set(k, group);
    }
    let amongNew = 0;
    let newToHistory = 0;
    for (const { fresh, old } of groups.values()) {
      amongNew += (fresh * (fresh - 1)) / 2;
      newToHistory += fresh * old;
    }
    return { amongNew, newToHistory };
  };
  const truth = tally((t) => String(t.incident));
  const predicted = tally((t) => String(t.cluster));
  const correct = tally((t) => `${t.cluster}/${t.incident}`);
  const counts = (pick: (x: { amongNew: number; newToHistory: number }) => number): PairCounts => {
    const truePairs = pick(truth);
    const predictedPairs = pick(predicted);
    const correctPairs = pick(correct);
    return {
      truePairs, predictedPairs, correctPairs,
      precision: predictedPairs ? correctPairs / predictedPairs : 1,
      recall: truePairs ? correctPairs / truePairs : 1,
    };
  };
  return {
    all: counts((x) => x.amongNew + x.newToHistory),
    amongNew: counts((x) => x.amongNew),
    newToHistory: counts((x) => x.newToHistory),
  };
}
