import { defineConfig } from 'vitest/config';

// Projects, run in this order by `npm test`:
// unit (pure, fast) with unit-dom (React components in happy-dom, Testing Library), integration
// (real mesh-sim, Prometheus, kubectl), e2e (real Chromium against the demo stack).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          // Component tests render into a DOM and are driven as a user would (roles and names).
          name: 'unit-dom',
          include: ['apps/web/src/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['apps/web/src/test/setupDom.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            'packages/*/test/**/*.itest.ts',
            'apps/*/test/**/*.itest.ts',
            'scripts/test/**/*.itest.ts',
          ],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
