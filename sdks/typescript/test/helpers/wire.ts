/** A job as the API sends it (snake_case, every required field), for hand-made servers in the tests. */
export const WIRE_JOB = {
  id: 'job-1',
  name: 'x',
  status: 'succeeded',
  cluster: 'local',
  priority: 0,
  spec: { command: ['true'] },
  labels: {},
  created_at: '2024-01-01T00:00:00Z',
  started_at: null,
  finished_at: null,
  exit_code: 0,
  status_reason: null,
};
