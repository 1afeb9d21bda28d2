// The shapes of the route fixture tables that drive the breach tests (tenant isolation,
// permission matrix, audit coverage, optimistic locking) over the whole route table.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../auth/roles.js';
import type { StateDb } from '../../store/state/database.js';
import type { TestEngine } from '../engine.js';

export type Headers = Record<string, string>;

/** One HTTP request, sent with app.inject(). */
export interface RouteRequest {
  method: NonNullable<InjectOptions['method']>;
  url: string;
  payload?: InjectOptions['payload'];
  headers?: Headers;
}

/** An engine with two tenants, A and B, and principals made on demand. */
export interface World {
  engine: TestEngine;
  app: FastifyInstance;
  db: StateDb;
  /** Ids made unique per world, so a leak of B's data into A's answers can be searched for. */
  tenantA: string;
  tenantB: string;
  /** A signed-in user of this role and tenant: session cookie and CSRF token headers (cached). */
  user(role: Exclude<Role, 'ingest'>, tenant: string | null): Headers;
  /** The user id behind headers returned by user(). */
  userId(headers: Headers): string;
  /** Request headers for a role: a user session, or for `ingest` an API key. */
  as(role: Role, tenant: string | null): Headers;
  send(headers: Headers, request: RouteRequest): Promise<LightMyRequestResponse>;
}

/** Something a tenant owns, made in a given tenant for a test. */
export interface Resource {
  id: string;
  tenant: string;
  version?: number;
  /** Further ids a route may need (a parent's id for a nested route). */
  refs?: Record<string, string>;
  /** Reads the resource back as its own tenant would, to prove a refused request changed nothing. */
  snapshot?: () => Promise<unknown>;
  /** Who may reach it in its own tenant (the control request); its tenant's admin when absent. */
  owner?: Headers;
}

export type ResourceFactory = (world: World, tenant: string) => Promise<Resource>;

/**
 * One row per route ("METHOD /url" exactly as registered). Every route with a parameter needs
 * `isolation`; every mutating route outside the ingest list needs `change`.
 */
export interface RouteFixture {
  route: string;
  /**
   * Tenant isolation: the resource its parameters address (a RESOURCES name), and the request to
   * make for it (the default fills every :param with the resource id and sends no body); or,
   * for parameters that address nothing a tenant owns, the reason.
   */
  isolation?: { resource: string; request?: (resource: Resource, world: World) => Partial<RouteRequest> } | { unscoped: string };
  /** A valid change (sent as the admin working across tenants unless it says otherwise) and the audit action it must leave. */
  change?: { audit: string; request: (world: World) => Promise<RouteRequest & { as?: Headers }> };
  /**
   * The leak check of GET routes without parameters: the request to make when a plain one does
   * not answer 2xx, or why the route is left out.
   */
  list?: { request: (world: World) => Partial<RouteRequest> } | { skip: string };
  /** The request the permission matrix sends, when the default (no body, unknown ids) does not fit. */
  probe?: (world: World) => Partial<RouteRequest>;
  /**
   * Why the route cannot be called to completion in-process (a stream that never ends): the
   * permission matrix then checks only the roles that must be refused, and the leak check skips it.
   */
  endless?: string;
}

/** A resource with a version: the optimistic locking test makes it, writes it twice on one version, reads it back. */
export interface LockedResource {
  name: string;
  /** The routes that change it by version; every PATCH/PUT route must be covered or exempted. */
  routes: string[];
  create(world: World): Promise<Resource>;
  /** A request that sets a distinguishing value, made on `version`. */
  write(world: World, resource: Resource, version: number, value: string): RouteRequest;
  /** The value `write` stored, as it is stored now. */
  read(world: World, resource: Resource): Promise<string>;
}
