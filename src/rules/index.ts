import noAwaitWhileCheckedOut from './no-await-while-checked-out';
import noDoubleRelease from './no-double-release';
import noLeakedConnection from './no-leaked-connection';
import noNestedCheckout from './no-nested-checkout';
import noPoolOverBudget from './no-pool-over-budget';
import noPoolPerRequest from './no-pool-per-request';
import noSessionStateOnPool from './no-session-state-on-pool';
import noSharedPoolClose from './no-shared-pool-close';
import noTransactionOnPool from './no-transaction-on-pool';
import preferPoolQuery from './prefer-pool-query';
import requirePoolTimeouts from './require-pool-timeouts';

/** Every rule of the plugin, by name. */
export const rules = {
  'no-await-while-checked-out': noAwaitWhileCheckedOut,
  'no-double-release': noDoubleRelease,
  'no-leaked-connection': noLeakedConnection,
  'no-nested-checkout': noNestedCheckout,
  'no-pool-over-budget': noPoolOverBudget,
  'no-pool-per-request': noPoolPerRequest,
  'no-session-state-on-pool': noSessionStateOnPool,
  'no-shared-pool-close': noSharedPoolClose,
  'no-transaction-on-pool': noTransactionOnPool,
  'prefer-pool-query': preferPoolQuery,
  'require-pool-timeouts': requirePoolTimeouts,
};
