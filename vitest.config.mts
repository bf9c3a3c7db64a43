import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/drivers/**'],
          setupFiles: ['tests/setup.ts'],
        },
      },
      {
        // The driver-facts suite: real libraries against servers it starts itself (tests/drivers/servers.ts).
        extends: true,
        test: {
          name: 'drivers',
          include: ['tests/drivers/**/*.test.ts'],
          globalSetup: ['tests/drivers/servers.ts'],
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
