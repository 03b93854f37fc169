// Request, response and error interceptors, with the API of hey-api's fetch client (`use` returns an
// id that `eject`, `exists` and `update` accept, as does the function itself).

/** Sees (and may replace) each Request before it is sent. */
export type ReqInterceptor<Req, Options> = (request: Req, options: Options) => Req | Promise<Req>;

/** Sees (and may replace) each Response. */
export type ResInterceptor<Res, Req, Options> = (
  response: Res,
  request: Req,
  options: Options,
) => Res | Promise<Res>;

/** Sees (and may replace) the error a call ends with; `response` and `request` exist when they were made. */
export type ErrInterceptor<Err, Res, Req, Options> = (
  error: Err,
  response: Res | undefined,
  request: Req | undefined,
  options: Options,
) => Err | Promise<Err>;

/** A list of interceptors of one kind. */
export class Interceptors<Interceptor> {
  /** The registered interceptors; an ejected one leaves `null` so ids stay stable. */
  fns: Array<Interceptor | null> = [];

  /** Removes every interceptor. */
  clear(): void {
    this.fns = [];
  }

  /** Removes an interceptor by id or by function. */
  eject(id: number | Interceptor): void {
    const index = this.getInterceptorIndex(id);
    if (this.fns[index]) this.fns[index] = null;
  }

  /** Whether an interceptor (by id or function) is registered. */
  exists(id: number | Interceptor): boolean {
    return Boolean(this.fns[this.getInterceptorIndex(id)]);
  }

  /** The index of an interceptor, or -1. */
  getInterceptorIndex(id: number | Interceptor): number {
    if (typeof id === 'number') return this.fns[id] ? id : -1;
    return this.fns.indexOf(id);
  }

  /** Replaces an interceptor; returns its id, or false when it is not registered. */
  update(id: number | Interceptor, fn: Interceptor): number | Interceptor | false {
    const index = this.getInterceptorIndex(id);
    if (!this.fns[index]) return false;
    this.fns[index] = fn;
    return id;
  }

  /** Registers an interceptor and returns its id. */
  use(fn: Interceptor): number {
    return this.fns.push(fn) - 1;
  }

  /** Whether any interceptor is registered. */
  get active(): boolean {
    return this.fns.some(Boolean);
  }
}

/** The interceptors of a client. */
export interface Middleware<Req, Res, Err, Options> {
  /** Run on the error a call ends with. */
  error: Interceptors<ErrInterceptor<Err, Res, Req, Options>>;
  /** Run on each Request before it is sent. */
  request: Interceptors<ReqInterceptor<Req, Options>>;
  /** Run on each Response. */
  response: Interceptors<ResInterceptor<Res, Req, Options>>;
}
