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
 * Options for a plain <select> of areas in tree order, without indentation
 * (a closed select would show the spaces): the municipality on its own, each
 * district as a group (<optgroup>) holding itself and what lies beneath it;
 * below a neighbourhood, the neighbourhood's name follows in brackets.
 */
export function areaOptions<A extends Pick<AreaItem, 'name' | 'depth'>>(
  areas: A[],
  value: (area: A) => string,
): { value: string; label: string; group?: string }[] {
  const path: string[] = [];
  return areas.map((area) => {
    path[area.depth] = area.name;
    path.length = area.depth + 1;
    const label = area.depth >= 3 ? `${area.name} (${path[area.depth - 1]})` : area.name;
    return { value: value(area), label, group: area.depth >= 1 ? path[1] : undefined };
  });
}
