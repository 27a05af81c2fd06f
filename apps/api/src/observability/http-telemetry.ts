import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

type CounterChild = ReturnType<Counter<'method' | 'route' | 'status'>['labels']>;
type HistogramChild = ReturnType<Histogram<'method' | 'route'>['labels']>;

/** Prometheus metrics of one API process, exposed at `GET /metrics`. */
export class HttpTelemetry {
  readonly prometheus = new Registry();
  private readonly requests = new Counter({
    name: 'assay_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.prometheus],
  });
  private readonly duration = new Histogram({
    name: 'assay_http_request_duration_seconds',
    help: 'HTTP request latency, by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.prometheus],
  });
  /**
   * The labelled series of each (method, route, status): prom-client would otherwise sort and
   * join the label names on every observation. Bounded as the labels are (route templates).
   */
  private readonly series = new Map<string, { count: CounterChild; time: HistogramChild }>();

  constructor() {
    collectDefaultMetrics({ register: this.prometheus, prefix: 'assay_' });
  }

  /** `route` is the matched template (`/v1/metrics/:name`), never the raw URL, to bound cardinality. */
  observe(method: string, route: string, status: number, seconds: number): void {
    const id = `${method} ${status} ${route}`;
    let series = this.series.get(id);
    if (series === undefined) {
      series = {
        count: this.requests.labels({ method, route, status: String(status) }),
        time: this.duration.labels({ method, route }),
      };
      this.series.set(id, series);
    }
    series.count.inc();
    series.time.observe(seconds);
  }
}
