/**
 * Log-pattern clustering with Drain (He et al., ICWS 2017): messages are tokenized and masked,
 * routed through a fixed-depth tree (token count, then the first few tokens), and joined to
 * the most similar template of the leaf when the share of equal tokens reaches a threshold;
 * differing positions of a template become <*>. Pure and deterministic.
 */

export interface DrainOptions {
  /** Tree depth counting the root, the length level and the leaf: depth - 3 leading tokens route. */
  depth?: number;
  /** Share of equal tokens (0..1) for a message to join a template. */
  similarity?: number;
  /** Children per inner node; past it, new tokens go to the <*> child. */
  maxChildren?: number;
  /** Tokens beyond this are cut (very long messages). */
  maxTokens?: number;
}

export interface Cluster {
  id: number;
  tokens: string[];
  count: number;
  /** A message that joined the cluster first, unmasked. */
  example: string;
}

export const WILDCARD = '<*>';

const MASKS: Array<[RegExp, string]> = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<UUID>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, '<IP>'],
  [/\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b/gi, '<IP>'],
  [/\b0x[0-9a-f]+\b/gi, '<HEX>'],
  // Long hex runs with at least one digit: ids, hashes, trace ids.
  [/\b(?=[0-9a-f]*\d)[0-9a-f]{12,}\b/gi, '<HEX>'],
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<TIME>'],
  [/[+-]?\b\d+(?:\.\d+)?\b/g, '<NUM>'],
];

/** Replaces variable parts (uuids, ips, hex ids, times, numbers) with placeholders. */
export function maskMessage(message: string): string {
  let out = message;
  for (const [re, token] of MASKS) out = out.replace(re, token);
  return out;
}

export function tokenizeMessage(message: string, maxTokens = 64): string[] {
  const tokens = maskMessage(message).split(/\s+/).filter(Boolean);
  return tokens.length > maxTokens ? tokens.slice(0, maxTokens) : tokens;
}

interface TreeNode {
  children: Map<string, TreeNode>;
  clusters: Cluster[];
}

const hasDigit = (t: string) => /\d/.test(t);

export class Drain {
  private readonly depth: number;
  private readonly similarity: number;
  private readonly maxChildren: number;
  private readonly maxTokens: number;
  private readonly root: TreeNode = { children: new Map(), clusters: [] };
  private readonly all: Cluster[] = [];

  constructor(opts: DrainOptions = {}) {
    this.depth = Math.max(4, opts.depth ?? 4);
    this.similarity = opts.similarity ?? 0.5;
    this.maxChildren = opts.maxChildren ?? 100;
    this.maxTokens = opts.maxTokens ?? 64;
  }

  /** Adds a message; returns the cluster it joined or created. */
  add(message: string): Cluster {
    const tokens = tokenizeMessage(message, this.maxTokens);
    const leaf = this.leafFor(tokens);
    const best = this.bestMatch(leaf.clusters, tokens);
    if (best) {
      best.count++;
      best.tokens = best.tokens.map((t, k) => (t === tokens[k] ? t : WILDCARD));
      return best;
    }
    const cluster: Cluster = { id: this.all.length + 1, tokens, count: 1, example: message };
    leaf.clusters.push(cluster);
    this.all.push(cluster);
    return cluster;
  }

  /** The cluster a message would join, without changing any; null when none is similar. */
  match(message: string): Cluster | null {
    const tokens = tokenizeMessage(message, this.maxTokens);
    let node = this.root.children.get(String(tokens.length));
    for (let k = 0; node && k < Math.min(this.depth - 3, tokens.length); k++) {
      node = node.children.get(tokens[k]!) ?? node.children.get(WILDCARD);
    }
    return node ? this.bestMatch(node.clusters, tokens) : null;
  }

  clusters(): Cluster[] {
    return [...this.all];
  }

  private leafFor(tokens: string[]): TreeNode {
    const lengthKey = String(tokens.length);
    let node: TreeNode = this.root.children.get(lengthKey) ?? { children: new Map(), clusters: [] };
    this.root.children.set(lengthKey, node);
    for (let k = 0; k < Math.min(this.depth - 3, tokens.length); k++) {
      const tok = tokens[k]!;
      // Tokens carrying digits are likely variables: route them to the wildcard child.
      const key = hasDigit(tok) ? WILDCARD : tok;
      let child: TreeNode | undefined = node.children.get(key);
      if (!child) {
        const full = node.children.size >= this.maxChildren;
        const existingWild = node.children.get(WILDCARD);
        if (full && existingWild) {
          child = existingWild;
        } else {
          child = { children: new Map(), clusters: [] };
          node.children.set(full ? WILDCARD : key, child);
        }
      }
      node = child;
    }
    return node;
  }

  private bestMatch(clusters: Cluster[], tokens: string[]): Cluster | null {
    let best: Cluster | null = null;
    let bestSim = -1;
    let bestParams = -1;
    for (const c of clusters) {
      if (c.tokens.length !== tokens.length) continue;
      let same = 0;
      let params = 0;
      for (let k = 0; k < tokens.length; k++) {
        if (c.tokens[k] === WILDCARD) params++;
        else if (c.tokens[k] === tokens[k]) same++;
      }
      const sim = tokens.length === 0 ? 1 : same / tokens.length;
      if (sim > bestSim || (sim === bestSim && params > bestParams)) {
        best = c;
        bestSim = sim;
        bestParams = params;
      }
    }
    return best && bestSim >= this.similarity ? best : null;
  }
}

/** The template of a cluster as text. */
export function templateOf(c: Cluster): string {
  return c.tokens.join(' ');
}
