// The benchmark uses node-postgres (a dev dependency of the backend plugin)
// without @types/pg; only what it calls.
declare module 'pg' {
  export class Client {
    constructor(options: { connectionString: string });
    connect(): Promise<void>;
    query(
      sql: string,
      params?: unknown[],
    ): Promise<{ rows: Array<Record<string, any>> }>;
    end(): Promise<void>;
  }
}
