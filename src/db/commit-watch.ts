import type { DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings, CompiledQuery } from 'kysely';

interface Watcher {
  writes: RegExp;
  listener: () => void;
}

/** A connection that remembers which watchers' tables its open transaction has inserted into. */
class WatchedConnection implements DatabaseConnection {
  inTransaction = false;
  readonly written = new Set<Watcher>();

  constructor(
    readonly inner: DatabaseConnection,
    private readonly watch: CommitWatch,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.inner.executeQuery<R>(query);
    this.noteWrite(query.sql);
    return result;
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    this.noteWrite(query.sql);
    return this.inner.streamQuery<R>(query, chunkSize);
  }

  /** Called once the connection's transaction has committed (or a statement outside one has run). */
  committed() {
    const written = [...this.written];
    this.written.clear();
    for (const watcher of written) this.watch.notify(watcher);
  }

  private noteWrite(text: string) {
    // Cheap filter first: most statements insert nothing.
    if (!text.includes('insert into')) return;
    for (const watcher of this.watch.watchers) if (watcher.writes.test(text)) this.written.add(watcher);
    if (!this.inTransaction) this.committed();
  }
}

/** Hands the inner driver its own connections and tells the watch when a transaction commits. */
class WatchingDriver implements Driver {
  savepoint?: Driver['savepoint'];
  rollbackToSavepoint?: Driver['rollbackToSavepoint'];
  releaseSavepoint?: Driver['releaseSavepoint'];

  constructor(
    private readonly inner: Driver,
    private readonly watch: CommitWatch,
  ) {
    // Only offered when the inner driver has them: Kysely refuses savepoints up front on a driver without them.
    // A rolled-back savepoint keeps what it noted: waking the feed for nothing is harmless, missing a wake is not.
    if (inner.savepoint) this.savepoint = (c, name, compile) => inner.savepoint!(unwrap(c), name, compile);
    if (inner.rollbackToSavepoint)
      this.rollbackToSavepoint = (c, name, compile) => inner.rollbackToSavepoint!(unwrap(c), name, compile);
    if (inner.releaseSavepoint)
      this.releaseSavepoint = (c, name, compile) => inner.releaseSavepoint!(unwrap(c), name, compile);
  }

  init() {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new WatchedConnection(await this.inner.acquireConnection(), this.watch);
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    await this.inner.beginTransaction(unwrap(connection), settings);
    (connection as WatchedConnection).inTransaction = true;
  }
  async commitTransaction(connection: DatabaseConnection) {
    const watched = connection as WatchedConnection;
    try {
      await this.inner.commitTransaction(watched.inner);
    } catch (error) {
      watched.written.clear(); // a failed commit is a rollback
      throw error;
    } finally {
      watched.inTransaction = false;
    }
    watched.committed();
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    const watched = connection as WatchedConnection;
    watched.written.clear();
    watched.inTransaction = false;
    await this.inner.rollbackTransaction(watched.inner);
  }
  releaseConnection(connection: DatabaseConnection) {
    return this.inner.releaseConnection(unwrap(connection));
  }
  destroy() {
    return this.inner.destroy();
  }
}

const unwrap = (connection: DatabaseConnection) => (connection as WatchedConnection).inner;

const quoted = (name: string) => name.replace(/[^a-z0-9_]/gi, '');

/**
 * Calls listeners after a commit that inserted into a watched table, whichever code opened the transaction: the
 * driver sees every statement and every commit, so no caller has to remember to announce its writes. A statement
 * outside a transaction counts as committed when it returns; a rolled-back transaction (or a failed commit) calls
 * nobody. Only this process's commits are seen: other instances learn of them their own way.
 */
export class CommitWatch {
  readonly watchers = new Set<Watcher>();

  /** `listener` runs (synchronously, after the commit returned) once per commit that inserted into `table`. */
  afterCommitWriting(table: string, listener: () => void): () => void {
    const name = quoted(table);
    const watcher = { writes: new RegExp(`\\binsert into (?:"${name}"|${name})[\\s(]`), listener };
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  notify(watcher: Watcher) {
    if (!this.watchers.has(watcher)) return;
    try {
      watcher.listener();
    } catch {
      // A listener's failure is its own: the commit it follows has succeeded and its caller must hear so.
    }
  }

  /** The same dialect, with a driver that reports commits here. */
  wrap(dialect: Dialect): Dialect {
    return {
      createDriver: () => new WatchingDriver(dialect.createDriver(), this),
      createQueryCompiler: () => dialect.createQueryCompiler(),
      createAdapter: () => dialect.createAdapter(),
      createIntrospector: (db) => dialect.createIntrospector(db),
    };
  }
}
