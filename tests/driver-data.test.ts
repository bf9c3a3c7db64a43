import { describe, expect, it } from 'vitest';
import { drivers } from '../src/drivers';

describe('driver data', () => {
  it('names how every pool or client a factory builds is closed (`ends`)', () => {
    // What lends connections (checkouts or self-managing helpers) and is built by a factory must be closed at shutdown.
    const missing = drivers.flatMap(driver =>
      driver.factories
        .filter(factory => factory.builds !== false && factory.kind !== 'read')
        .map(factory => ({ kind: factory.creates, model: driver.objects[factory.creates] }))
        .filter(({ model }) => (model.acquire || model.managed) && !model.ends)
        .map(({ kind }) => `${driver.id} ${kind}`),
    );
    expect([...new Set(missing)]).toEqual([]);
  });

  it('never lists a release of a held handle as a way to close its pool', () => {
    for (const driver of drivers) {
      for (const [kind, model] of Object.entries(driver.objects)) {
        if (model.ends && model.release) expect.fail(`${driver.id} ${kind} both releases and ends`);
      }
    }
  });
});
