import { createRouteRef } from '@backstage/core-plugin-api';

/** The standalone `/videogen` page. */
export const rootRouteRef = createRouteRef({ id: 'videogen' });

/** The "Video generator" tab on entity pages. */
export const entityContentRouteRef = createRouteRef({
  id: 'videogen:entity-content',
});
