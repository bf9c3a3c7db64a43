import { describe, expect, it } from 'vitest';
import { calledNamePositions, type CalledNames } from '../src/analysis/called-names';

const names: CalledNames = { anywhere: new Set(['connect', 'task', 'taskIf', '$transaction', 'getConnexión']), onPool: new Set(['acquire']) };

/** The names found, by text, in the order of the calls' parentheses. */
function found(code: string, scan: CalledNames = names): string[] {
  return calledNamePositions(code, scan).map(at => /^[\w$\u0080-\uffff]+/u.exec(code.slice(at))![0]);
}

describe('calledNamePositions', () => {
  it('finds a name called directly, as a method, optionally chained, asserted or with type arguments', () => {
    expect(found('connect()')).toEqual(['connect']);
    expect(found('await pool.connect ()')).toEqual(['connect']);
    expect(found('pool?.connect?.()')).toEqual(['connect']);
    expect(found('pool.connect!()')).toEqual(['connect']);
    expect(found('pool.connect<Client>()')).toEqual(['connect']);
    expect(found('pool\n  .connect < Client > ! ?. (\n)')).toEqual(['connect']);
    expect(found('db.$transaction(async tx => {})')).toEqual(['$transaction']);
  });

  it('gives the offset of the name itself', () => {
    const code = 'const c = await pool.connect();';
    expect(calledNamePositions(code, names)).toEqual([code.indexOf('connect')]);
  });

  it('takes the whole identifier: a longer or shorter name is another name', () => {
    expect(found('reconnect(); connectAll(); taskIf(); task()')).toEqual(['taskIf', 'task']);
    expect(found('éconnect()')).toEqual([]);
    expect(found('getConnexión()')).toEqual(['getConnexión']);
    expect(found('\u00a0connect()')).toEqual(['connect']);
  });

  it('finds a call written directly inside another call', () => {
    expect(found('task(connect(task()))')).toEqual(['task', 'connect', 'task']);
  });

  it('skips names that are not called, and type arguments with a nested `>`', () => {
    expect(found('const connect = 1; pool.connect; "connect"')).toEqual([]);
    expect(found('pool.connect<Array<Client>>()')).toEqual([]);
    expect(found('pool.connect /* why */ ()')).toEqual([]);
  });

  it('finds pool-only names only after a receiver whose name ends in pool or Pool', () => {
    expect(found('pool.acquire(); this.readPool?.acquire(); Pool . acquire(); spool.acquire()')).toEqual(['acquire', 'acquire', 'acquire', 'acquire']);
    expect(found('queue.acquire(); acquire(); poolSize.acquire()')).toEqual([]);
  });

  it('finds nothing without names', () => {
    expect(calledNamePositions('connect()', { anywhere: new Set(), onPool: new Set() })).toEqual([]);
  });
});
