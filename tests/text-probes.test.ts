import { describe, expect, it } from 'vitest';
import { containsAnyName, nameProbes, probeOf } from '../src/analysis/text-probes';

describe('probeOf', () => {
  it('takes up to six characters from the rarest one', () => {
    expect(probeOf('createQueryRunner')).toBe('QueryR');
    expect(probeOf('acquireConnection')).toBe('quireC');
    expect(probeOf('getconn')).toBe('getcon');
  });
  it('stays inside the name when the rarest character is near its end, and keeps short names whole', () => {
    expect(probeOf('takeX')).toBe('takeX');
    expect(probeOf('connectionZ')).toBe('ctionZ');
    expect(probeOf('a')).toBe('a');
  });
  it('always returns a piece of the name', () => {
    for (const name of ['$acquire', 'get_conn2', 'ÉcheckOut', 'x', 'pool.connect']) expect(name.includes(probeOf(name))).toBe(true);
  });
});

describe('containsAnyName', () => {
  const probes = nameProbes(['createQueryRunner', 'getconn', '']);
  it('finds a name anywhere in the text', () => {
    expect(containsAnyName('const r = ds.createQueryRunner();', probes)).toBe(true);
    expect(containsAnyName('db.getconn()', probes)).toBe(true);
  });
  it('needs the whole name, not only its probe', () => {
    expect(containsAnyName('new QueryRunnerFactory(); getcon()', probes)).toBe(false);
  });
  it('finds nothing without names, and ignores an empty one', () => {
    expect(containsAnyName('anything', nameProbes([]))).toBe(false);
    expect(containsAnyName('', probes)).toBe(false);
  });
});
