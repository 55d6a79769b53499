import { useApi } from '@backstage/core-plugin-api';
import { Run } from '@videogen/plugin-videogen-common';
import { useEffect, useState } from 'react';
import { videogenApiRef } from '../../api';
import {
  useEnvironmentReadPermission,
  useTerraformData,
  useTerraformPermissions,
} from '../../hooks/useEnvironmentData';
import { useRunLog } from '../../hooks/useRunLog';
import { isActiveRun, TerraformCard } from './TerraformCard';

/** The Terraform card wired to the API: runs, log, permissions, actions. */
export const TerraformPanel = (props: { environment: string }) => {
  const { environment } = props;
  const api = useApi(videogenApiRef);
  const read = useEnvironmentReadPermission();
  const data = useTerraformData(environment, read.allowed);
  const permissions = useTerraformPermissions();
  const [chosenRunId, setChosenRunId] = useState<string>();

  const runs = data.value?.runs;
  // Unless the user picked one, follow the active run, else the latest.
  const fallback = runs?.find(r => isActiveRun(r.status)) ?? runs?.[0];
  const selectedRunId =
    chosenRunId && runs?.some(r => r.id === chosenRunId)
      ? chosenRunId
      : fallback?.id;
  const log = useRunLog(selectedRunId, environment);

  useEffect(() => setChosenRunId(undefined), [environment]);

  // A finished log means the run's record changed too.
  const { refresh } = data;
  useEffect(() => {
    if (log.complete) refresh();
  }, [log.complete, refresh]);

  const afterAction = async (action: Promise<Run | undefined>) => {
    const run = await action;
    if (run?.id) setChosenRunId(run.id);
    refresh();
  };

  return (
    <TerraformCard
      environment={data.value?.environment}
      runs={runs}
      updatedAt={data.updatedAt}
      loading={read.loading || data.loading}
      error={data.error}
      denied={read.denied}
      selectedRunId={selectedRunId}
      onSelectRun={setChosenRunId}
      log={selectedRunId ? log : undefined}
      permissions={permissions}
      onPlan={() =>
        afterAction(api.startRun(environment, { operation: 'plan' }))
      }
      onApprove={run => afterAction(api.approveRun(run.id))}
      onCancelRun={run => afterAction(api.cancelRun(run.id))}
      onForceUnlock={async lockId => {
        await api.forceUnlock(environment, lockId);
        refresh();
      }}
      onDestroy={options =>
        afterAction(
          api.startRun(environment, { operation: 'destroy', ...options }),
        )
      }
    />
  );
};
