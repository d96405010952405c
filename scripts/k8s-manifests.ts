// Writes the Kubernetes manifests under deploy/k8s from one table of Bourse's services, so that
// eleven Deployments, Services, budgets and autoscalers cannot drift apart by hand-editing.
//   node --import tsx scripts/k8s-manifests.ts          write them
//   node --import tsx scripts/k8s-manifests.ts --check  fail if the committed files differ
// The output is plain YAML for kustomize: `kubectl apply -k deploy/k8s/overlays/production`.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'deploy', 'k8s');

type Scaling =
  | { kind: 'fixed' }
  /** a Deployment that must not run twice at once (the synthetic feed, the bar publisher) */
  | { kind: 'singleton' }
  | { kind: 'cpu'; max: number }
  | { kind: 'connections'; max: number; perPod: number }
  | { kind: 'keda-jetstream'; max: number; stream: string; consumer: string; lag: number };

interface ServiceSpec {
  readonly name: string;
  readonly what: string;
  readonly replicas: { small: number; production: number };
  readonly scaling: Scaling;
  readonly resources: { cpu: string; memory: string; cpuLimit: string; memoryLimit: string };
  /** seconds between SIGTERM and SIGKILL: long enough to drain consumers and flush a batch */
  readonly grace: number;
  /** reached by every Bourse pod, not only the gateway (the auth service's JWKS) */
  readonly internal?: boolean;
  readonly env?: Record<string, string>;
}

const small = { cpu: '100m', memory: '192Mi', cpuLimit: '1', memoryLimit: '512Mi' };
const medium = { cpu: '250m', memory: '256Mi', cpuLimit: '2', memoryLimit: '768Mi' };

/** Every service of the distributed shape, in the order `bourse start` lists them. */
const SERVICES: readonly ServiceSpec[] = [
  {
    name: 'logs',
    what: 'central log intake and query',
    replicas: { small: 1, production: 2 },
    scaling: { kind: 'fixed' },
    resources: small,
    grace: 30,
  },
  {
    name: 'auth',
    what: 'users, tokens, API keys',
    replicas: { small: 1, production: 2 },
    scaling: { kind: 'fixed' },
    resources: small,
    grace: 30,
    internal: true,
  },
  {
    name: 'symbols',
    what: 'instrument registry',
    replicas: { small: 1, production: 2 },
    scaling: { kind: 'cpu', max: 6 },
    resources: small,
    grace: 30,
  },
  {
    name: 'etl',
    what: 'ETL jobs under leases, schedules, the synthetic backfill, macro series',
    replicas: { small: 1, production: 2 },
    scaling: { kind: 'fixed' },
    resources: medium,
    grace: 60,
  },
  {
    name: 'ingest',
    what: 'ticks from the bus into the store',
    replicas: { small: 1, production: 2 },
    scaling: { kind: 'keda-jetstream', max: 8, stream: 'MD_TICKS', consumer: 'ingest', lag: 20000 },
    resources: medium,
    grace: 60,
  },
  {
    name: 'bars',
    what: 'OHLCV bars, open and final',
    replicas: { small: 1, production: 1 },
    scaling: { kind: 'singleton' },
    resources: medium,
    grace: 60,
  },
  {
    name: 'market-data',
    what: 'quotes and OHLCV history',
    replicas: { small: 1, production: 2 },
    scaling: { kind: 'cpu', max: 8 },
    resources: small,
    grace: 30,
  },
  {
    name: 'indicators',
    what: 'indicator engine',
    replicas: { small: 1, production: 2 },
    scaling: { kind: 'cpu', max: 8 },
    resources: medium,
    grace: 30,
  },
  {
    name: 'options',
    what: 'option chains and analytics',
    replicas: { small: 1, production: 2 },
    scaling: { kind: 'fixed' },
    resources: medium,
    grace: 30,
  },
  {
    name: 'stream',
    what: 'WebSocket rooms',
    replicas: { small: 1, production: 2 },
    scaling: { kind: 'connections', max: 10, perPod: 2000 },
    resources: medium,
    grace: 45,
  },
  {
    name: 'feed',
    what: 'synthetic market and provider collectors',
    replicas: { small: 1, production: 1 },
    scaling: { kind: 'singleton' },
    resources: small,
    grace: 30,
  },
  {
    name: 'gateway',
    what: 'the one entry point',
    replicas: { small: 1, production: 2 },
    scaling: { kind: 'cpu', max: 10 },
    resources: small,
    grace: 30,
  },
];

const PART_OF = 'bourse';
const labels = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': PART_OF });
const selector = (name: string) => ({ 'app.kubernetes.io/name': name });
const PORT = 8080;

/** The non-root, read-only container every Bourse pod runs (the image's user `node` is uid 1000). */
const securityContext = {
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 1000,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

function container(s: ServiceSpec) {
  const env: { name: string; value?: string; valueFrom?: unknown }[] = [
    { name: 'BOURSE_DATABASE_URL', valueFrom: { secretKeyRef: { name: 'bourse-database', key: 'url' } } },
    { name: 'BOURSE_INSTANCE_ID', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ...Object.entries(s.env ?? {}).map(([name, value]) => ({ name, value })),
  ];
  const volumeMounts = [{ name: 'tmp', mountPath: '/tmp' }];
  if (s.name === 'auth') {
    env.push({ name: 'BOURSE_JWT_KEY_FILE', value: '/run/secrets/bourse/jwt-key.pem' });
    volumeMounts.push({ name: 'jwt-key', mountPath: '/run/secrets/bourse', readOnly: true } as (typeof volumeMounts)[number]);
  }
  return {
    name: s.name,
    image: 'bourse:latest',
    imagePullPolicy: 'IfNotPresent',
    args: ['start', s.name],
    ports: [{ name: 'http', containerPort: PORT }],
    envFrom: [{ configMapRef: { name: 'bourse-config' } }],
    env,
    readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
    livenessProbe: {
      httpGet: { path: '/health', port: 'http' },
      initialDelaySeconds: 10,
      periodSeconds: 10,
      timeoutSeconds: 3,
      failureThreshold: 6,
    },
    startupProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 2, failureThreshold: 60 },
    resources: {
      requests: { cpu: s.resources.cpu, memory: s.resources.memory },
      limits: { cpu: s.resources.cpuLimit, memory: s.resources.memoryLimit },
    },
    securityContext,
    volumeMounts,
  };
}

function deployment(s: ServiceSpec) {
  const volumes: unknown[] = [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }];
  if (s.name === 'auth') volumes.push({ name: 'jwt-key', secret: { secretName: 'bourse-jwt-key', defaultMode: 0o400 } });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: s.name, labels: labels(s.name), annotations: { 'bourse.dev/what': s.what } },
    spec: {
      replicas: s.replicas.small,
      selector: { matchLabels: selector(s.name) },
      // a singleton is replaced, never doubled: the old pod ends before the new one starts
      strategy:
        s.scaling.kind === 'singleton'
          ? { type: 'Recreate' }
          : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels: labels(s.name),
          annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(PORT), 'prometheus.io/path': '/metrics' },
        },
        spec: {
          serviceAccountName: 'bourse',
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: s.grace,
          securityContext: { runAsNonRoot: true, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [container(s)],
          volumes,
        },
      },
    },
  };
}

function service(s: ServiceSpec) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: s.name, labels: labels(s.name) },
    spec: { selector: selector(s.name), ports: [{ name: 'http', port: PORT, targetPort: 'http' }] },
  };
}

function budget(s: ServiceSpec) {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: s.name, labels: labels(s.name) },
    // a singleton may be moved (it has no second pod to keep); the others keep one serving
    spec:
      s.replicas.production > 1
        ? { minAvailable: 1, selector: { matchLabels: selector(s.name) } }
        : { maxUnavailable: 1, selector: { matchLabels: selector(s.name) } },
  };
}

function autoscaler(s: ServiceSpec, minReplicas: number) {
  const sc = s.scaling;
  const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: s.name };
  if (sc.kind === 'cpu')
    return {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: s.name, labels: labels(s.name) },
      spec: {
        scaleTargetRef: target,
        minReplicas,
        maxReplicas: sc.max,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    };
  if (sc.kind === 'connections')
    return {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: {
        name: s.name,
        labels: labels(s.name),
        annotations: { 'bourse.dev/metric': 'bourse_stream_connections, served to the HPA by prometheus-adapter' },
      },
      spec: {
        scaleTargetRef: target,
        minReplicas,
        maxReplicas: sc.max,
        metrics: [
          {
            type: 'Pods',
            pods: { metric: { name: 'bourse_stream_connections' }, target: { type: 'AverageValue', averageValue: String(sc.perPod) } },
          },
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 75 } } },
        ],
      },
    };
  return undefined;
}

/** KEDA scales ingest on the JetStream consumer's pending messages (example: needs KEDA installed). */
function scaledObject(s: ServiceSpec, minReplicaCount: number) {
  const sc = s.scaling;
  if (sc.kind !== 'keda-jetstream') return undefined;
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: s.name, labels: labels(s.name) },
    spec: {
      scaleTargetRef: { name: s.name },
      minReplicaCount,
      maxReplicaCount: sc.max,
      cooldownPeriod: 120,
      triggers: [
        {
          type: 'nats-jetstream',
          metadata: {
            natsServerMonitoringEndpoint: 'nats.bourse.svc.cluster.local:8222',
            account: '$G',
            stream: sc.stream,
            consumer: sc.consumer,
            lagThreshold: String(sc.lag),
          },
        },
      ],
    },
  };
}

const configMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'bourse-config', labels: { 'app.kubernetes.io/part-of': PART_OF } },
  data: {
    NODE_ENV: 'production',
    HOST: '0.0.0.0',
    PORT: String(PORT),
    BOURSE_BUS: 'nats://nats:4222',
    BOURSE_CACHE_URL: 'redis://redis-master:6379',
    BOURSE_AUTH_URL: `http://auth:${PORT}`,
    // the gateway passes the caller's address on; the services believe it from pod addresses only
    BOURSE_TRUST_PROXY: '10.0.0.0/8',
    ...Object.fromEntries(
      SERVICES.filter((s) => s.name !== 'gateway').map((s) => [
        `BOURSE_${s.name.toUpperCase().replace(/-/g, '_')}_URL`,
        `http://${s.name}:${PORT}`,
      ]),
    ),
  },
};

/** Placeholders: the overlays replace them (small) or expect them created outside git (production). */
const secrets = [
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'bourse-database', labels: { 'app.kubernetes.io/part-of': PART_OF } },
    type: 'Opaque',
    stringData: { url: 'postgres://bourse:CHANGE-ME@postgresql:5432/bourse' },
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'bourse-jwt-key', labels: { 'app.kubernetes.io/part-of': PART_OF } },
    type: 'Opaque',
    // openssl genpkey -algorithm ed25519 -out jwt-key.pem; kubectl create secret generic bourse-jwt-key --from-file=jwt-key.pem
    stringData: { 'jwt-key.pem': 'CHANGE-ME: an Ed25519 private key in PKCS#8 PEM' },
  },
];

const serviceAccount = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'bourse', labels: { 'app.kubernetes.io/part-of': PART_OF } },
  automountServiceAccountToken: false,
};

const migrationJob = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'bourse-migrate', labels: labels('migrate') },
  spec: {
    backoffLimit: 6,
    ttlSecondsAfterFinished: 3600,
    template: {
      metadata: { labels: labels('migrate') },
      spec: {
        restartPolicy: 'OnFailure',
        serviceAccountName: 'bourse',
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          {
            name: 'migrate',
            image: 'bourse:latest',
            args: ['migrate', 'up'],
            env: [{ name: 'BOURSE_DATABASE_URL', valueFrom: { secretKeyRef: { name: 'bourse-database', key: 'url' } } }],
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
            securityContext,
          },
        ],
      },
    },
  },
};

const ingress = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: {
    name: 'bourse',
    labels: labels('gateway'),
    annotations: {
      // WebSocket (/ws): ingress-nginx upgrades connections by itself; keep them open for an hour
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600',
      'nginx.ingress.kubernetes.io/proxy-body-size': '8m',
    },
  },
  spec: {
    ingressClassName: 'nginx',
    rules: [
      {
        host: 'bourse.example.com',
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'gateway', port: { name: 'http' } } } }] },
      },
    ],
  },
};

const bourse = { matchLabels: { 'app.kubernetes.io/part-of': PART_OF } };
const fromMonitoring = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } };
const networkPolicies = [
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'bourse-default-deny', labels: { 'app.kubernetes.io/part-of': PART_OF } },
    spec: { podSelector: bourse, policyTypes: ['Ingress'] },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'gateway-from-anywhere', labels: labels('gateway') },
    spec: { podSelector: { matchLabels: selector('gateway') }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: PORT }] }] },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'services-from-gateway', labels: { 'app.kubernetes.io/part-of': PART_OF } },
    spec: {
      podSelector: {
        matchExpressions: [
          { key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['gateway'] },
          { key: 'app.kubernetes.io/part-of', operator: 'In', values: [PART_OF] },
        ],
      },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: { matchLabels: selector('gateway') } }], ports: [{ port: PORT }] },
        // Prometheus scrapes /metrics from the monitoring namespace
        { from: [fromMonitoring], ports: [{ port: PORT }] },
      ],
    },
  },
  ...SERVICES.filter((s) => s.internal).map((s) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `${s.name}-from-bourse`, labels: labels(s.name) },
    // every service verifies access tokens against this one's JWKS
    spec: {
      podSelector: { matchLabels: selector(s.name) },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: bourse }], ports: [{ port: PORT }] }],
    },
  })),
];

const header = (what: string) => `# Generated by scripts/k8s-manifests.ts from its table of services: edit that, then run it.\n# ${what}\n`;
const docs = (objects: readonly unknown[]) => objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');

function files(): Map<string, string> {
  const out = new Map<string, string>();
  const put = (path: string, what: string, objects: readonly unknown[]) => out.set(path, header(what) + docs(objects));
  for (const s of SERVICES) {
    const scaler = autoscaler(s, s.replicas.small) ?? scaledObject(s, s.replicas.small);
    put(`base/${s.name}.yaml`, `${s.name}: ${s.what}`, [deployment(s), service(s), budget(s), ...(scaler ? [scaler] : [])]);
  }
  put('base/config.yaml', 'configuration, service account and secret placeholders', [configMap, serviceAccount, ...secrets]);
  put('base/migrate.yaml', 'the migration Job: run it (and wait for it) before rolling out a new version', [migrationJob]);
  put('base/ingress.yaml', 'the gateway from outside, WebSocket included', [ingress]);
  put(
    'base/network-policies.yaml',
    'only the gateway is reachable from outside; services only from the gateway (auth from every Bourse pod)',
    networkPolicies,
  );
  const resources = [...SERVICES.map((s) => `${s.name}.yaml`), 'config.yaml', 'migrate.yaml', 'ingress.yaml', 'network-policies.yaml'];
  out.set(
    'base/kustomization.yaml',
    header('the base: every service of the distributed shape') +
      stringify({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        commonLabels: { 'app.kubernetes.io/version': '0.1.0' },
        resources,
      }),
  );

  // Production: more replicas, autoscalers from the production floor, secrets created outside git.
  const production = SERVICES.flatMap((s) => {
    const patches: unknown[] = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: s.name }, spec: { replicas: s.replicas.production } },
    ];
    const hpa = autoscaler(s, s.replicas.production);
    if (hpa)
      patches.push({
        apiVersion: hpa.apiVersion,
        kind: hpa.kind,
        metadata: { name: s.name },
        spec: { minReplicas: s.replicas.production },
      });
    const keda = scaledObject(s, s.replicas.production);
    if (keda)
      patches.push({
        apiVersion: keda.apiVersion,
        kind: keda.kind,
        metadata: { name: s.name },
        spec: { minReplicaCount: s.replicas.production },
      });
    return patches;
  });
  put('overlays/production/replicas.yaml', 'production: replicas and autoscaler floors', production);
  put(
    'overlays/production/no-placeholder-secrets.yaml',
    'production: the secrets are created outside git (kubectl create secret, sealed-secrets, external-secrets)',
    secrets.map((s) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: s.metadata.name }, $patch: 'delete' })),
  );
  out.set(
    'overlays/production/kustomization.yaml',
    header('production: namespace bourse, two or more of every stateless service, external secrets') +
      stringify({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        namespace: 'bourse',
        resources: ['../../base'],
        patchesStrategicMerge: ['replicas.yaml', 'no-placeholder-secrets.yaml'],
      }),
  );
  // Small: one of each, smaller requests, development secrets.
  const shrink = SERVICES.map((s) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: s.name },
    spec: { template: { spec: { containers: [{ name: s.name, resources: { requests: { cpu: '50m', memory: '128Mi' } } }] } } },
  }));
  put(
    'overlays/small/resources.yaml',
    'small: one replica of each service with small requests (a laptop cluster: kind, k3d, minikube)',
    shrink,
  );
  out.set(
    'overlays/small/kustomization.yaml',
    header('small: namespace bourse-small, one replica each; replace the placeholder secrets before applying') +
      stringify({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        namespace: 'bourse-small',
        resources: ['../../base'],
        patchesStrategicMerge: ['resources.yaml'],
      }),
  );
  return out;
}

const check = process.argv.includes('--check');
let stale = 0;
for (const [path, text] of files()) {
  const full = join(root, path);
  if (check) {
    if (!existsSync(full) || readFileSync(full, 'utf8') !== text) {
      console.error(`deploy/k8s/${path} differs from what scripts/k8s-manifests.ts writes`);
      stale++;
    }
  } else {
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}
if (stale > 0) {
  console.error('run: node --import tsx scripts/k8s-manifests.ts');
  process.exit(1);
}
console.log(check ? 'deploy/k8s is up to date' : 'deploy/k8s written');
