/**
 * What IAM evaluates for one AWS API call: for each (action, resource) pair
 * the call needs, the request context keys that conditions may test.
 *
 * The table is ours, written from the AWS service authorization reference
 * ("Actions, resources, and condition keys for ..."). An operation missing
 * here fails loudly: a new call must be mapped before it can be checked.
 */
export type AwsCall = {
  /** SDK service id, e.g. `S3`, `Batch`, `EKS`, `CloudFormation`. */
  service: string;
  /** Operation name without `Command`, e.g. `PutObject`. */
  operation: string;
  input: Record<string, any>;
  region: string;
};

export type IamRequest = {
  action: string;
  resource: string;
  context: Record<string, string>;
};

export type ArnContext = { accountId: string; partition?: string };

type Mapper = (
  input: Record<string, any>,
  at: { region: string; accountId: string; partition: string },
) => Array<Omit<IamRequest, 'context'> & { context?: Record<string, string> }>;

const s3Object = (bucket: string, key: string, p: string) =>
  `arn:${p}:s3:::${bucket}/${key}`;
const s3Bucket = (bucket: string, p: string) => `arn:${p}:s3:::${bucket}`;

const objectAction =
  (action: string): Mapper =>
  (input, at) =>
    [{ action, resource: s3Object(input.Bucket, input.Key, at.partition) }];

/** `CopySource` is `bucket/key` (URL-encoded, optionally `?versionId=`). */
function parseCopySource(copySource: string) {
  const [path] = copySource.replace(/^\//, '').split('?');
  const slash = path.indexOf('/');
  return {
    bucket: decodeURIComponent(path.slice(0, slash)),
    key: decodeURIComponent(path.slice(slash + 1)),
  };
}

const S3: Record<string, Mapper> = {
  GetObject: objectAction('s3:GetObject'),
  HeadObject: objectAction('s3:GetObject'),
  PutObject: objectAction('s3:PutObject'),
  CreateMultipartUpload: objectAction('s3:PutObject'),
  UploadPart: objectAction('s3:PutObject'),
  CompleteMultipartUpload: objectAction('s3:PutObject'),
  AbortMultipartUpload: objectAction('s3:AbortMultipartUpload'),
  DeleteObject: (input, at) => [
    {
      action: input.VersionId ? 's3:DeleteObjectVersion' : 's3:DeleteObject',
      resource: s3Object(input.Bucket, input.Key, at.partition),
    },
  ],
  DeleteObjects: (input, at) =>
    (input.Delete?.Objects ?? []).map(
      (o: { Key: string; VersionId?: string }) => ({
        action: o.VersionId ? 's3:DeleteObjectVersion' : 's3:DeleteObject',
        resource: s3Object(input.Bucket, o.Key, at.partition),
      }),
    ),
  CopyObject: (input, at) => {
    const source = parseCopySource(input.CopySource);
    return [
      {
        action: 's3:PutObject',
        resource: s3Object(input.Bucket, input.Key, at.partition),
      },
      {
        action: 's3:GetObject',
        resource: s3Object(source.bucket, source.key, at.partition),
      },
    ];
  },
  ListObjectsV2: (input, at) => [
    {
      action: 's3:ListBucket',
      resource: s3Bucket(input.Bucket, at.partition),
      context: { 's3:prefix': input.Prefix ?? '' },
    },
  ],
  ListObjectVersions: (input, at) => [
    {
      action: 's3:ListBucketVersions',
      resource: s3Bucket(input.Bucket, at.partition),
      context: { 's3:prefix': input.Prefix ?? '' },
    },
  ],
  HeadBucket: (input, at) => [
    { action: 's3:ListBucket', resource: s3Bucket(input.Bucket, at.partition) },
  ],
  CreateBucket: (input, at) => [
    {
      action: 's3:CreateBucket',
      resource: s3Bucket(input.Bucket, at.partition),
    },
  ],
  DeleteBucket: (input, at) => [
    {
      action: 's3:DeleteBucket',
      resource: s3Bucket(input.Bucket, at.partition),
    },
  ],
};

const batchArn = (
  at: { region: string; accountId: string; partition: string },
  kind: string,
  nameOrArn: string,
) =>
  nameOrArn.startsWith('arn:')
    ? nameOrArn
    : `arn:${at.partition}:batch:${at.region}:${at.accountId}:${kind}/${nameOrArn}`;

const Batch: Record<string, Mapper> = {
  SubmitJob: (input, at) => [
    {
      action: 'batch:SubmitJob',
      resource: batchArn(at, 'job-queue', input.jobQueue),
    },
    {
      action: 'batch:SubmitJob',
      // A definition named without a revision means its latest revision;
      // IAM sees the name with a revision, so any revision stands for it.
      resource: batchArn(
        at,
        'job-definition',
        /:\d+$/.test(input.jobDefinition) ||
          input.jobDefinition.startsWith('arn:')
          ? input.jobDefinition
          : `${input.jobDefinition}:1`,
      ),
    },
  ],
  TerminateJob: (input, at) => [
    {
      action: 'batch:TerminateJob',
      resource: batchArn(at, 'job', input.jobId),
    },
  ],
  CancelJob: (input, at) => [
    { action: 'batch:CancelJob', resource: batchArn(at, 'job', input.jobId) },
  ],
  UpdateJobQueue: (input, at) => [
    {
      action: 'batch:UpdateJobQueue',
      resource: batchArn(at, 'job-queue', input.jobQueue),
    },
  ],
  // Describe and list actions support no resource-level permissions.
  DescribeJobs: () => [{ action: 'batch:DescribeJobs', resource: '*' }],
  DescribeJobQueues: () => [
    { action: 'batch:DescribeJobQueues', resource: '*' },
  ],
  DescribeComputeEnvironments: () => [
    { action: 'batch:DescribeComputeEnvironments', resource: '*' },
  ],
  DescribeJobDefinitions: () => [
    { action: 'batch:DescribeJobDefinitions', resource: '*' },
  ],
  ListJobs: () => [{ action: 'batch:ListJobs', resource: '*' }],
};

const eksCluster = (
  at: { region: string; accountId: string; partition: string },
  name: string,
) => `arn:${at.partition}:eks:${at.region}:${at.accountId}:cluster/${name}`;

const EKS: Record<string, Mapper> = {
  DescribeCluster: (input, at) => [
    { action: 'eks:DescribeCluster', resource: eksCluster(at, input.name) },
  ],
  ListNodegroups: (input, at) => [
    {
      action: 'eks:ListNodegroups',
      resource: eksCluster(at, input.clusterName),
    },
  ],
  DescribeNodegroup: (input, at) => [
    {
      action: 'eks:DescribeNodegroup',
      // The node group ARN ends with an id AWS assigns; any id stands for it.
      resource: `arn:${at.partition}:eks:${at.region}:${at.accountId}:nodegroup/${input.clusterName}/${input.nodegroupName}/00000000-0000-0000-0000-000000000000`,
    },
  ],
};

const stackArn = (
  at: { region: string; accountId: string; partition: string },
  name: string,
) =>
  name.startsWith('arn:')
    ? name
    : `arn:${at.partition}:cloudformation:${at.region}:${at.accountId}:stack/${name}/00000000-0000-0000-0000-000000000000`;

const stackAction =
  (action: string): Mapper =>
  (input, at) =>
    [
      {
        action,
        resource: input.StackName ? stackArn(at, input.StackName) : '*',
      },
    ];

const CloudFormation: Record<string, Mapper> = {
  CreateStack: stackAction('cloudformation:CreateStack'),
  UpdateStack: stackAction('cloudformation:UpdateStack'),
  DeleteStack: stackAction('cloudformation:DeleteStack'),
  DescribeStacks: stackAction('cloudformation:DescribeStacks'),
  DescribeStackEvents: stackAction('cloudformation:DescribeStackEvents'),
};

const SSM: Record<string, Mapper> = {
  GetParameters: (input, at) =>
    (input.Names ?? []).map((name: string) => ({
      action: 'ssm:GetParameters',
      resource: `arn:${at.partition}:ssm:${at.region}:${
        at.accountId
      }:parameter/${name.replace(/^\//, '')}`,
    })),
};

const STS: Record<string, Mapper> = {
  // Needs no permission: every principal may ask who it is.
  GetCallerIdentity: () => [],
};

const SERVICES: Record<string, Record<string, Mapper>> = {
  S3,
  Batch,
  EKS,
  CloudFormation,
  SSM,
  STS,
};

/** The IAM requests one recorded call stands for. */
export function iamRequestsFor(call: AwsCall, arn: ArnContext): IamRequest[] {
  const mapper = SERVICES[call.service]?.[call.operation];
  if (!mapper) {
    throw new Error(
      `No IAM mapping for ${call.service} ${call.operation}: add it to iamRequests.ts so the call can be checked against our policies.`,
    );
  }
  return mapper(call.input, {
    region: call.region,
    accountId: arn.accountId,
    partition: arn.partition ?? 'aws',
  }).map(request => ({ ...request, context: request.context ?? {} }));
}
