import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cliArgs.ts';

describe('parseCliArgs', () => {
  it('has defaults for a bookinfo demo', () => {
    expect(parseCliArgs([])).toMatchObject({
      scenario: 'bookinfo',
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
      scenario: 'generated',
      kubePort: 6443,
      metricsPort: 9100,
      kubeconfigOut: '/tmp/k',
      namespaces: 100,
      services: 20,
      seed: 7,
    });
  });
  it.each([
    [['--scenario', 'nope'], '--scenario'],
    [['--kube-port', '70000'], '--kube-port'],
    [['--kube-port'], '--kube-port'],
    [['--metrics-port', 'x'], '--metrics-port'],
    [['--bogus'], '--bogus'],
    [['--kubeconfig-out'], '--kubeconfig-out'],
  ])('%j names the bad flag', (argv, flag) => {
    expect(() => parseCliArgs(argv)).toThrow(flag);
  });
});
