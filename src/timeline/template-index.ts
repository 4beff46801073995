import { TemplateMiner } from "./templates/template-miner.js";

/**
 * The narrow view of template mining the timeline needs: give a message, get a stable cluster number, and ask for
 * the cluster's current template text later (templates generalise as more messages arrive, so the text is read at
 * the end, never cached per event).
 */
export interface TemplateIndex {
  /** Assign `message` to a cluster and return the cluster's number. */
  add(message: string): number;
  /** Current template text of a cluster, variables shown as `<*>`. */
  templateOf(id: number): string;
  /** Number of clusters so far. */
  readonly size: number;
}

/** The timeline's default index: the Drain-like {@link TemplateMiner} of `./templates`. */
export function createTemplateIndex(): TemplateIndex {
  const miner = new TemplateMiner();
  return {
    add: (message) => miner.add(message),
    templateOf: (id) => miner.templateOf(id),
    get size() {
      return miner.clusterCount;
    },
  };
}
