import client from 'prom-client';

/** One registry per process; /metrics serves it in Prometheus text format. */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'shiji_' });

export const httpDuration = new client.Histogram({
  name: 'shiji_http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const securityEvents = new client.Counter({
  name: 'shiji_security_events_total',
  help: 'Security events: failed logins, lockouts, refused requests',
  labelNames: ['type'] as const,
  registers: [registry],
});

export const jobRuns = new client.Counter({
  name: 'shiji_jobs_total',
  help: 'Jobs run by outcome',
  labelNames: ['name', 'outcome'] as const,
  registers: [registry],
});
