import { createApiRef } from '@backstage/core-plugin-api';

/** Health of the videogen backend plugin. @public */
export type VideogenHealth = {
  status: 'ok' | 'unavailable';
  message?: string;
};

/**
 * Client for the `videogen` backend plugin.
 * @public
 */
export interface VideogenApi {
  getHealth(): Promise<VideogenHealth>;
}

/** @public */
export const videogenApiRef = createApiRef<VideogenApi>({
  id: 'plugin.videogen.service',
});
