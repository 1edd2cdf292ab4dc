import { request } from './client';
import { AreasPageQuery } from './operations';
import type { AreasPageQuery as AreasPageResult } from '../gql/graphql';

export type AreaItem = AreasPageResult['areas']['nodes'][number];

/**
 * Every area in tree order (each followed by what lies beneath it), following
 * the connection's pages; a municipality's tree is a few hundred areas at most.
 */
export async function loadAllAreas(): Promise<AreaItem[]> {
  const all: AreaItem[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page += 1) {
    const data: AreasPageResult = await request(AreasPageQuery, { after });
    all.push(...data.areas.nodes);
    if (!data.areas.pageInfo.hasNextPage || !data.areas.pageInfo.endCursor) break;
    after = data.areas.pageInfo.endCursor;
  }
  return all;
}
