/** "Did you mean …?" suggestions, private to config/. */

/** The candidate nearest to `word` by edit distance, ignoring case and "-" vs "_", if it is near enough to be a typo. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  // Lower-casing first puts "versionTable" one edit from "version_table".
  const normal = (s: string) => s.toLowerCase().replace(/-/g, "_");
  const target = normal(word);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(target, normal(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Short keys get a tight limit so that unrelated words are not "suggested".
  const limit = Math.min(3, Math.max(1, Math.floor(target.length / 3)));
  return bestDistance <= limit ? best : undefined;
}

/** Levenshtein distance with one rolling row. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + cost);
    }
    row = next;
  }
  return row[b.length] ?? 0;
}
