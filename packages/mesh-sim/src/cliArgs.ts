import { scenarioList, type ScenarioName } from './scenarios/index.ts';

export interface CliOptions {
  /** One scenario or several sharing the cluster (`--scenario bookinfo,shop`). */
  scenario: ScenarioName[];
  host: string;
  /** Host name written into the kubeconfig (and printed URLs) when clients reach the sim by another name, e.g. in docker compose. */
  advertiseHost: string | undefined;
  kubePort: number;
  metricsPort: number;
  kubeconfigOut: string | undefined;
  seed: number;
  namespaces: number;
  services: number;
  watchHistory: number;
  tickMs: number;
}

export const USAGE = `usage: mesh-sim [--scenario empty|bookinfo|shop|bookinfo,shop|generated] [--kube-port N] [--metrics-port N]
                [--kubeconfig-out FILE] [--host 127.0.0.1] [--advertise-host NAME] [--seed N]
                [--namespaces N --services M]   (generated scenario)
                [--watch-history N] [--tick-ms N]`;

/** Parses the mesh-sim command line; throws an Error whose message names the bad flag. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    scenario: ['bookinfo'],
    host: '127.0.0.1',
    advertiseHost: undefined,
    kubePort: 0,
    metricsPort: 0,
    kubeconfigOut: undefined,
    seed: 1,
    namespaces: 10,
    services: 20,
    watchHistory: 2000,
    tickMs: 1000,
  };
  const integer = (flag: string, value: string | undefined, min: number, max: number): number => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < min || n > max)
      throw new Error(
        `${flag}: expected an integer from ${min} to ${max}, got ${value === undefined ? 'nothing' : `"${value}"`}`,
      );
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--scenario': {
        try {
          options.scenario = scenarioList(value() ?? '');
        } catch (error) {
          throw new Error(`--scenario: ${(error as Error).message}`);
        }
        break;
      }
      case '--host': {
        const v = value();
        if (!v) throw new Error('--host: expected an address');
        options.host = v;
        break;
      }
      case '--advertise-host': {
        const v = value();
        if (!v) throw new Error('--advertise-host: expected a host name');
        options.advertiseHost = v;
        break;
      }
      case '--kube-port':
        options.kubePort = integer(flag, value(), 0, 65535);
        break;
      case '--metrics-port':
        options.metricsPort = integer(flag, value(), 0, 65535);
        break;
      case '--kubeconfig-out': {
        const v = value();
        if (!v) throw new Error('--kubeconfig-out: expected a file path');
        options.kubeconfigOut = v;
        break;
      }
      case '--seed':
        options.seed = integer(flag, value(), 0, 2 ** 31);
        break;
      case '--namespaces':
        options.namespaces = integer(flag, value(), 1, 10_000);
        break;
      case '--services':
        options.services = integer(flag, value(), 1, 10_000);
        break;
      case '--watch-history':
        options.watchHistory = integer(flag, value(), 1, 10_000_000);
        break;
      case '--tick-ms':
        options.tickMs = integer(flag, value(), 10, 600_000);
        break;
      default:
        throw new Error(`unknown flag "${arg}"\n${USAGE}`);
    }
  }
  return options;
}
