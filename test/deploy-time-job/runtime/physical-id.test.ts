import { isJobId, noJobId, parseUnconfirmedJobId, unconfirmedJobId } from '../../../src/deploy-time-job/runtime/physical-id';

const QUEUE = 'arn:aws:batch:us-east-1:123456789012:job-queue/q';

test('an unconfirmed job id names the job and its queue, and reads back', () => {
  const id = unconfirmedJobId({ jobName: 'migrate-0123', jobQueue: QUEUE });
  expect(id).toBe(`unconfirmed-job:migrate-0123@${QUEUE}`);
  expect(parseUnconfirmedJobId(id)).toEqual({ jobName: 'migrate-0123', jobQueue: QUEUE });
  expect(parseUnconfirmedJobId('unconfirmed-job:@q')).toBeUndefined();
  expect(parseUnconfirmedJobId('2f1a')).toBeUndefined();
});

test('job ids are the ids that are neither no-job nor unconfirmed', () => {
  expect(isJobId('2f1a-3b')).toBe(true);
  expect(isJobId(noJobId('r'))).toBe(false);
  expect(isJobId(unconfirmedJobId({ jobName: 'n', jobQueue: QUEUE }))).toBe(false);
  expect(isJobId(undefined)).toBe(false);
});
