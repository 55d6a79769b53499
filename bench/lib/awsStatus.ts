/*
 * The plugin's config of the aws-mode benchmarks that read an environment's
 * status (bench/pipeline/status.bench.ts, bench/push/serve.ts); the SDK
 * answers are mocked by awsMocks.ts. No AWS import here: the benchmark
 * client imports this too.
 */

/** `videogen` config: environment `prod` in aws mode, status cached `ttlSeconds`. */
export function awsStatusConfig(dataDir: string, ttlSeconds: number) {
  return {
    mode: 'aws',
    dataDir,
    environments: [{ name: 'prod', target: 'aws', region: 'us-east-1' }],
    aws: { region: 'us-east-1' },
    storage: {
      s3: { uploadsBucket: 'bench-uploads', videosBucket: 'bench-videos' },
    },
    queue: {
      batch: {
        jobQueue: 'videogen-bench',
        jobDefinition: 'videogen-bench:1',
      },
    },
    status: {
      cacheTtlSeconds: ttlSeconds,
      eks: { clusterName: 'videogen-bench' },
      stateStack: { name: 'videogen-state' },
    },
  };
}
