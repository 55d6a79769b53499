import { AppliedObject, applyManifests } from './applyManifests';
import { eksBearerToken, EksTokenCredentials } from './eksToken';

/** An EKS cluster and the manifests to apply to it. */
export type EksManifests = {
  clusterName: string;
  region: string;
  /** `https://...` URL of the cluster's API server. */
  endpoint: string;
  /** Base64-encoded PEM CA certificate of the API server. */
  caData: string;
  /** Multi-document YAML. */
  manifests: string;
  /** The AWS identity whose EKS access entry authorizes the apply. */
  credentials: EksTokenCredentials;
};

/**
 * Applies manifests to an EKS cluster as an AWS identity; throws
 * ManifestApplyError with a sentence naming the endpoint when it cannot.
 */
export interface EksManifestApplier {
  apply(
    target: EksManifests,
    onApplied: (object: AppliedObject) => void,
  ): Promise<AppliedObject[]>;
}

/**
 * The applier the run engine uses: a fresh EKS token (valid 60 s) for each
 * apply, then server-side apply with `@kubernetes/client-node`. The token
 * stays inside this function: it is neither returned nor logged.
 */
export const eksManifestApplier: EksManifestApplier = {
  async apply(target, onApplied) {
    const token = await eksBearerToken({
      clusterName: target.clusterName,
      region: target.region,
      credentials: target.credentials,
    });
    return applyManifests(
      { endpoint: target.endpoint, caData: target.caData, token },
      target.manifests,
      { onApplied },
    );
  },
};
