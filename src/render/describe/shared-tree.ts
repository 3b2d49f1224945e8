/**
 * Trees that renderers hand to more than one object: an app's sorted values are the same object in
 * every cluster's Application wherever no override or template changes them, and sortKeysDeep marks
 * a tree shared the second time it is asked for it. Nothing mutates a shared tree, so the YAML
 * writer keeps the text it wrote for one and writes it again for free; on a platform of twenty
 * clusters that is most of the output. Only the top of a reused tree is marked, which is where the
 * writer looks it up.
 */
const shared = new WeakSet<object>();

export function share<T extends object>(tree: T): T {
  shared.add(tree);
  return tree;
}

export function isShared(tree: object): boolean {
  return shared.has(tree);
}
