/**
 * The CloudFormation template of the Terraform state stack: one S3 bucket
 * that survives the stack (DeletionPolicy Retain), versioned, encrypted,
 * closed to the public and reachable only over TLS. Terraform's S3 backend
 * locks with a lock file in the same bucket (`use_lockfile`), so no DynamoDB
 * table is needed.
 */
export function stateBucketTemplate(): string {
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'Terraform state bucket of the video-generator environments (managed by Backstage)',
    Parameters: {
      BucketName: {
        Type: 'String',
        Default: '',
        Description:
          'Name of the state bucket; empty lets CloudFormation choose one.',
      },
      KmsKeyId: {
        Type: 'String',
        Default: '',
        Description: 'KMS key for SSE-KMS; empty uses SSE-S3 (AES256).',
      },
    },
    Conditions: {
      HasBucketName: {
        'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'BucketName' }, ''] }],
      },
      HasKmsKey: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'KmsKeyId' }, ''] }] },
    },
    Resources: {
      StateBucket: {
        Type: 'AWS::S3::Bucket',
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          BucketName: {
            'Fn::If': [
              'HasBucketName',
              { Ref: 'BucketName' },
              { Ref: 'AWS::NoValue' },
            ],
          },
          VersioningConfiguration: { Status: 'Enabled' },
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              {
                BucketKeyEnabled: true,
                ServerSideEncryptionByDefault: {
                  SSEAlgorithm: {
                    'Fn::If': ['HasKmsKey', 'aws:kms', 'AES256'],
                  },
                  KMSMasterKeyID: {
                    'Fn::If': [
                      'HasKmsKey',
                      { Ref: 'KmsKeyId' },
                      { Ref: 'AWS::NoValue' },
                    ],
                  },
                },
              },
            ],
          },
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
          OwnershipControls: {
            Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
          },
          LifecycleConfiguration: {
            Rules: [
              {
                Id: 'expire-old-state-versions',
                Status: 'Enabled',
                NoncurrentVersionExpiration: { NoncurrentDays: 90 },
                AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
              },
            ],
          },
        },
      },
      StateBucketPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: 'StateBucket' },
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'DenyInsecureTransport',
                Effect: 'Deny',
                Principal: '*',
                Action: 's3:*',
                Resource: [
                  { 'Fn::GetAtt': ['StateBucket', 'Arn'] },
                  { 'Fn::Sub': '${StateBucket.Arn}/*' },
                ],
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
            ],
          },
        },
      },
    },
    Outputs: {
      BucketName: {
        Description: 'Terraform state bucket',
        Value: { Ref: 'StateBucket' },
      },
    },
  };
  return JSON.stringify(template, null, 2);
}
