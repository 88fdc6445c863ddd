import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cliArgs.ts';

describe('parseCliArgs', () => {
  it('has defaults for a bookinfo demo', () => {
    expect(parseCliArgs([])).toMatchObject({
      scenario: ['bookinfo'],
      kubePort: 0,
      metricsPort: 0,
      host: '127.0.0.1',
    });
  });
  it('reads every flag, in both forms', () => {
    expect(
      parseCliArgs([
        '--scenario',
        'generated',
        '--kube-port=6443',
        '--metrics-port',
        '9100',
        '--kubeconfig-out',
        '/tmp/k',
        '--namespaces',
        '100',
        '--services=20',
        '--seed',
        '7',
      ]),
    ).toMatchObject({
      scenario: ['generated'],
      kubePort: 6443,
      metricsPort: 9100,
      kubeconfigOut: '/tmp/k',
      namespaces: 100,
      services: 20,
      seed: 7,
    });
  });
  it.each([
    ['bookinfo,shop', ['bookinfo', 'shop']],
    ['shop', ['shop']],
    ['shop, bookinfo,shop', ['shop', 'bookinfo']],
  ])('--scenario %s runs %j in one cluster', (value, scenarios) => {
    expect(parseCliArgs(['--scenario', value]).scenario).toEqual(scenarios);
  });
  it.each([
    [['--scenario', 'nope'], '--scenario'],
    [['--scenario', 'bookinfo,generated'], '--scenario'],
    [['--scenario', 'empty,shop'], '--scenario'],
    [['--scenario'], '--scenario'],
    [['--kube-port', '70000'], '--kube-port'],
    [['--kube-port'], '--kube-port'],
    [['--metrics-port', 'x'], '--metrics-port'],
    [['--bogus'], '--bogus'],
    [['--kubeconfig-out'], '--kubeconfig-out'],
  ])('%j names the bad flag', (argv, flag) => {
    expect(() => parseCliArgs(argv)).toThrow(flag);
  });
});
