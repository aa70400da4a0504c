import { readFileSync } from 'node:fs';
import type { Logger } from '../core/logger.ts';
import type { Database, Executor } from '../db/connect.ts';
import { notify, type Subscription, subscribe } from '../db/notify.ts';
import { type ContextEdge, type Environment, type IndexedGraph, indexGraph } from './context-graph.ts';
import { graphHash } from './context-sources.ts';
import type { GraphRef, PolicyDecider } from './decision.ts';
import { PolicyEngine } from './engine.ts';
import { type OnUnavailable, OpaDecider } from './opa.ts';
import { type PolicyError, policyVersionHash } from './policy-set.ts';
import { shippedCheck } from './shipped-check.ts';
import {
  activePolicySet,
  contextEdgesOf,
  contextNodesOf,
  contextSnapshotsOf,
  serviceBodies,
  tenantToolSpecs,
} from './store.ts';
import { ToolCatalog } from './tool-catalog.ts';

/** Everything a decision for one tenant needs, built once per change and cached. */
export interface TenantPolicy {
  /** The policy set's version hash, stored with every decision. */
  version: string;
  decider: PolicyDecider;
  catalog: ToolCatalog;
  graph: IndexedGraph;
  /** The environment a resource is decided in when the graph does not place it. */
  unmapped: Environment;
  /** Which graph this is (its hash, the newest refresh snapshot): what decisions name. */
  graphRef: GraphRef;
}

/** Tells every process that a tenant's policy inputs (policy set, tools, context graph) changed. */
export const POLICY_CHANGED_CHANNEL = 'warrant_policy_changed';

export const defaultPolicyText = readFileSync(
  new URL('../../policies/default.cedar', import.meta.url),
  'utf8',
);

/**
 * config `policy`: with `opa_url`, decisions come from that OPA server instead of the Cedar sets;
 * `unmapped_environment` is what a resource the context graph does not place is decided as (default prod).
 */
export interface PolicyServiceOptions {
  opa_url?: string;
  policy_package?: string;
  /** What reads get while the OPA server is unavailable (opa.ts); writes are denied. */
  on_unavailable?: OnUnavailable;
  unmapped_environment?: Environment;
}

export type Prepared = { ok: true; version: string } | { ok: false; errors: PolicyError[] };

/** Candidate sets (simulated or tested, never active) kept loaded when nobody uses them. */
const CANDIDATES_KEPT = 16;

export class PolicyService {
  readonly engine: PolicyEngine;
  readonly #db: Database;
  readonly #cache = new Map<string, Promise<TenantPolicy>>();
  /** The shipped set's version hash: what decides for a tenant with no active set. */
  readonly defaultVersion: string;
  readonly #opa?: { version: string; decider: OpaDecider };
  readonly #unmapped: Environment;
  /** Versions that decide for someone (the default, tenants' stored sets): never unloaded. */
  readonly #pinned = new Set<string>();
  /** Loaded candidates and how many callers use each now, least recently acquired first. */
  readonly #candidates = new Map<string, number>();
  #subscription?: Subscription;

  /** `db`: the whole connection, since hearing other processes' changes needs its listener. */
  constructor(deps: { db: Database; logger: Logger; options?: PolicyServiceOptions }) {
    const { db, logger, options = {} } = deps;
    this.#db = db;
    this.engine = new PolicyEngine({
      onError: (error) => logger.error({ ...error, message: `policy evaluation failed: ${error.message}` }),
    });
    if (options.opa_url) {
      const decider = new OpaDecider({
        url: options.opa_url,
        policyPackage: options.policy_package ?? 'warrant',
        onUnavailable: options.on_unavailable ?? 'allow_reads',
        onError: (error) => logger.error(error),
      });
      this.#opa = { version: `opa:${options.opa_url}`, decider };
    }
    this.#unmapped = options.unmapped_environment ?? 'prod';
    this.defaultVersion = policyVersionHash(defaultPolicyText);
    const loaded = this.engine.load(
      this.defaultVersion,
      defaultPolicyText,
      shippedCheck(defaultPolicyText, this.engine.schema),
    );
    if (!loaded.ok)
      throw new Error(`the shipped default policy set is invalid: ${JSON.stringify(loaded.errors)}`);
    this.#pinned.add(this.defaultVersion);
  }

  async start(): Promise<void> {
    this.#subscription = await subscribe(
      this.#db,
      POLICY_CHANGED_CHANNEL,
      (tenantId) => this.#cache.delete(tenantId),
      () => this.#cache.clear(),
    );
  }

  async stop(): Promise<void> {
    await this.#subscription?.close();
  }

  /** The tenant's active policy, tool catalog and context graph. */
  forTenant(tenantId: string): Promise<TenantPolicy> {
    let entry = this.#cache.get(tenantId);
    if (!entry) {
      const building = this.#build(tenantId);
      this.#cache.set(tenantId, building);
      // Only this attempt's entry: a newer one may have replaced it since.
      building.catch(() => {
        if (this.#cache.get(tenantId) === building) this.#cache.delete(tenantId);
      });
      entry = building;
    }
    return entry;
  }

  /** Call inside the transaction that changed a tenant's policy inputs; caches drop it on commit. */
  async changed(tx: Executor, tenantId: string): Promise<void> {
    await notify(tx, POLICY_CHANGED_CHANNEL, tenantId);
  }

  /** Drops this process's cached view at once (other processes hear it through the channel). */
  invalidate(tenantId: string): void {
    this.#cache.delete(tenantId);
  }

  /**
   * Validates a candidate set and loads it under its hash, so it can decide without being active, until
   * `release`. Unused candidates beyond the last CANDIDATES_KEPT are unloaded: simulations of ever new texts
   * must not hold memory for the process's life.
   */
  acquire(text: string): Prepared {
    const version = policyVersionHash(text);
    if (this.#pinned.has(version)) return { ok: true, version };
    if (!this.engine.has(version)) {
      const loaded = this.engine.load(version, text);
      if (!loaded.ok) return { ok: false, errors: loaded.errors };
    }
    const users = this.#candidates.get(version) ?? 0;
    this.#candidates.delete(version);
    this.#candidates.set(version, users + 1);
    this.#trimCandidates();
    return { ok: true, version };
  }

  release(version: string): void {
    const users = this.#candidates.get(version);
    if (users === undefined) return;
    this.#candidates.set(version, users - 1);
    this.#trimCandidates();
  }

  #trimCandidates(): void {
    let excess = this.#candidates.size - CANDIDATES_KEPT;
    for (const [version, users] of this.#candidates) {
      if (excess <= 0) return;
      if (users > 0) continue;
      this.#candidates.delete(version);
      this.engine.unload(version);
      excess--;
    }
  }

  /** Makes sure a stored policy text is loaded under its version hash, for good. */
  loadVersion(text: string, hash: string): void {
    this.#pinned.add(hash);
    this.#candidates.delete(hash);
    if (this.engine.has(hash)) return;
    const loaded = this.engine.load(hash, text);
    if (!loaded.ok) {
      this.#pinned.delete(hash);
      throw new Error(`stored policy set ${hash} no longer validates`);
    }
  }

  async #build(tenantId: string): Promise<TenantPolicy> {
    const orm = this.#db.orm;
    let version = this.defaultVersion;
    if (!this.#opa) {
      const active = await activePolicySet(orm, tenantId);
      if (active) {
        this.loadVersion(active.policies, active.version_hash);
        version = active.version_hash;
      }
    }
    const tools = await tenantToolSpecs(orm, tenantId);
    const services = await serviceBodies(orm, tenantId);
    const storedNodes = await contextNodesOf(orm, tenantId);
    const storedEdges = await contextEdgesOf(orm, tenantId);
    const [snapshot] = await contextSnapshotsOf(orm, tenantId, 1);
    const nodes = storedNodes.map((node) => ({ ...node, owner_team: node.owner_team ?? undefined }));
    const edges = storedEdges.map(
      (edge): ContextEdge => ({ from: edge.from_node_id, to: edge.to_node_id, relation: edge.relation }),
    );
    const graphRef = {
      hash: graphHash({ services, nodes: storedNodes, edges: storedEdges }),
      snapshot_id: snapshot?.id ?? null,
      snapshot_hash: snapshot?.graph_hash ?? null,
    };
    return {
      graphRef,
      version: this.#opa?.version ?? version,
      decider: this.#opa?.decider ?? this.engine,
      catalog: new ToolCatalog(tools),
      graph: indexGraph({ services, nodes, edges }),
      unmapped: this.#unmapped,
    };
  }
}
