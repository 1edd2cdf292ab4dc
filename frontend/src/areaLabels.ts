import type { AreaItem } from './api/areas';
import type { MessageKey } from './i18n';
import type { AreaKind } from './gql/graphql';

export const AREA_KINDS: AreaKind[] = ['MUNICIPALITY', 'DISTRICT', 'NEIGHBOURHOOD', 'STREET'];

export function kindKey(kind: AreaKind): MessageKey {
  switch (kind) {
    case 'MUNICIPALITY':
      return 'area.kind.MUNICIPALITY';
    case 'DISTRICT':
      return 'area.kind.DISTRICT';
    case 'NEIGHBOURHOOD':
      return 'area.kind.NEIGHBOURHOOD';
    case 'STREET':
      return 'area.kind.STREET';
  }
}

/**
 * An option label that shows the tree in a plain <select>: indented by depth
 * with non-breaking spaces, so screen readers read just the name.
 */
export function indentedName(area: Pick<AreaItem, 'name' | 'depth'>): string {
  return `${'\u00a0\u00a0\u00a0'.repeat(area.depth)}${area.name}`;
}
