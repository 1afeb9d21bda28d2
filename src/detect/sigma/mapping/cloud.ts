// Cloud logsources: AWS CloudTrail records as the CloudTrail parser writes them (the record's
// own keys under aws.cloudtrail.*, a few moved to ECS).

import { ECS } from '../../../event/fields.js';
import type { LogsourceMapping } from './types.js';

export const CLOUD_MAPPINGS: readonly LogsourceMapping[] = [
  {
    id: 'aws-cloudtrail',
    description: 'AWS CloudTrail (event.dataset aws.cloudtrail); record keys under aws.cloudtrail.*',
    logsources: [{ product: 'aws', service: 'cloudtrail' }],
    conditions: [{ field: ECS.event.dataset, equals: ['aws.cloudtrail'] }],
    fields: {
      fields: {
        eventName: ECS.event.action,
        eventSource: ECS.event.provider,
        awsRegion: ECS.cloud.region,
        sourceIPAddress: [ECS.source.address, ECS.source.ip, ECS.source.domain],
        userAgent: ECS.http.userAgent,
        eventID: ECS.event.id,
      },
      prefixes: ['aws.cloudtrail.'],
    },
  },
];
