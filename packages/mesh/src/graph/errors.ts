/** The graph request parameters a caller can get wrong, named as the HTTP API names them. */
export type GraphParam =
  | 'namespaces'
  | 'duration'
  | 'queryTime'
  | 'quantile'
  | 'appenders'
  | 'rateHttp'
  | 'rateGrpc'
  | 'rateTcp'
  | 'node';

/**
 * A graph parameter that cannot be turned into a query. The server answers it with 400 and a
 * `fieldErrors` entry at `param`; the message is safe to show (it never echoes more than the bad value).
 */
export class GraphParamError extends Error {
  readonly param: GraphParam;

  constructor(param: GraphParam, message: string) {
    super(message);
    this.name = 'GraphParamError';
    this.param = param;
  }
}
