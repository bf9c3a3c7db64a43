import noLeakedConnection from './no-leaked-connection';
import noPoolPerRequest from './no-pool-per-request';

/** Every rule of the plugin, by name. */
export const rules = {
  'no-leaked-connection': noLeakedConnection,
  'no-pool-per-request': noPoolPerRequest,
};
