import noLeakedConnection from './no-leaked-connection';

/** Every rule of the plugin, by name. */
export const rules = {
  'no-leaked-connection': noLeakedConnection,
};
