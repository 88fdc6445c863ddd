import { spawn } from 'node:child_process';

/** Runs the real kubectl against the stack's cluster; rejects with its stderr on a non-zero exit. */
export function kubectl(kubeconfig: string, args: string[], stdin?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', ['--kubeconfig', kubeconfig, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`kubectl ${args.join(' ')}: ${err}`)),
    );
    child.stdin.end(stdin ?? '');
  });
}

/** `kubectl get <kind> <name> -n <namespace> -o json`, parsed. */
export async function getObject<T = { spec: unknown }>(
  kubeconfig: string,
  kind: string,
  namespace: string,
  name: string,
): Promise<T> {
  return JSON.parse(await kubectl(kubeconfig, ['get', kind, name, '-n', namespace, '-o', 'json'])) as T;
}
