import noAwaitWhileCheckedOut from './no-await-while-checked-out';
import noLeakedConnection from './no-leaked-connection';
import noPoolPerRequest from './no-pool-per-request';

/** Every rule of the plugin, by name. */
export const rules = {
  'no-await-while-checked-out': noAwaitWhileCheckedOut,
  'no-leaked-connection': noLeakedConnection,
  'no-pool-per-request': noPoolPerRequest,
};
