import type { OidcOptions } from './auth/oidc.ts';
import { scenarioList, type ScenarioName } from './scenarios/index.ts';

/** Authentication flags, named as kube-apiserver's; the token file is read by the caller. */
export interface AuthCliOptions {
  tokenAuthFile?: string;
  oidc?: OidcOptions;
  anonymous?: boolean;
  adminToken?: string;
}

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
  /** Present when any authentication flag is given (`--auth` alone: the admin token only). */
  auth: AuthCliOptions | undefined;
}

export const USAGE = `usage: mesh-sim [--scenario empty|bookinfo|shop|bookinfo,shop|generated] [--kube-port N] [--metrics-port N]
                [--kubeconfig-out FILE] [--host 127.0.0.1] [--advertise-host NAME] [--seed N]
                [--namespaces N --services M]   (generated scenario)
                [--watch-history N] [--tick-ms N]
                [--auth] [--admin-token TOKEN] [--token-auth-file FILE] [--anonymous-auth=true|false]
                [--oidc-issuer-url URL --oidc-client-id ID] [--oidc-username-claim sub]
                [--oidc-username-prefix P] [--oidc-groups-claim C] [--oidc-groups-prefix P]
                [--oidc-signing-algs RS256,ES256]`;

const OIDC_FLAGS: Record<string, Exclude<keyof OidcOptions, 'signingAlgs'>> = {
  '--oidc-issuer-url': 'issuerUrl',
  '--oidc-client-id': 'clientId',
  '--oidc-username-claim': 'usernameClaim',
  '--oidc-username-prefix': 'usernamePrefix',
  '--oidc-groups-claim': 'groupsClaim',
  '--oidc-groups-prefix': 'groupsPrefix',
};

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
    auth: undefined,
  };
  const oidc: Partial<OidcOptions> = {};
  const auth = (): AuthCliOptions => (options.auth ??= {});
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
      case '--auth':
        if (inline !== undefined) throw new Error('--auth: takes no value');
        auth();
        break;
      case '--anonymous-auth':
        if (inline !== undefined && inline !== 'true' && inline !== 'false')
          throw new Error(`--anonymous-auth: expected true or false, got "${inline}"`);
        auth().anonymous = inline !== 'false';
        break;
      case '--admin-token': {
        const v = value();
        if (!v) throw new Error('--admin-token: expected a token');
        auth().adminToken = v;
        break;
      }
      case '--token-auth-file': {
        const v = value();
        if (!v) throw new Error('--token-auth-file: expected a file path');
        auth().tokenAuthFile = v;
        break;
      }
      case '--oidc-signing-algs': {
        const v = value();
        if (!v) throw new Error('--oidc-signing-algs: expected algorithms, e.g. RS256,ES256');
        oidc.signingAlgs = v.split(',');
        break;
      }
      default: {
        const key = OIDC_FLAGS[flag];
        if (!key) throw new Error(`unknown flag "${arg}"\n${USAGE}`);
        const v = value();
        if (v === undefined || (v === '' && key !== 'usernamePrefix' && key !== 'groupsPrefix'))
          throw new Error(`${flag}: expected a value`);
        oidc[key] = v;
      }
    }
  }
  if (Object.keys(oidc).length > 0) {
    if (!oidc.issuerUrl) throw new Error('--oidc-issuer-url: required with the other --oidc-* flags');
    if (!oidc.clientId) throw new Error('--oidc-client-id: required with --oidc-issuer-url');
    try {
      new URL(oidc.issuerUrl);
    } catch {
      throw new Error(`--oidc-issuer-url: not a URL: "${oidc.issuerUrl}"`);
    }
    auth().oidc = oidc as OidcOptions;
  }
  return options;
}
