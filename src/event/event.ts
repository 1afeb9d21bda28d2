// The normalized event: flat ECS fields plus the envelope every stage relies on.

export type Scalar = string | number | boolean | null;
export type FieldValue = Scalar | FieldValue[] | { [key: string]: FieldValue };

/**
 * ECS fields keyed by their dotted name ("source.ip", "winlog.event_data.Image").
 * Flat on purpose: detection and search look fields up by name millions of times a
 * second, and a flat map makes that one property read. Arrays of scalars stay arrays.
 */
export type Fields = Record<string, FieldValue>;

/** What a parser returns for one record. */
export interface ParsedEvent {
  /** Event time from the event itself (epoch ms); the receive time when it has none. */
  timestamp: number;
  fields: Fields;
}

/** An event once it has entered the pipeline. */
export interface VigilEvent extends ParsedEvent {
  /** Unique, roughly ingest-ordered id (see newEventId). */
  id: string;
  /** The client organisation that owns the event. */
  tenant: string;
}

/** The tenant of a fresh install, and of events whose source names none. */
export const DEFAULT_TENANT = 'default';
