// AWS CloudTrail records (one element of a log file's "Records") to ECS: cloud.*, the API call
// as event.action/event.provider, the caller as user.* and source.*; everything under aws.cloudtrail.*.

import type { Fields } from '../event/event.js';
import { ECS } from '../event/fields.js';
import type { Draft, JsonFormat, JsonObject } from './format.js';
import { flattenInto, keyTree } from './shared/flatten.js';
import { parseIsoTime } from './shared/time.js';
import { isIp, isObject, toKeyword, toStr } from './shared/values.js';

const PREFIX = 'aws.cloudtrail.';

/** Top-level keys mapped to ECS and not repeated under aws.cloudtrail.*. */
const MAPPED = new Set(['eventTime', 'eventName', 'eventSource', 'awsRegion', 'sourceIPAddress', 'userAgent', 'eventID']);

const KEYS = keyTree(PREFIX, MAPPED);

/** event.type from the verb an API call starts with. */
const VERBS: [prefix: string, type: string][] = [
  ['Create', 'creation'], ['Delete', 'deletion'], ['Remove', 'deletion'], ['Put', 'change'], ['Update', 'change'],
  ['Modify', 'change'], ['Attach', 'change'], ['Detach', 'change'], ['Set', 'change'], ['Add', 'change'],
  ['Get', 'access'], ['List', 'access'], ['Describe', 'access'],
];

const AUTHENTICATION = new Set(['ConsoleLogin', 'GetSessionToken', 'AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'GetFederationToken', 'CheckMfa']);

/** The caller's name: IAM user name, the role behind an assumed-role session, else the principal. */
function userName(identity: JsonObject): string | undefined {
  const name = toStr(identity.userName);
  if (name !== undefined) return name;
  const session = isObject(identity.sessionContext) ? identity.sessionContext : undefined;
  const issuer = session && isObject(session.sessionIssuer) ? session.sessionIssuer : undefined;
  const issuerName = issuer ? toStr(issuer.userName) : undefined;
  if (issuerName !== undefined) return issuerName;
  const arn = toStr(identity.arn);
  if (arn !== undefined) return arn.slice(arn.lastIndexOf('/') + 1) || arn;
  return toStr(identity.principalId);
}

function fill(doc: JsonObject, d: Draft): void {
  const f: Fields = d.fields;
  const time = typeof doc.eventTime === 'string' ? parseIsoTime(doc.eventTime) : NaN;
  if (!Number.isNaN(time)) d.timestamp = time;
  f[ECS.event.kind] = 'event';
  f[ECS.event.module] = 'aws';
  f[ECS.event.dataset] = 'aws.cloudtrail';
  f[ECS.cloud.provider] = 'aws';
  const region = toStr(doc.awsRegion);
  if (region !== undefined) f[ECS.cloud.region] = region;
  const action = toStr(doc.eventName);
  if (action !== undefined) f[ECS.event.action] = action;
  const provider = toStr(doc.eventSource);
  if (provider !== undefined) f[ECS.event.provider] = provider;
  const id = toStr(doc.eventID);
  if (id !== undefined) f[ECS.event.id] = id;
  const agent = toStr(doc.userAgent);
  if (agent !== undefined) f[ECS.http.userAgent] = agent;

  // sourceIPAddress is an address for calls from outside, a service name ("ec2.amazonaws.com") otherwise.
  const source = toStr(doc.sourceIPAddress);
  if (source !== undefined) {
    f[ECS.source.address] = source;
    f[isIp(source) ? ECS.source.ip : ECS.source.domain] = source;
  }

  const identity = isObject(doc.userIdentity) ? doc.userIdentity : undefined;
  if (identity) {
    const name = userName(identity);
    if (name !== undefined) f[ECS.user.name] = name;
    const principal = toStr(identity.principalId);
    if (principal !== undefined) f[ECS.user.id] = principal;
  }
  const account = toKeyword(doc.recipientAccountId) ?? (identity ? toKeyword(identity.accountId) : undefined);
  if (account !== undefined) f[ECS.cloud.accountId] = account;

  const response = isObject(doc.responseElements) ? doc.responseElements : undefined;
  const consoleFailure = action === 'ConsoleLogin' && response?.ConsoleLogin === 'Failure';
  f[ECS.event.outcome] = doc.errorCode !== undefined || consoleFailure ? 'failure' : 'success';

  if (action !== undefined) {
    if (AUTHENTICATION.has(action)) {
      f[ECS.event.category] = ['authentication'];
      f[ECS.event.type] = ['start'];
    } else if (provider === 'iam.amazonaws.com') {
      f[ECS.event.category] = ['iam'];
    }
    const verb = VERBS.find(([prefix]) => action.startsWith(prefix));
    if (verb !== undefined && f[ECS.event.type] === undefined) f[ECS.event.type] = [verb[1]];
  }
  flattenInto(f, KEYS, doc);
}

export const cloudtrail: JsonFormat = {
  name: 'cloudtrail',
  description: 'AWS CloudTrail records (the elements of a log file\'s "Records" array)',
  module: 'aws',
  dataset: 'aws.cloudtrail',
  input: 'json',
  matches: (doc) => typeof doc.eventSource === 'string' && typeof doc.eventName === 'string' && doc.eventVersion !== undefined,
  fill: (doc, d) => fill(doc, d),
};
