output "endpoint" {
  description = "Host name of the database (without port)."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "PostgreSQL port."
  value       = aws_db_instance.this.port
}

output "master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret (JSON with username and password) that RDS manages for the master user."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "db_name" {
  description = "Name of the application database."
  value       = aws_db_instance.this.db_name
}

output "username" {
  description = "Master user name."
  value       = aws_db_instance.this.username
}

output "security_group_id" {
  description = "Security group of the database."
  value       = aws_security_group.this.id
}

output "instance_arn" {
  description = "ARN of the DB instance."
  value       = aws_db_instance.this.arn
}

output "instance_identifier" {
  description = "Identifier of the DB instance."
  value       = aws_db_instance.this.identifier
}

output "final_snapshot_identifier" {
  description = "Name of the snapshot RDS takes when the instance is deleted (<name>-final-<creation time, UTC>), or null with skip_final_snapshot."
  value       = aws_db_instance.this.final_snapshot_identifier
}

output "deletion_protection" {
  description = "Whether RDS refuses to delete the instance."
  value       = aws_db_instance.this.deletion_protection
}
