import { AST_NODE_TYPES as NODE_TYPES } from '@typescript-eslint/types';

/**
 * The node type enum, read once. In the CommonJS build every use of an imported binding goes
 * through the re-export getters of `@typescript-eslint/types`, and the rules compare
 * node types on every node they visit: a plain module constant keeps that a property load.
 */
export const AST_NODE_TYPES = NODE_TYPES;
