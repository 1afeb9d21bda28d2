import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TAGS } from '../event/fields.js';
import { parse, pick, tags } from './test-support/records.js';

const CONSOLE_LOGIN_FAILED = {
  eventVersion: '1.08',
  userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE1', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', userName: 'alice' },
  eventTime: '2024-03-10T08:15:30Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.23',
  userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
  errorMessage: 'Failed authentication',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Failure' },
  additionalEventData: { MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com/' },
  eventID: '3fcfb0e5-0000-4a4e-9f6b-000000000001',
  eventType: 'AwsConsoleSignIn',
  recipientAccountId: '111122223333',
};

const ASSUMED_ROLE_CREATE_USER = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'AssumedRole', principalId: 'AROAEXAMPLE:session-1', arn: 'arn:aws:sts::111122223333:assumed-role/Admin/session-1', accountId: '111122223333',
    sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: 'arn:aws:iam::111122223333:role/Admin', accountId: '111122223333', userName: 'Admin' } },
  },
  eventTime: '2024-03-10T08:20:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'CreateUser',
  awsRegion: 'us-east-1',
  sourceIPAddress: 'cloudformation.amazonaws.com',
  userAgent: 'cloudformation.amazonaws.com',
  errorCode: 'AccessDenied',
  requestParameters: { userName: 'backdoor' },
  responseElements: null,
  eventID: 'c0ffee00-0000-4000-8000-000000000002',
  recipientAccountId: '111122223333',
};

describe('AWS CloudTrail', () => {
  test('failed console login', () => {
    const event = parse(JSON.stringify(CONSOLE_LOGIN_FAILED));
    const expected = {
      'event.module': 'aws', 'event.dataset': 'aws.cloudtrail', 'event.action': 'ConsoleLogin', 'event.provider': 'signin.amazonaws.com',
      'event.outcome': 'failure', 'event.category': ['authentication'], 'event.id': '3fcfb0e5-0000-4a4e-9f6b-000000000001',
      'cloud.provider': 'aws', 'cloud.region': 'us-east-1', 'cloud.account.id': '111122223333',
      'user.name': 'alice', 'user.id': 'AIDAEXAMPLE1', 'source.ip': '198.51.100.23', 'user_agent.original': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
      'aws.cloudtrail.userIdentity.type': 'IAMUser', 'aws.cloudtrail.additionalEventData.MFAUsed': 'No', 'aws.cloudtrail.responseElements.ConsoleLogin': 'Failure',
      'aws.cloudtrail.requestParameters': null, 'aws.cloudtrail.eventName': undefined,
    };
    assert.deepEqual(pick(event, expected), expected);
    assert.equal(new Date(event.timestamp).toISOString(), '2024-03-10T08:15:30.000Z');
  });

  test('an assumed role calling IAM from a service, denied', () => {
    const event = parse(JSON.stringify(ASSUMED_ROLE_CREATE_USER));
    const expected = {
      'user.name': 'Admin', 'event.outcome': 'failure', 'event.category': ['iam'], 'event.type': ['creation'],
      'source.ip': undefined, 'source.domain': 'cloudformation.amazonaws.com', 'source.address': 'cloudformation.amazonaws.com',
      'aws.cloudtrail.errorCode': 'AccessDenied', 'aws.cloudtrail.requestParameters.userName': 'backdoor',
    };
    assert.deepEqual(pick(event, expected), expected);
    assert.ok(!tags(event).includes(TAGS.parseFailure));
  });
});
