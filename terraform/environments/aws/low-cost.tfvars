# Smallest useful environment (demos, previews): one NAT gateway, one small
# system node, Spot capacity for jobs, one web instance, single-AZ database,
# disposable storage. Pass name, region, the two images and the origin's
# name with its certificate (web_origin_domain_name plus web_certificate_arn
# or route53_zone_id) on top, e.g.:
#   terraform plan -var-file=low-cost.tfvars -var=name=videogen-demo ...
# Two zones stay: EKS, RDS and the load balancer need them.

az_count           = 2
single_nat_gateway = true

node_instance_types     = ["t3.medium"]
node_group_min_size     = 1
node_group_max_size     = 2
node_group_desired_size = 1

worker_vcpus         = 1
worker_memory_mib    = 2048
batch_instance_types = ["c6i.large", "c5.large", "m6i.large"]
batch_compute_type   = "SPOT"
batch_max_vcpus      = 4

web_instance_type    = "t3.small"
web_min_size         = 1
web_max_size         = 2
web_desired_capacity = 1

db_instance_class        = "db.t4g.micro"
db_multi_az              = false
db_deletion_protection   = false
db_skip_final_snapshot   = true
db_backup_retention_days = 1

force_destroy_buckets  = true
storage_access_logging = false
