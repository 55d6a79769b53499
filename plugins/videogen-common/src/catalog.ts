/**
 * `spec.type` of the catalog `Resource` entity that stands for one
 * video-generator environment.
 * @public
 */
export const ENVIRONMENT_ENTITY_TYPE = 'video-generator-environment';

/**
 * The name of the catalog `System` every environment belongs to.
 * @public
 */
export const VIDEO_GENERATOR_SYSTEM = 'video-generator';

/**
 * Annotation naming the videogen environment an entity represents; the
 * frontend's status cards read it to know which environment to show.
 * @public
 */
export const ANNOTATION_ENVIRONMENT = 'videogen.io/environment';

/** Annotation holding the environment's target (`local` or `aws`). @public */
export const ANNOTATION_TARGET = 'videogen.io/target';

/** Annotation holding the environment's AWS region (or `local`). @public */
export const ANNOTATION_REGION = 'videogen.io/region';

/**
 * The annotation the Kubernetes plugin uses to find an EKS cluster.
 * @public
 */
export const ANNOTATION_KUBERNETES_AWS_ID = 'kubernetes.io/x-k8s-aws-id';

/**
 * Events topic the videogen backend publishes to when an environment changes
 * (created, a Terraform run finished, destroyed). The catalog module
 * refreshes its entities on it.
 * @public
 */
export const ENVIRONMENTS_CHANGED_TOPIC = 'videogen.environments.changed';
